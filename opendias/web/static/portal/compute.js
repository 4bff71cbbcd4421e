// The compute page: a form per process, made from its description (GET /processes/{id}:
// inputs, their types, enums and defaults), pre-filled from the map's selection, run as an
// asynchronous job (POST /processes/{id}/execution, Prefer: respond-async), followed until it
// ends (GET /jobs/{id}), its results shown: a time series (CSV) as a chart, a gridded result
// (NetCDF) as a map of the result (resultmap.js), and every file as a download link.
import { api } from "./api.js";
import { fill, h, say } from "./dom.js";
import { getSelection } from "./selection.js";
import { parseCsv, seriesOf, drawSeries } from "./timeseries.js";

const root = document.getElementById("compute");
const picker = document.getElementById("process");
const formBox = document.getElementById("process-form");
const status = document.getElementById("compute-status");
const results = document.getElementById("results");
const POLL_MS = 700;

// -- one input of a description as a form field ----------------------------------------------
function kindOf(schema) {
  if (schema.enum) return "enum";
  if (schema.type === "array") {
    if (schema.items?.enum) return "multi";
    return schema.items?.type === "number" ? "numbers" : "strings";
  }
  if (schema.type === "number" || schema.type === "integer") return "number";
  if (schema.type === "boolean") return "boolean";
  if (schema.type === "string") return "string";
  return "json";  // oneOf / object: GeoJSON, WKT...
}

function initial(name, schema, selection) {
  const layer = selection.layers?.[0];
  const picked = {
    dataset: layer?.collection,
    target_dataset: undefined,
    variables: selection.variables?.length ? selection.variables
                                           : (layer?.variable ? [layer.variable] : undefined),
    bbox: selection.bbox ?? undefined,
    datetime: selection.datetime ? selection.datetime.filter(Boolean).join("/") : undefined,
  }[name];
  if (picked !== undefined && (!schema.enum || schema.enum.includes(picked))) return picked;
  return schema.default;
}

function field(name, input, selection) {
  const schema = input.schema ?? {};
  const kind = kindOf(schema);
  const required = (input.minOccurs ?? 0) > 0;
  const id = `in-${name}`;
  const value = initial(name, schema, selection);
  const hint = h("span", { class: "hint", id: `${id}-hint` }, input.description ?? "");
  const attrs = { id, name, "aria-describedby": `${id}-hint`, required, dataset: { kind } };
  let control;
  if (kind === "enum") {
    control = h("select", attrs,
      required ? null : h("option", { value: "" }, "(not set)"),
      schema.enum.map((v) => h("option", { value: String(v), selected: String(v) === String(value ?? "") }, String(v))));
  } else if (kind === "boolean") {
    control = h("input", { ...attrs, type: "checkbox", checked: Boolean(value), required: false });
  } else if (kind === "number") {
    control = h("input", { ...attrs, type: "number", step: "any", value: value ?? "" });
  } else if (kind === "json") {
    control = h("textarea", { ...attrs, rows: 3 },
      value === undefined ? "" : (typeof value === "string" ? value : JSON.stringify(value)));
  } else {
    const text = Array.isArray(value) ? value.join(", ") : (value ?? "");
    const placeholder = kind === "numbers" && schema.minItems === 4 ? "west, south, east, north"
      : (kind === "numbers" || kind === "strings" || kind === "multi" ? "comma-separated" : "");
    control = h("input", { ...attrs, type: "text", value: text, placeholder: placeholder || null });
  }
  return h("div", { class: "field" },
    h("label", { for: id }, input.title ?? name, required ? " (required)" : ""), control, hint);
}

function valueOf(el) {
  const kind = el.dataset.kind;
  if (kind === "boolean") return el.checked;
  const text = el.value.trim();
  if (text === "") return undefined;
  if (kind === "number") return Number(text);
  if (kind === "numbers") return text.split(/[\s,]+/).filter(Boolean).map(Number);
  if (kind === "strings" || kind === "multi") return text.split(",").map((s) => s.trim()).filter(Boolean);
  if (kind === "json") {
    try { return JSON.parse(text); } catch { return text; }  // WKT, an ISO string...
  }
  return text;
}

// -- the page --------------------------------------------------------------------------------
let description = null;

async function showProcess(id) {
  fill(results);
  say(status, "");
  description = await api(`/processes/${encodeURIComponent(id)}`, { query: { f: "json" } });
  const selection = getSelection();
  const inputs = Object.entries(description.inputs ?? {});
  const form = h("form", { id: "run-form", "aria-labelledby": "process-title" },
    h("h2", { id: "process-title" }, description.title),
    h("p", {}, description.description ?? ""),
    inputs.map(([name, input]) => field(name, input, selection)),
    h("button", { type: "submit" }, "Run"));
  form.addEventListener("submit", (e) => { e.preventDefault(); run(form); });
  fill(formBox, form);
  const u = new URL(location.href);
  u.searchParams.set("process", id);
  history.replaceState(null, "", u);
  root.dataset.process = id;
}

async function run(form) {
  const inputs = {};
  for (const el of form.querySelectorAll("[name]")) {
    const v = valueOf(el);
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) inputs[el.name] = v;
  }
  fill(results);
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const job = await api(`/processes/${encodeURIComponent(description.id)}/execution`, {
      method: "POST", body: { inputs }, headers: { Prefer: "respond-async" } });
    root.dataset.job = job.jobID;
    await follow(job.jobID);
  } catch (err) {
    say(status, err.detail ?? String(err), "error");
  } finally {
    button.disabled = false;
  }
}

async function follow(jobId) {
  const bar = h("progress", { max: 100, value: 0, "aria-label": "Job progress" });
  const words = h("span", {}, "Accepted");
  fill(status, `Job ${jobId}: `, words, " ", bar);
  status.dataset.kind = "info";
  for (;;) {
    const job = await api(`/jobs/${encodeURIComponent(jobId)}`, { query: { f: "json" } });
    bar.value = job.progress ?? 0;
    words.textContent = `${job.status}${job.message ? ` — ${job.message}` : ""}`;
    if (job.status === "successful") break;
    if (job.status === "failed" || job.status === "dismissed") {
      let why = job.message;
      try { await api(`/jobs/${encodeURIComponent(jobId)}/results`, { query: { f: "json" } }); }
      catch (err) { why = err.detail ?? why; }
      say(status, `Job ${jobId} ${job.status}: ${why}`, "error");
      return;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const doc = await api(`/jobs/${encodeURIComponent(jobId)}/results`, { query: { f: "json" } });
  await showResults(jobId, doc.links ?? []);
  say(status, `Job ${jobId} successful.`);
  root.dataset.done = jobId;
}

async function showResults(jobId, links) {
  const list = h("ul", {}, links.map((l) => h("li", {},
    h("a", { href: l.href, download: "" }, l.title ?? l.href.split("?")[0].split("/").pop()),
    ` (${l.type ?? "file"}${l.size ? `, ${l.size.toLocaleString("en")} bytes` : ""})`)));
  const shown = h("div", { id: "result-view" });
  fill(results, h("h2", {}, "Results"), list, shown);
  const csv = links.find((l) => (l.type ?? "").startsWith("text/csv"));
  const grid = links.find((l) => /netcdf/.test(l.type ?? ""));
  if (csv) {
    const resp = await fetch(csv.href, { credentials: "same-origin" });
    const data = seriesOf(parseCsv(await resp.text()));
    const { default: uPlot } = await import(root.dataset.uplot);
    drawSeries(shown, data, uPlot, description.title);
  } else if (grid && root.dataset.resultmap) {
    const { showResultMap } = await import(root.dataset.resultmap);
    try {
      await showResultMap(shown, jobId, grid);
    } catch (err) {
      if (err.status !== 404) throw err;
      fill(shown, h("p", { class: "hint" }, `${err.detail} (a chart needs the CSV format).`));
    }
  }
}

async function start() {
  try {
    const { processes } = await api("/processes", { query: { f: "json" } });
    const usable = processes.filter((p) => (p.jobControlOptions ?? []).includes("async-execute"));
    fill(picker, usable.map((p) => h("option", { value: p.id }, p.title)));
    const wanted = new URL(location.href).searchParams.get("process");
    picker.value = usable.some((p) => p.id === wanted) ? wanted : (usable[0]?.id ?? "");
    picker.addEventListener("change", () => showProcess(picker.value).catch(
      (err) => say(status, err.detail ?? String(err), "error")));
    if (picker.value) await showProcess(picker.value);
    document.body.dataset.ready = "compute";
  } catch (err) {
    say(status, err.detail ?? String(err), "error");
  }
}

start();
