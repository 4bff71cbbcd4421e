// "Show API request": the order of the map as the equivalent request of each API that serves
// it, ready to copy and run: OGC API - Processes (JSON + curl), OWSLib, WEkEO's hda client
// and its portal's JSON, and cdsapi where the Climate Data Store front has the dataset.
import { absolute, api } from "./api.js";
import { fill, h } from "./dom.js";

const HDA = document.body.dataset.hda || "/hda";
const CDS = document.body.dataset.cds || "/cds";
const py = (value) => JSON.stringify(value, null, 4).replace(/\btrue\b/g, "True")
  .replace(/\bfalse\b/g, "False").replace(/\bnull\b/g, "None");
const shell = (text) => `'${text.replace(/'/g, "'\\''")}'`;
const TOKEN = "# OPENDIAS_TOKEN: a personal access token of your account (Account page)";
const CREDENTIALS = "# OPENDIAS_USER, OPENDIAS_PASSWORD: your account on this service";

const memo = new Map();
function once(key, fn) {
  if (!memo.has(key)) memo.set(key, fn().catch(() => null));
  return memo.get(key);
}

function startEnd(inputs) {
  const [start, end] = (inputs.datetime ?? "").split("/");
  return { start: start || null, end: end || null };
}

export function ogcSnippets(inputs) {
  const body = { inputs };
  const json = JSON.stringify(body, null, 2);
  const curl = `${TOKEN}\ncurl -sS --fail-with-body -X POST ${shell(absolute("/processes/subset/execution"))} \\\n` +
    `  -H "Authorization: Bearer $OPENDIAS_TOKEN" -H 'Content-Type: application/json' \\\n  -d ${shell(JSON.stringify(body))}`;
  const owslib = `import os\n\nfrom owslib.ogcapi.processes import Processes\n\n` +
    `${TOKEN}\nheaders = {"Authorization": "Bearer " + os.environ["OPENDIAS_TOKEN"]}\n` +
    `service = Processes(${py(absolute("/"))}, headers=headers)\n` +
    `inputs = ${py(inputs)}\nresult = service.execute("subset", inputs=inputs)\n` +
    `print(result["outputs"]["result"]["href"])\n`;
  return { json, curl, owslib };
}

export function hdaQuery(inputs, datasetId, queryable) {
  const props = queryable?.properties ?? {};
  const dates = Object.entries(props).filter(([, v]) => v.format === "date-time");
  const startKey = dates.find(([, v]) => v.default === v.minimum)?.[0] ?? dates[0]?.[0];
  const endKey = dates.find(([k]) => k !== startKey)?.[0];
  const { start, end } = startEnd(inputs);
  const query = { dataset_id: datasetId };
  if (inputs.bbox) query.bbox = inputs.bbox;
  if (start && startKey) query[startKey] = start;
  if (end && endKey) query[endKey] = end;
  if (inputs.variables) query.variables = inputs.variables;
  if (inputs.depth && props.min_depth) { query.min_depth = inputs.depth[0]; query.max_depth = inputs.depth[1]; }
  if (inputs.format && props.format?.enum?.includes(inputs.format)) query.format = inputs.format;
  const v1 = { datasetId };
  if (inputs.bbox) v1.boundingBoxValues = [{ name: "bbox", bbox: inputs.bbox }];
  if (start && end) v1.dateRangeSelectValues = [{ name: "position", start, end }];
  if (inputs.variables) v1.multiStringSelectValues = [{ name: "variables", value: inputs.variables }];
  const python = `import os\n\nfrom hda import Client, Configuration\n\n${CREDENTIALS}\n` +
    `config = Configuration(url=${py(absolute(`${HDA}/`))},\n` +
    `                       user=os.environ["OPENDIAS_USER"], password=os.environ["OPENDIAS_PASSWORD"])\n` +
    `client = Client(config=config)\nquery = ${py(query)}\nmatches = client.search(query)\nmatches.download()\n`;
  return { query, v1, python };
}

/** The CDS request of the inputs for a dataset of the CDS front (null when it cannot be). */
export function cdsRequest(inputs, form) {
  const names = {};
  for (const m of (form?.inputs?.variable?.description ?? "").matchAll(/([\w.-]+): [^;]*?\((\w+),/g)) names[m[2]] = m[1];
  const request = {};
  for (const [key, spec] of Object.entries(form?.inputs ?? {})) {
    const allowed = spec.schema?.enum ?? spec.schema?.items?.enum;
    if (["product_type", "type", "model", "level"].includes(key) && allowed?.length) request[key] = [allowed[0]];
  }
  if (inputs.variables) {
    const mapped = inputs.variables.map((v) => names[v]);
    if (mapped.some((v) => !v)) return null;
    request.variable = mapped;
  }
  const { start, end } = startEnd(inputs);
  if (start && end) request.date = `${start.slice(0, 10)}/${end.slice(0, 10)}`;
  if (inputs.bbox) request.area = [inputs.bbox[3], inputs.bbox[0], inputs.bbox[1], inputs.bbox[2]];
  if (!["netcdf", "grib"].includes(inputs.format ?? "netcdf")) return null;
  request.data_format = inputs.format ?? "netcdf";
  request.download_format = "unarchived";
  return request;
}

function block(id, title, text, note) {
  const pre = h("pre", { id, tabindex: 0 }, h("code", {}, text));
  const copy = h("button", { type: "button", class: "small secondary", "aria-label": `Copy ${title}` }, "Copy");
  copy.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(text); copy.textContent = "Copied"; }
    catch { const r = document.createRange(); r.selectNodeContents(pre); getSelection().removeAllRanges(); getSelection().addRange(r); }
  });
  return h("div", { class: "snippet" }, h("h3", {}, title, " ", copy), note ? h("p", { class: "summary" }, note) : null, pre);
}

/** Fill a <details> with the snippets of the inputs; returns update(inputs). */
export function mountApiRequest(details) {
  const body = h("div", { class: "snippets" });
  details.append(body);
  let last = null;
  async function update(inputs) {
    last = inputs;
    if (!details.open) return;
    const record = await once(`r:${inputs.dataset}`, () => api(`/collections/catalogue/items/${inputs.dataset}`, { query: { f: "json" } }));
    const datasetId = record?.properties?.dataset_id;
    const [queryable, cds] = await Promise.all([
      datasetId ? once(`q:${datasetId}`, () => api(`${HDA}/api/v1/dataaccess/queryable/${datasetId}`)) : null,
      once("cds", () => api(`${CDS}/catalogue/v1/datasets`)),
    ]);
    if (inputs !== last) return;
    const ogc = ogcSnippets(inputs);
    const parts = [
      block("api-ogc-json", "OGC API - Processes: the execute request", ogc.json,
            `POST ${absolute("/processes/subset/execution")} (add the header Prefer: respond-async for a job)`),
      block("api-curl", "curl", ogc.curl),
      block("api-owslib", "Python: OWSLib", ogc.owslib),
    ];
    if (datasetId) {
      const hda = hdaQuery(inputs, datasetId, queryable);
      parts.push(block("api-hda", "Python: WEkEO's hda client", hda.python),
                 block("api-wekeo-json", "WEkEO's JSON request", JSON.stringify(hda.v1, null, 2),
                       `What WEkEO's portal shows; hda's Client.search takes it as it is, or POST it to ${absolute(`${HDA}/api/v1/dataaccess/search`)}`));
    }
    const cdsName = cds?.collections?.find((c) => c["opendias:id"] === inputs.dataset)?.id;
    if (cdsName) {
      const form = await once(`f:${cdsName}`, () => api(`${CDS}/retrieve/v1/processes/${cdsName}`));
      const request = cdsRequest(inputs, form);
      if (request) {
        const code = await once(`c:${JSON.stringify(request)}`, () => api(`${CDS}/retrieve/v1/processes/${cdsName}/api-request`,
          { method: "POST", body: { inputs: request }, raw: true }).then((r) => r.text()));
        if (code) parts.push(block("api-cdsapi", "Python: cdsapi", code, "The key: a personal access token of your account (Account page)"));
      }
    }
    fill(body, parts);
    details.dataset.ready = "1";
  }
  details.addEventListener("toggle", () => { if (details.open && last) update(last); });
  return update;
}
