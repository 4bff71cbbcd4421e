// A job's gridded result on a map: the picture the service renders of it (GET
// /jobs/{id}/results/map, placed by its Content-Bbox) over the portal's basemap (offline by
// default: window.opendiasBasemap of /vendor/opendias/basemap.js). Leaflet and that script
// are loaded by the page.
import { api, url } from "./api.js";
import { fill, h } from "./dom.js";

/** Show the map of job `jobId`'s NetCDF result `link` in `box`. */
export async function showResultMap(box, jobId, link) {
  const L = window.L;
  const root = document.getElementById("compute");
  const mapDiv = h("div", { class: "result-map", id: "result-map", role: "region",
                            "aria-label": "Map of the result" });
  const caption = h("p", { class: "hint" });
  fill(box, h("h3", {}, "The result on the map"), mapDiv, caption);
  const resp = await api(`/jobs/${encodeURIComponent(jobId)}/results/map`,
                         { query: { width: 768 }, raw: true, headers: { Accept: "image/png" } });
  const [west, south, east, north] = resp.headers.get("Content-Bbox").split(",").map(Number);
  const picture = URL.createObjectURL(await resp.blob());
  const map = L.map(mapDiv, { attributionControl: true, zoomSnap: 0.25 });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  const bounds = [[south, west], [north, east]];
  map.fitBounds(bounds, { padding: [10, 10] });  // a view first: the basemap draws on it
  window.opendiasBasemap(root.dataset.basemapTiles, root.dataset.basemapAttribution).addTo(map);
  L.imageOverlay(picture, bounds, { opacity: 0.9, alt: "The result's values" }).addTo(map);
  const range = resp.headers.get("X-Opendias-Colorscalerange");
  fill(caption, `${link.href.split("?")[0].split("/").pop()}: west ${west}, south ${south}, `,
       `east ${east}, north ${north}${range ? `; colour range ${range}` : ""}. `,
       h("a", { href: url(`/jobs/${encodeURIComponent(jobId)}/results/map`, { f: "png" }) }, "The picture alone"));
  box.dataset.bbox = [west, south, east, north].join(",");
  box.resultMap = map;
  return map;
}
