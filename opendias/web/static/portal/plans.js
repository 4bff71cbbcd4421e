// The plans page (GET /plans: public): what each plan allows, side by side.
import { api } from "./api.js";
import { fill, h, say } from "./dom.js";
import { CAPABILITIES, QUOTAS, quotaName, quotaValue } from "./quotas.js";

async function render() {
  const table = document.getElementById("plans-table");
  if (!table) return;
  try {
    const doc = await api("/plans");
    const plans = doc.plans;
    fill(table.querySelector("thead"), h("tr", {}, h("td", {}),
      plans.map((p) => h("th", { scope: "col" }, p.title,
                         p.name === doc.default ? h("span", { class: "hint" }, " (new accounts)") : null))));
    const rows = [
      ...Object.entries(CAPABILITIES).map(([cap, words]) => h("tr", {},
        h("th", { scope: "row" }, words),
        plans.map((p) => h("td", { dataset: { plan: p.name, capability: cap } },
                           p.capabilities.includes(cap) ? "✓ yes" : "— no")))),
      ...QUOTAS.map((quota) => h("tr", {},
        h("th", { scope: "row" }, quotaName(quota)),
        plans.map((p) => h("td", { dataset: { plan: p.name, quota } },
                           quotaValue(quota, p[quota]))))),
    ];
    fill(table.querySelector("tbody"), rows);
    document.body.dataset.ready = "plans";
  } catch (err) {
    say(document.getElementById("plans-status"), err.detail ?? String(err), "error");
  }
}

render();
