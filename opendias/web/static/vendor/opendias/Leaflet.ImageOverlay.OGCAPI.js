/*
 * L.imageOverlay.ogcapi(baseUrl, options): an OGC API - Maps image of one collection, as
 * pygeoapi's collection page calls it:
 *
 *     L.imageOverlay.ogcapi(baseUrl, {collection: "id", bounds: latLngBounds, opacity: .7})
 *
 * Written for opendias (Apache-2.0): the leaflet-imageoverlay-ogcapi@0.1.0 package that
 * pygeoapi's template loads from unpkg.com is not published on npm. The image covers
 * options.bounds and is asked in the map's CRS (Web Mercator by default) with a bbox in that
 * CRS, so that it lines up with the base map; options.width sets its width in pixels.
 */
(function (L) {
  "use strict";
  if (!L || !L.ImageOverlay) {
    return;
  }
  var WORLD = [[-85.0511, -180], [85.0511, 180]];
  var MAX_SIZE = 4096;

  L.ImageOverlay.OGCAPI = L.ImageOverlay.extend({
    options: {
      collection: null,
      crs: L.CRS.EPSG3857,
      width: 1024,
      format: "png",
      transparent: true
    },

    initialize: function (baseUrl, options) {
      options = L.extend({}, this.options, options);
      var bounds = L.latLngBounds(options.bounds || WORLD);
      this._baseUrl = String(baseUrl).replace(/\/+$/, "");
      L.ImageOverlay.prototype.initialize.call(this, this._mapUrl(bounds, options),
                                               bounds, options);
    },

    _mapUrl: function (bounds, options) {
      var crs = options.crs;
      var sw = crs.project(bounds.getSouthWest());
      var ne = crs.project(bounds.getNorthEast());
      var width = Math.max(1, Math.min(MAX_SIZE, Math.round(options.width)));
      var height = Math.max(1, Math.min(MAX_SIZE,
                                        Math.round(width * (ne.y - sw.y) / (ne.x - sw.x))));
      var code = crs.code === "EPSG:4326" ? "CRS:84" : crs.code;
      var params = {
        crs: code,
        "bbox-crs": code,
        bbox: [sw.x, sw.y, ne.x, ne.y].join(","),
        width: width,
        height: height,
        transparent: options.transparent === false ? "false" : "true",
        f: options.format
      };
      return this._baseUrl + "/collections/" + encodeURIComponent(options.collection) +
             "/map" + L.Util.getParamString(params);
    }
  });

  L.imageOverlay.ogcapi = function (baseUrl, options) {
    return new L.ImageOverlay.OGCAPI(baseUrl, options);
  };
}(window.L));
