// The catalogue's records (OGC API - Records, /collections/catalogue/items) and the service's
// own WMS pictures of them: shared by the Find page, the dataset page and the map.
import { api, url } from "./api.js";

export const FACETS = [
  ["service", "Copernicus service"], ["area", "Area"], ["time_category", "Time"],
  ["tags", "Tags"], ["centre", "Originating centre"], ["policy", "Data policy"],
];

/** One page of records: {features, numberMatched, facets}. */
export function searchRecords(params) {
  return api("/collections/catalogue/items", { query: { f: "json", ...params } });
}

/** One dataset's record. */
export function getRecord(id) {
  return api(`/collections/catalogue/items/${encodeURIComponent(id)}`, { query: { f: "json" } });
}

/** The record's WGS84 bbox [w, s, e, n], or null. */
export function recordBbox(record) {
  return record?.properties?.extents?.spatial?.bbox?.[0] ?? null;
}

/** A GetMap URL of the service's WMS picturing a layer over a bbox (width px wide). */
export function quicklookUrl(layer, bbox, width = 240, extra = {}) {
  const [w, s, e, n] = bbox;
  const height = Math.max(40, Math.min(360, Math.round(width * (n - s) / Math.max(e - w, 1e-9))));
  return url("/wms", { SERVICE: "WMS", VERSION: "1.3.0", REQUEST: "GetMap", LAYERS: layer,
                       STYLES: "", CRS: "CRS:84", BBOX: [w, s, e, n].join(","), WIDTH: width,
                       HEIGHT: height, FORMAT: "image/png", TRANSPARENT: "TRUE", ...extra });
}

/** The layer a dataset is first shown with: its first variable. */
export function defaultLayer(record) {
  const variable = record.properties?.variables?.[0]?.name;
  return variable ? { collection: record.id, variable, layer: `${record.id}/${variable}`,
                      title: record.properties.title } : null;
}
