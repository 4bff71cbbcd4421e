// The service's WMS as the map reads it: its capabilities (layers, their time steps, depths,
// default colour ranges), legends and the value under a click (GetFeatureInfo).
import { url } from "./api.js";

let capabilities = null;

function expandTimes(text) {
  const out = [];
  for (const part of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [start, end, period] = part.split("/");
    if (!end) { out.push(start); continue; }
    const m = /^PT?(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?/.exec(period ?? "");
    const step = m ? ((+m[1] || 0) * 86400 + (+m[2] || 0) * 3600 + (+m[3] || 0) * 60) * 1000 : 0;
    if (!step) { out.push(start, end); continue; }
    for (let t = Date.parse(start); t <= Date.parse(end) && out.length < 5000; t += step) {
      out.push(new Date(t).toISOString().replace(".000Z", "Z"));
    }
  }
  return out;
}

/** {layer name: {name, title, abstract, times, elevations, elevationUnits, range, bbox}}. */
export async function wmsLayers() {
  if (!capabilities) {
    capabilities = fetch(url("/wms", { SERVICE: "WMS", REQUEST: "GetCapabilities", VERSION: "1.3.0" }),
                         { credentials: "same-origin" })
      .then((r) => { if (!r.ok) throw new Error(`WMS capabilities: HTTP ${r.status}`); return r.text(); })
      .then((text) => {
        const doc = new DOMParser().parseFromString(text, "application/xml");
        const layers = {};
        for (const el of doc.getElementsByTagName("Layer")) {
          const name = [...el.children].find((c) => c.localName === "Name")?.textContent;
          if (!name || !name.includes("/")) continue;
          const child = (tag) => [...el.children].filter((c) => c.localName === tag);
          const dims = Object.fromEntries(child("Dimension").map((d) => [d.getAttribute("name"), d]));
          const style = child("Style")[0];
          const abstract = style ? [...style.children].find((c) => c.localName === "Abstract")?.textContent ?? "" : "";
          const range = /default colour range (-?[\d.e+-]+) to (-?[\d.e+-]+)/.exec(abstract);
          const geo = child("EX_GeographicBoundingBox")[0];
          const num = (tag) => Number([...geo.children].find((c) => c.localName === tag).textContent);
          layers[name] = {
            name,
            title: child("Title")[0]?.textContent ?? name,
            times: dims.time ? expandTimes(dims.time.textContent) : [],
            defaultTime: dims.time?.getAttribute("default") ?? null,
            elevations: dims.elevation ? dims.elevation.textContent.split(",").map(Number) : [],
            elevationUnits: dims.elevation?.getAttribute("units") ?? "",
            range: range ? [Number(range[1]), Number(range[2])] : null,
            bbox: geo ? [num("westBoundLongitude"), num("southBoundLatitude"),
                         num("eastBoundLongitude"), num("northBoundLatitude")] : null,
          };
        }
        return layers;
      });
  }
  return capabilities;
}

/** The legend picture of a layer (with its colour range). */
export function legendUrl(layer, range) {
  return url("/wms", { SERVICE: "WMS", VERSION: "1.3.0", REQUEST: "GetLegendGraphic",
                       FORMAT: "image/png", LAYER: layer,
                       COLORSCALERANGE: range ? range.join(",") : undefined });
}

/** The WMS parameters of a selection's layer (TIME, ELEVATION, COLORSCALERANGE). */
export function dimensionParams(layer) {
  const p = {};
  if (layer.time) p.TIME = layer.time;
  if (layer.elevation !== null && layer.elevation !== undefined) p.ELEVATION = String(layer.elevation);
  if (layer.colorscalerange) p.COLORSCALERANGE = layer.colorscalerange.join(",");
  return p;
}

/** The value of a layer at a longitude/latitude: the GeoJSON feature's properties. */
export async function valueAt(layer, lon, lat) {
  const d = 1e-4;
  const query = { SERVICE: "WMS", VERSION: "1.3.0", REQUEST: "GetFeatureInfo", LAYERS: layer.layer,
                  QUERY_LAYERS: layer.layer, STYLES: "", CRS: "CRS:84",
                  BBOX: [lon - d, lat - d, lon + d, lat + d].join(","), WIDTH: 3, HEIGHT: 3,
                  I: 1, J: 1, INFO_FORMAT: "application/json", ...dimensionParams(layer) };
  delete query.COLORSCALERANGE;
  const resp = await fetch(url("/wms", query), { credentials: "same-origin" });
  const text = await resp.text();
  if (!resp.ok) {
    const m = /<ServiceException[^>]*>([^<]*)</.exec(text);
    throw new Error(m ? m[1].trim() : `HTTP ${resp.status}`);
  }
  return JSON.parse(text).features[0].properties;
}
