// The user's selection, shared by every page of the portal (kept in localStorage): the layers
// on the map, the area, the dates, the variables, the depth and the output format. The map
// writes it; the order form, the API request and the compute forms read it.

const KEY = "opendias.selection";
const EVENT = "opendias:selection";

const EMPTY = { layers: [], bbox: null, datetime: null, variables: [], depth: null,
                format: null };

/** The selection: {layers, bbox, datetime, variables, depth, format} (a copy). */
export function getSelection() {
  try {
    return { ...EMPTY, ...JSON.parse(localStorage.getItem(KEY) ?? "{}") };
  } catch {
    return { ...EMPTY };
  }
}

/** Change some members of the selection; every listener (this page, other tabs) hears it. */
export function setSelection(patch) {
  const next = { ...getSelection(), ...patch };
  localStorage.setItem(KEY, JSON.stringify(next));
  window.dispatchEvent(new CustomEvent(EVENT, { detail: next }));
  return next;
}

/** Call fn(selection) whenever the selection changes (here or in another tab). */
export function onSelection(fn) {
  const local = (e) => fn(e.detail);
  const other = (e) => { if (e.key === KEY) fn(getSelection()); };
  window.addEventListener(EVENT, local);
  window.addEventListener("storage", other);
  return () => { window.removeEventListener(EVENT, local); window.removeEventListener("storage", other); };
}

/** Add a layer ({collection, variable, title...}) unless it is there; return the selection. */
export function addLayer(layer) {
  const sel = getSelection();
  const name = layer.layer ?? `${layer.collection}/${layer.variable}`;
  if (sel.layers.some((l) => l.layer === name)) return sel;
  const full = { opacity: 0.8, visible: true, colorscalerange: null, time: null,
                 elevation: null, ...layer, layer: name };
  return setSelection({ layers: [...sel.layers, full] });
}

/** Change one layer's members (by its WMS name). */
export function updateLayer(name, patch) {
  const sel = getSelection();
  return setSelection({ layers: sel.layers.map((l) => (l.layer === name ? { ...l, ...patch } : l)) });
}

export function removeLayer(name) {
  const sel = getSelection();
  return setSelection({ layers: sel.layers.filter((l) => l.layer !== name) });
}
