// A dataset's page: abstract, classification, contacts, extents, variables, licence and a
// link to every API that serves it, all read from the catalogue record and the collection.
import { absolute, api, url } from "./api.js";
import { defaultLayer, getRecord, quicklookUrl, recordBbox } from "./catalogue.js";
import { fill, h, say } from "./dom.js";
import { addLayer, setSelection } from "./selection.js";

const root = document.getElementById("dataset");
const id = root.dataset.dataset;
const status = document.getElementById("status");
const HDA = document.body.dataset.hda || "/hda";
const CDS = document.body.dataset.cds || "/cds";

const dl = (rows) => h("dl", {}, rows.filter(([, v]) => v !== undefined && v !== null && v !== "")
  .map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));

async function cdsName() {
  try {
    const doc = await api(`${CDS}/catalogue/v1/datasets`);
    return doc.collections.find((c) => c["opendias:id"] === id)?.id ?? null;
  } catch { return null; }
}

function apiLinks(record, collection, cds) {
  const p = record.properties;
  const links = [
    ["Catalogue record (OGC API - Records, JSON)", absolute(`/collections/catalogue/items/${id}`, { f: "json" })],
    ["Collection (OGC API, JSON)", absolute(`/collections/${id}`, { f: "json" })],
    ["Coverage (OGC API - Coverages, NetCDF)", absolute(`/collections/${id}/coverage`, { f: "netcdf" })],
    ["Map (OGC API - Maps)", absolute(`/collections/${id}/map`)],
    ["WMS 1.3.0 capabilities", absolute("/wms", { service: "WMS", request: "GetCapabilities" })],
    ["Processes (OGC API - Processes): subset", absolute("/processes/subset", { f: "json" })],
    ["WPS 1.0.0 capabilities", absolute("/wps", { service: "WPS", request: "GetCapabilities" })],
    ["WEkEO HDA API dataset", absolute(`${HDA}/api/v1/datasets/${p.dataset_id}`)],
  ];
  if (cds) links.push(["Climate Data Store retrieve API", absolute(`${CDS}/retrieve/v1/processes/${cds}`)]);
  links.push(["Collection page of the OGC API (HTML)", absolute(`/collections/${id}`, { f: "html" })]);
  const edr = Object.keys(collection.data_queries ?? {});
  return [h("ul", { class: "apis" }, links.map(([title, href]) =>
    h("li", {}, h("a", { href }, title), " ", h("code", {}, href)))),
    edr.length ? h("p", {}, "OGC API - EDR queries (with coordinates or a bbox, and a datetime): ",
      edr.map((q) => h("code", {}, absolute(`/collections/${id}/${q}`))).flatMap((c) => [c, " "])) : null];
}

function extentText(record) {
  const bbox = recordBbox(record);
  const interval = record.properties.extents?.temporal?.interval?.[0];
  return {
    space: bbox ? `west ${bbox[0]}, south ${bbox[1]}, east ${bbox[2]}, north ${bbox[3]} (longitude/latitude, CRS84)` : "unknown",
    time: interval ? `${interval[0] ?? ".."} to ${interval[1] ?? ".."}` : "no time axis",
  };
}

async function show() {
  let record, collection;
  try {
    [record, collection] = await Promise.all([getRecord(id), api(`/collections/${encodeURIComponent(id)}`, { query: { f: "json" } })]);
  } catch (err) {
    say(status, `This dataset cannot be shown: ${err.detail}`, "error");
    return;
  }
  const cds = await cdsName();
  const p = record.properties;
  const layer = defaultLayer(record);
  const bbox = recordBbox(record);
  const ext = extentText(record);
  document.title = `${p.title} · opendias`;
  const add = h("button", { type: "button", disabled: !layer }, "Add to map");
  add.addEventListener("click", () => {
    addLayer(layer);
    setSelection({ bbox: null, datetime: null, variables: [layer.variable] });
    location.href = url("/portal/map");
  });
  fill(root,
    h("div", { class: "head" },
      h("div", {}, h("h1", { id: "title" }, p.title),
        h("p", {}, p.description),
        p.availability ? h("p", { "data-kind": "warn" }, p.availability) : null,
        h("div", { class: "actions" }, add,
          h("a", { class: "button secondary", href: url("/portal/") }, "Back to search"))),
      layer && bbox ? h("img", { src: quicklookUrl(layer.layer, bbox, 240), class: "quicklook",
                                 alt: `Quicklook of ${p.title}`, width: 240, height: 180 }) : null),
    h("h2", {}, "Classification"),
    dl([["Dataset ID", h("code", {}, p.dataset_id)], ["Published", p.published],
        ["Copernicus service", p.service], ["Area", p.area], ["Time", p.time_category],
        ["Originating centre", p.centre], ["Tags", (p.tags ?? []).join(", ")],
        ["Formats", (p.formats ?? []).map((f) => f.name).join(", ")]]),
    h("h2", {}, "Contacts"),
    (p.contacts ?? []).length ? h("ul", {}, p.contacts.map((c) => h("li", {}, c.name,
      c.organization ? ` (${c.organization})` : "", " ",
      ...(c.emails ?? []).map((e) => h("a", { href: `mailto:${e.value}` }, e.value)),
      (c.roles ?? []).length ? ` — ${c.roles.join(", ")}` : ""))) : h("p", {}, "None given."),
    h("h2", {}, "Extent"),
    dl([["Spatial", ext.space], ["Temporal", ext.time]]),
    h("h2", {}, "Variables"),
    h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"),
      h("th", { scope: "col" }, "Title"), h("th", { scope: "col" }, "Units"),
      h("th", { scope: "col" }, "Standard name"))),
      h("tbody", {}, (p.variables ?? []).map((v) => h("tr", {}, h("td", {}, h("code", {}, v.name)),
        h("td", {}, v.title), h("td", {}, v.units), h("td", {}, v.standard_name))))),
    h("h2", {}, "Licence"),
    h("p", {}, p.license || p.policy || "not stated", " — ",
      h("a", { href: absolute("/terms") }, "terms of use (JSON)")),
    h("h2", {}, "APIs"),
    apiLinks(record, collection, cds));
}

show();
