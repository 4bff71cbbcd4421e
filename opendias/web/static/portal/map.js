// Map: the layers of the selection as WMS layers of this service over the offline basemap,
// the layers panel (visibility, opacity, order, remove, legend, colour range, time, depth),
// the value under a click, and the order / API request / jobs sections of the panel.
import { url } from "./api.js";
import { fill, h, say } from "./dom.js";
import { drawBox } from "./draw.js";
import { mountJobs } from "./jobs-panel.js";
import { mountOrder } from "./order.js";
import { getSelection, onSelection, removeLayer, setSelection, updateLayer } from "./selection.js";
import { dimensionParams, legendUrl, valueAt, wmsLayers } from "./wms.js";

const L = window.L;
const el = document.getElementById("map");
const panel = document.getElementById("panel");
const map = L.map(el, { worldCopyJump: true, keyboard: true }).setView([40, 10], 4);
map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
window.opendiasBasemap(el.dataset.basemapTiles, el.dataset.basemapAttribution).addTo(map);
el.dataset.ready = "map";

const layersBox = h("section", { "aria-labelledby": "layers-h" });
const orderBox = h("section", { "aria-labelledby": "order-h" });
const jobsBox = h("section", { "aria-labelledby": "jobs-h" });
panel.append(layersBox, orderBox, jobsBox);

const shown = new Map();   // layer name -> L.TileLayer.WMS
let info = {};             // WMS capabilities' layers

function syncLegends(sel) {
  for (const l of sel.layers) {
    const img = layersBox.querySelector(`li[data-layer="${CSS.escape(l.layer)}"] img.legend`);
    const src = legendUrl(l.layer, l.colorscalerange);
    if (img && img.getAttribute("src") !== src) img.setAttribute("src", src);
  }
}

function syncMap(sel) {
  const wanted = new Set(sel.layers.map((l) => l.layer));
  for (const [name, layer] of shown) {
    if (!wanted.has(name)) { map.removeLayer(layer); shown.delete(name); }
  }
  sel.layers.forEach((l, i) => {
    const params = dimensionParams(l);
    let layer = shown.get(l.layer);
    if (!layer) {
      layer = L.tileLayer.wms(url("/wms"), { layers: l.layer, styles: "", format: "image/png",
        transparent: true, version: "1.3.0", tileSize: 512, ...params });
      shown.set(l.layer, layer);
    } else {
      const now = layer.wmsParams;
      const changed = ["TIME", "ELEVATION", "COLORSCALERANGE"].some((k) => (now[k] ?? "") !== (params[k] ?? ""));
      if (changed) {
        for (const k of ["TIME", "ELEVATION", "COLORSCALERANGE"]) delete now[k];
        layer.setParams(params);
      }
    }
    layer.setOpacity(l.opacity ?? 0.8);
    layer.setZIndex(10 + i);
    if (l.visible === false) map.removeLayer(layer); else if (!map.hasLayer(layer)) layer.addTo(map);
  });
}

function move(name, by) {
  const layers = [...getSelection().layers];
  const i = layers.findIndex((l) => l.layer === name);
  const j = i + by;
  if (i < 0 || j < 0 || j >= layers.length) return;
  [layers[i], layers[j]] = [layers[j], layers[i]];
  setSelection({ layers });
}

function layerCard(l, index, count) {
  const meta = info[l.layer] ?? {};
  const id = l.layer.replace(/[^A-Za-z0-9]/g, "_");
  const times = meta.times ?? [];
  const range = l.colorscalerange ?? meta.range;
  const controls = [];
  if (times.length > 1) {
    const at = Math.max(0, times.indexOf(l.time ?? meta.defaultTime ?? times[times.length - 1]));
    const label = h("output", { id: `${id}-t-out`, for: `${id}-t` }, times[at]);
    const slider = h("input", { type: "range", id: `${id}-t`, min: 0, max: times.length - 1,
                                step: 1, value: at, class: "time-slider",
                                "aria-valuetext": times[at] });
    slider.addEventListener("input", () => { label.textContent = times[slider.value]; slider.setAttribute("aria-valuetext", times[slider.value]); });
    slider.addEventListener("change", () => updateLayer(l.layer, { time: times[slider.value] }));
    controls.push(h("div", { class: "field" }, h("label", { for: `${id}-t` }, "Time"), slider, label));
  }
  if ((meta.elevations ?? []).length > 1) {
    const select = h("select", { id: `${id}-z`, class: "depth-select" }, meta.elevations.map((z) =>
      h("option", { value: z, selected: String(z) === String(l.elevation ?? meta.elevations[0]) },
        `${z} ${meta.elevationUnits}`)));
    select.addEventListener("change", () => updateLayer(l.layer, { elevation: Number(select.value) }));
    controls.push(h("div", { class: "field" }, h("label", { for: `${id}-z` }, "Depth"), select));
  }
  const opacity = h("input", { type: "range", id: `${id}-o`, min: 0, max: 1, step: 0.05,
                               value: l.opacity ?? 0.8 });
  opacity.addEventListener("input", () => shown.get(l.layer)?.setOpacity(Number(opacity.value)));
  opacity.addEventListener("change", () => updateLayer(l.layer, { opacity: Number(opacity.value) }));
  controls.push(h("div", { class: "field" }, h("label", { for: `${id}-o` }, "Opacity"), opacity));
  const lo = h("input", { type: "number", id: `${id}-lo`, step: "any", value: range?.[0] ?? "", size: 6 });
  const hi = h("input", { type: "number", id: `${id}-hi`, step: "any", value: range?.[1] ?? "", size: 6 });
  const applyRange = () => {
    const a = Number(lo.value), b = Number(hi.value);
    if (lo.value !== "" && hi.value !== "" && a < b) updateLayer(l.layer, { colorscalerange: [a, b] });
  };
  lo.addEventListener("change", applyRange);
  hi.addEventListener("change", applyRange);
  controls.push(h("fieldset", {}, h("legend", {}, "Colour range"), h("div", { class: "row" },
    h("div", { class: "field" }, h("label", { for: `${id}-lo` }, "Min"), lo),
    h("div", { class: "field" }, h("label", { for: `${id}-hi` }, "Max"), hi))));
  const visible = h("input", { type: "checkbox", id: `${id}-v`, checked: l.visible !== false });
  visible.addEventListener("change", () => updateLayer(l.layer, { visible: visible.checked }));
  const btn = (text, label, fn, disabled) => h("button", { type: "button", class: "small secondary",
    "aria-label": `${label} ${l.title ?? l.layer}`, onclick: fn, disabled }, text);
  return h("li", { class: "layer", "data-layer": l.layer },
    h("header", {}, visible, h("label", { for: `${id}-v` }, h("strong", {}, meta.title ?? l.layer)),
      btn("↑", "Move up", () => move(l.layer, 1), index === count - 1),
      btn("↓", "Move down", () => move(l.layer, -1), index === 0),
      btn("✕", "Remove", () => removeLayer(l.layer))),
    h("p", { class: "summary" }, h("code", {}, l.layer)),
    controls,
    h("img", { class: "legend", src: legendUrl(l.layer, l.colorscalerange), alt: `Legend of ${meta.title ?? l.layer}` }));
}

let rendered = null;
function renderLayers(sel) {
  const layers = sel.layers;
  // the cards are made again only when the layers or their order change: a control the
  // user moves keeps its focus (and already shows its value)
  const key = JSON.stringify([layers.map((l) => [l.layer, l.time === null]), Object.keys(info).length]);
  if (key === rendered) return;
  rendered = key;
  fill(layersBox, h("h2", { id: "layers-h" }, "Layers"),
    layers.length ? h("ol", { class: "plain", reversed: true }, [...layers].reverse()
      .map((l) => layerCard(l, layers.indexOf(l), layers.length)))
      : h("p", {}, "No layer yet: ", h("a", { href: url("/portal/") }, "find a dataset"), " and add it to the map."));
}

map.on("click", async (e) => {
  const sel = getSelection();
  const top = [...sel.layers].reverse().find((l) => l.visible !== false);
  if (!top || drawing.active || drawing.justDrew) return;
  const { lng, lat } = e.latlng.wrap();
  const popup = L.popup().setLatLng(e.latlng).setContent("Reading the value…").openOn(map);
  try {
    const v = await valueAt(top, lng, lat);
    const value = v.value === null ? "no data here" : `${Number(v.value).toPrecision(5)} ${v.units ?? ""}`;
    const rows = [[v.long_name ?? v.variable, value], ["time", v.time], ["depth", v.elevation !== null ? `${v.elevation} ${v.elevation_units ?? ""}` : null],
                  ["at", `${v.lon.toFixed(3)}, ${v.lat.toFixed(3)}`]].filter(([, x]) => x);
    const box = h("div", { class: "gfi" }, h("table", {}, rows.map(([k, x]) => h("tr", {}, h("th", { scope: "row" }, k), h("td", {}, x)))));
    popup.setContent(box);
  } catch (err) {
    popup.setContent(`No value here: ${err.message}`);
  }
});

const drawing = drawBox(map, (bbox) => setSelection({ bbox }));

function render(sel) {
  syncMap(sel);
  renderLayers(sel);
  syncLegends(sel);
  drawing.show(sel.bbox);
}

onSelection(render);
mountOrder(orderBox, { map, drawing });
mountJobs(jobsBox, { heading: "h2", limit: 5 });
wmsLayers().then((layers) => {
  info = layers;
  const sel = getSelection();
  // a layer added from Find starts at its last time step and first depth
  const patched = sel.layers.map((l) => ({ ...l,
    time: l.time ?? layers[l.layer]?.defaultTime ?? null,
    elevation: l.elevation ?? (layers[l.layer]?.elevations?.[0] ?? null) }));
  const bounds = sel.layers.map((l) => layers[l.layer]?.bbox).filter(Boolean);
  if (bounds.length) {
    const [w, s, e, n] = bounds[bounds.length - 1];
    map.fitBounds([[s, w], [n, e]]);
  }
  setSelection({ layers: patched });
  el.dataset.ready = "layers";
}).catch((err) => say(layersBox, `The WMS capabilities cannot be read: ${err.message}`, "error"));
render(getSelection());
