/* The basemap of opendias' maps (the portal's and pygeoapi's pages), offline by default.
 *
 *   opendiasBasemap(tileUrl, attribution) -> a Leaflet layer
 *
 * tileUrl empty: Natural Earth's countries (world-atlas 110m, TopoJSON, vendored from npm and
 * served by the service at /vendor/) drawn as vector polygons; the TopoJSON reader
 * (topojson-client, vendored too) is loaded when first needed. tileUrl given (the operator's
 * OPENDIAS_BASEMAP_TILES): a tile layer of that server. Needs Leaflet (window.L) when called.
 * Written for opendias (Apache-2.0); a classic script: it defines one global function.
 */
(function () {
  "use strict";
  var here = (document.currentScript && document.currentScript.src) || "";
  var vendor = here.replace(/\/opendias\/basemap\.js(\?.*)?$/, "");
  var TOPOJSON = vendor + "/topojson-client/3.1.0/dist/topojson-client.min.js";
  var COUNTRIES = vendor + "/world-atlas/2.0.2/countries-110m.json";
  var ATTRIBUTION = "Natural Earth (public domain), via world-atlas";
  var loaded = null;

  function script(src) {
    return new Promise(function (resolve, reject) {
      if (window.topojson) { resolve(); return; }
      var el = document.createElement("script");
      el.src = src;
      el.onload = function () { resolve(); };
      el.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(el);
    });
  }

  function countries() {
    if (!loaded) {
      loaded = Promise.all([script(TOPOJSON), fetch(COUNTRIES).then(function (r) {
        if (!r.ok) { throw new Error("basemap: " + COUNTRIES + " answered " + r.status); }
        return r.json();
      })]).then(function (parts) {
        var topo = parts[1];
        return {
          land: window.topojson.feature(topo, topo.objects.countries),
          borders: window.topojson.mesh(topo, topo.objects.countries,
                                        function (a, b) { return a !== b; })
        };
      });
    }
    return loaded;
  }

  window.opendiasBasemap = function (tileUrl, attribution) {
    var L = window.L;
    if (tileUrl) {
      return L.tileLayer(tileUrl, { maxZoom: 18, attribution: attribution || "" });
    }
    var group = L.layerGroup();
    group.getAttribution = function () { return ATTRIBUTION; };
    var pane = null;
    group.on("add", function (e) {
      var map = e.target._map || group._map;
      if (map && !map.getContainer().style.background) {
        map.getContainer().style.background = "#b9d3e6";  // the sea
      }
      if (map && !map.getPane("basemap")) {
        pane = map.createPane("basemap");
        pane.style.zIndex = 150;  // below the tile pane (200): data layers cover it
      }
      countries().then(function (geo) {
        group.addLayer(L.geoJSON(geo.land, { pane: "basemap", interactive: false,
          style: { color: "#8a9aa8", weight: 0.6, fillColor: "#eceae4", fillOpacity: 1 } }));
        group.addLayer(L.geoJSON(geo.borders, { pane: "basemap", interactive: false,
          style: { color: "#9aa6b0", weight: 0.6, fill: false } }));
      }).catch(function (err) { if (window.console) { console.warn(String(err)); } });
    });
    return group;
  };
}());
