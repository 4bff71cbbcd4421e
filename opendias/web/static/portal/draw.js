// A bounding box drawn on the map by dragging (a few lines of our own instead of a plugin):
// drawBox(map, onDone) -> {active, start(), stop(), show(bbox)}; onDone([w, s, e, n]).
const L = window.L;

const round = (x) => Math.round(x * 1000) / 1000;

export function drawBox(map, onDone) {
  let rect = null;
  let origin = null;
  const state = { active: false };
  const container = map.getContainer();

  const bboxOf = (a, b) => [round(Math.min(a.lng, b.lng)), round(Math.min(a.lat, b.lat)),
                            round(Math.max(a.lng, b.lng)), round(Math.max(a.lat, b.lat))];

  function down(e) {
    origin = e.latlng;
    if (rect) rect.setBounds(L.latLngBounds(origin, origin));
    else rect = L.rectangle(L.latLngBounds(origin, origin), { color: "#f0a400", weight: 2, fillOpacity: 0.08, interactive: false }).addTo(map);
  }
  function moved(e) {
    if (origin) rect.setBounds(L.latLngBounds(origin, e.latlng));
  }
  function up(e) {
    if (!origin) return;
    const bbox = bboxOf(origin, e.latlng);
    origin = null;
    stop();
    state.justDrew = true;  // the click that ends a drag is not a click on the map
    setTimeout(() => { state.justDrew = false; }, 0);
    if (bbox[0] < bbox[2] && bbox[1] < bbox[3]) onDone(bbox);
  }
  function start() {
    state.active = true;
    map.closePopup();  // it fades out for a moment: let the drag pass through it
    map.getPane("popupPane").style.pointerEvents = "none";
    map.dragging.disable();
    map.boxZoom.disable();
    container.classList.add("draw-box");
    map.on("mousedown", down).on("mousemove", moved).on("mouseup", up);
  }
  function stop() {
    state.active = false;
    map.getPane("popupPane").style.pointerEvents = "";
    map.dragging.enable();
    map.boxZoom.enable();
    container.classList.remove("draw-box");
    map.off("mousedown", down).off("mousemove", moved).off("mouseup", up);
  }
  function show(bbox) {
    if (!bbox) { if (rect) { map.removeLayer(rect); rect = null; } return; }
    const bounds = L.latLngBounds([bbox[1], bbox[0]], [bbox[3], bbox[2]]);
    if (rect) rect.setBounds(bounds);
    else rect = L.rectangle(bounds, { color: "#f0a400", weight: 2, fillOpacity: 0.08, interactive: false }).addTo(map);
  }
  return Object.assign(state, { start, stop, show });
}
