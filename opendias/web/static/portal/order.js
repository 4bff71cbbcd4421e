// Order: the area, dates, variables, depth and format of a subset of a dataset on the map,
// its estimate (POST /processes/subset/costing) before ordering, "Request data" (an
// asynchronous job: POST /processes/subset/execution), and its API request.
import { api } from "./api.js";
import { mountApiRequest } from "./apirequest.js";
import { getRecord } from "./catalogue.js";
import { bytes, fill, h, say } from "./dom.js";
import { getSelection, onSelection, setSelection } from "./selection.js";
import { wmsLayers } from "./wms.js";

let formats = null;
async function subsetFormats() {
  formats ??= api("/processes/subset", { query: { f: "json" } })
    .then((d) => d.inputs.format.schema.enum).catch(() => ["netcdf"]);
  return formats;
}

/** The subset inputs of the selection for one dataset (what the order requests). */
export function orderInputs(sel, dataset) {
  const inputs = { dataset };
  if (sel.bbox) inputs.bbox = sel.bbox;
  if (sel.datetime?.[0] && sel.datetime?.[1]) inputs.datetime = `${sel.datetime[0]}T00:00:00Z/${sel.datetime[1]}T23:59:59Z`;
  if (sel.variables?.length) inputs.variables = sel.variables;
  if (sel.depth) inputs.depth = sel.depth;
  inputs.format = sel.format ?? "netcdf";
  return inputs;
}

export function mountOrder(box, { drawing }) {
  let dataset = null;
  let timer = null;
  let token = 0;
  const estimate = h("p", { class: "summary", id: "estimate", "aria-live": "polite" });
  const outcome = h("p", { id: "order-outcome", "aria-live": "polite" });
  const request = h("button", { type: "button", id: "request-data", disabled: true }, "Request data");
  const apiBox = h("details", { id: "api-request" }, h("summary", {}, "Show API request"));
  const form = h("form", { id: "order", novalidate: true });
  const refreshApi = mountApiRequest(apiBox);

  async function build() {
    const sel = getSelection();
    const collections = [...new Set(sel.layers.map((l) => l.collection))];
    if (!collections.length) {
      fill(box, h("h2", { id: "order-h" }, "Order data"), h("p", {}, "Add a layer to the map to order its data."));
      return;
    }
    if (!collections.includes(dataset)) dataset = collections[collections.length - 1];
    const [record, layers, fmts] = await Promise.all([getRecord(dataset), wmsLayers(), subsetFormats()]);
    const layerInfo = Object.values(layers).find((l) => l.name.startsWith(`${dataset}/`)) ?? {};
    const times = layerInfo.times ?? [];
    const first = times[0]?.slice(0, 10), last = times[times.length - 1]?.slice(0, 10);
    const variables = (record.properties.variables ?? []).map((v) => v.name);
    const chosenVars = (sel.variables ?? []).filter((v) => variables.includes(v));
    const z = layerInfo.elevations ?? [];
    const num = (id, label, value) => h("div", { class: "field" }, h("label", { for: id }, label),
      h("input", { type: "number", id, step: "any", value: value ?? "", inputmode: "decimal" }));
    const date = (id, label, value) => h("div", { class: "field" }, h("label", { for: id }, label),
      h("input", { type: "date", id, min: first, max: last, value: value ?? "" }));
    const depthSel = (id, label, value) => h("div", { class: "field" }, h("label", { for: id }, label),
      h("select", { id }, z.map((d) => h("option", { value: d, selected: Number(value) === d }, `${d} ${layerInfo.elevationUnits}`))));
    fill(form,
      collections.length > 1 ? h("div", { class: "field" }, h("label", { for: "o-dataset" }, "Dataset"),
        h("select", { id: "o-dataset" }, collections.map((c) => h("option", { value: c, selected: c === dataset }, c)))) :
        h("p", {}, "Dataset ", h("code", {}, dataset)),
      h("fieldset", {}, h("legend", {}, "Area (longitude, latitude)"),
        h("div", { class: "row" }, num("o-west", "West", sel.bbox?.[0]), num("o-south", "South", sel.bbox?.[1]),
          num("o-east", "East", sel.bbox?.[2]), num("o-north", "North", sel.bbox?.[3])),
        h("div", { class: "actions" },
          h("button", { type: "button", class: "secondary small", id: "draw-box", onclick: () => drawing.start() }, "Draw a box on the map"),
          h("button", { type: "button", class: "secondary small", onclick: () => setSelection({ bbox: null }) }, "Whole dataset"))),
      times.length ? h("fieldset", {}, h("legend", {}, `Dates (${first} to ${last})`),
        h("div", { class: "row" }, date("o-start", "From", sel.datetime?.[0]), date("o-end", "To", sel.datetime?.[1]))) : null,
      h("fieldset", {}, h("legend", {}, "Variables"), variables.map((v) => h("label", { class: "check" },
        h("input", { type: "checkbox", name: "variable", value: v, checked: chosenVars.includes(v) }), " ", v, " "))),
      z.length > 1 ? h("fieldset", {}, h("legend", {}, "Depth range"), h("div", { class: "row" },
        depthSel("o-zmin", "From", sel.depth?.[0] ?? z[0]), depthSel("o-zmax", "To", sel.depth?.[1] ?? z[0]))) : null,
      h("div", { class: "field" }, h("label", { for: "o-format" }, "Format"),
        h("select", { id: "o-format" }, fmts.map((f) => h("option", { value: f, selected: f === (sel.format ?? "netcdf") }, f)))));
    fill(box, h("h2", { id: "order-h" }, "Order data"), form, estimate,
         h("div", { class: "actions" }, request), outcome, apiBox);
    costNow();
  }

  function read() {
    const val = (id) => form.querySelector(`#${id}`)?.value ?? "";
    const bbox = ["o-west", "o-south", "o-east", "o-north"].map(val);
    const datasetSel = form.querySelector("#o-dataset");
    if (datasetSel) dataset = datasetSel.value;
    const zmin = val("o-zmin"), zmax = val("o-zmax");
    return {
      bbox: bbox.every((v) => v !== "") ? bbox.map(Number) : null,
      datetime: val("o-start") && val("o-end") ? [val("o-start"), val("o-end")] : null,
      variables: [...form.querySelectorAll("input[name=variable]:checked")].map((b) => b.value),
      depth: zmin !== "" && zmax !== "" ? [Math.min(+zmin, +zmax), Math.max(+zmin, +zmax)] : null,
      format: val("o-format") || "netcdf",
    };
  }

  async function costNow() {
    const mine = ++token;
    const inputs = orderInputs(getSelection(), dataset);
    refreshApi(inputs);
    request.disabled = true;
    say(estimate, "Estimating…");
    try {
      const cost = await api("/processes/subset/costing", { method: "POST", body: { inputs } });
      if (mine !== token) return;
      const refusals = cost.refusals ?? [];
      const text = `About ${cost.result.cells.toLocaleString("en")} values; the file is at most ${bytes(cost.result.bytes_at_most)}.`;
      say(estimate, refusals.length ? `${text} Not possible now: ${refusals.map((r) => r.detail ?? r.reason ?? JSON.stringify(r)).join("; ")}` : text,
          refusals.length ? "warn" : "info");
      request.disabled = !cost.accepted;
    } catch (err) {
      if (mine !== token) return;
      say(estimate, err.status === 401 ? "Sign in to order data." : `This request cannot be made: ${err.detail}`, "error");
    }
  }

  form.addEventListener("change", () => {
    setSelection(read());
  });
  request.addEventListener("click", async () => {
    request.disabled = true;
    const inputs = orderInputs(getSelection(), dataset);
    say(outcome, "Sending the request…");
    try {
      const job = await api("/processes/subset/execution", { method: "POST", body: { inputs },
                                                             headers: { Prefer: "respond-async" } });
      say(outcome, `Job ${job.jobID} accepted: follow it in Jobs below.`);
      window.dispatchEvent(new CustomEvent("opendias:job", { detail: job }));
    } catch (err) {
      say(outcome, `The request was refused: ${err.detail}`, "error");
    } finally {
      request.disabled = false;
    }
  });

  let layersKey = null;
  onSelection((sel) => {
    const key = sel.layers.map((l) => l.collection).join(",");
    if (key !== layersKey) { layersKey = key; build(); return; }
    // the box drawn on the map, or a change of the form: the form shows it, then the estimate
    const ids = ["o-west", "o-south", "o-east", "o-north"];
    ids.forEach((id, i) => { const input = form.querySelector(`#${id}`); if (input) input.value = sel.bbox?.[i] ?? ""; });
    clearTimeout(timer);
    timer = setTimeout(costNow, 250);
  });
  layersKey = getSelection().layers.map((l) => l.collection).join(",");
  build();
}
