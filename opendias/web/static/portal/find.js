// Find: free-text search and facet filters of the catalogue (the query is in the page's URL,
// so a search can be shared and the back button works), results as cards.
import { url } from "./api.js";
import { FACETS, defaultLayer, quicklookUrl, recordBbox, searchRecords } from "./catalogue.js";
import { fill, h, say } from "./dom.js";
import { addLayer } from "./selection.js";

const PAGE = 10;
const form = document.getElementById("search");
const q = document.getElementById("q");
const facets = document.getElementById("facets");
const cards = document.getElementById("cards");
const summary = document.getElementById("summary");
const pager = document.getElementById("pager");

function state() {
  const p = new URLSearchParams(location.search);
  const s = { q: p.get("q") ?? "", offset: Number(p.get("offset") ?? 0) || 0, filters: {} };
  for (const [name] of FACETS) {
    const v = p.get(name);
    if (v) s.filters[name] = v.split(",").filter(Boolean);
  }
  return s;
}

function go(s, push = true) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const [name, values] of Object.entries(s.filters)) if (values.length) p.set(name, values.join(","));
  if (s.offset) p.set("offset", String(s.offset));
  const target = `${location.pathname}${p.toString() ? "?" + p : ""}`;
  if (push) history.pushState(null, "", target);
  render(s);
}

function facetBox(name, title, counts, s) {
  const chosen = s.filters[name] ?? [];
  const values = [...new Set([...Object.keys(counts ?? {}), ...chosen])];
  if (!values.length) return null;
  const list = values.map((value) => {
    const id = `facet-${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, "_");
    const box = h("input", { type: "checkbox", id, checked: chosen.includes(value),
                             dataset: { facet: name, value } });
    box.addEventListener("change", () => {
      const next = new Set(s.filters[name] ?? []);
      if (box.checked) next.add(value); else next.delete(value);
      go({ ...s, offset: 0, filters: { ...s.filters, [name]: [...next] } });
    });
    return h("li", {}, h("label", { for: id }, box, h("span", {}, value),
                         h("span", { class: "count" }, String(counts?.[value] ?? 0))));
  });
  const narrow = matchMedia("(max-width: 760px)").matches;  // a phone: the results first
  return h("details", { open: chosen.length > 0 || (!narrow && name !== "tags"), "data-facet": name },
           h("summary", {}, title), h("ul", {}, list));
}

function card(record) {
  const p = record.properties;
  const layer = defaultLayer(record);
  const bbox = recordBbox(record);
  const details = url(`/portal/datasets/${encodeURIComponent(record.id)}`);
  const picture = layer && bbox
    ? h("img", { src: quicklookUrl(layer.layer, bbox), alt: `Quicklook of ${p.title}`,
                 loading: "lazy", width: 160, height: 120 })
    : h("div", { class: "quicklook", role: "img", "aria-label": "No quicklook" });
  const add = h("button", { type: "button", class: "secondary", disabled: !layer },
                "Add to map");
  add.addEventListener("click", () => { addLayer(layer); location.href = url("/portal/map"); });
  return h("li", { class: "card", "data-id": record.id }, picture,
    h("div", {},
      h("h2", {}, h("a", { href: details }, p.title)),
      h("p", {}, [p.service, p.area, p.time_category].filter(Boolean)
        .map((b) => h("span", { class: "badge" }, b)), " ",
        h("code", {}, p.dataset_id)),
      h("p", { class: "abstract" }, p.description),
      p.availability ? h("p", { "data-kind": "warn" }, p.availability) : null,
      h("div", { class: "actions" }, h("a", { class: "button", href: details }, "Details"), add)));
}

async function render(s) {
  q.value = s.q;
  say(summary, "Searching…");
  const query = { q: s.q || undefined, limit: PAGE, offset: s.offset || undefined };
  for (const [name, values] of Object.entries(s.filters)) if (values.length) query[name] = values.join(",");
  let doc;
  try {
    doc = await searchRecords(query);
  } catch (err) {
    fill(cards);
    say(summary, `The search failed: ${err.detail}`, "error");
    return;
  }
  const n = doc.numberMatched ?? doc.features.length;
  const words = s.q ? ` for “${s.q}”` : "";
  const shown = n ? ` (${s.offset + 1}–${s.offset + doc.features.length})` : "";
  say(summary, `${n} dataset${n === 1 ? "" : "s"}${words}${shown}`);
  fill(facets, h("h2", { class: "visually-hidden" }, "Filters"),
       FACETS.map(([name, title]) => facetBox(name, title, doc.facets?.[name], s)));
  fill(cards, doc.features.map(card));
  const prev = s.offset > 0 ? h("button", { type: "button", class: "secondary",
    onclick: () => go({ ...s, offset: Math.max(0, s.offset - PAGE) }) }, "Previous") : null;
  const next = s.offset + PAGE < n ? h("button", { type: "button", class: "secondary",
    onclick: () => go({ ...s, offset: s.offset + PAGE }) }, "Next") : null;
  fill(pager, prev, next);
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  go({ ...state(), q: q.value.trim(), offset: 0 });
});
window.addEventListener("popstate", () => render(state()));
render(state());
