// The Jobs panel (map page and Jobs page): the caller's jobs from GET /jobs, their status,
// progress, place in the queue, size and a Download link when done; a failed job says why.
import { api } from "./api.js";
import { bytes, fill, h, say } from "./dom.js";

const RESULTS = "http://www.opengis.net/def/rel/ogc/1.0/results";
const results = new Map();  // job id -> results document (a finished job's does not change)

async function resultOf(job) {
  if (!results.has(job.jobID)) {
    results.set(job.jobID, api(`/jobs/${job.jobID}/results`, { query: { f: "json" } })
      .catch((err) => ({ error: err.detail })));
  }
  return results.get(job.jobID);
}

function files(doc) {
  if (!doc || doc.error) return [];
  const found = (doc.links ?? []).filter((l) => l.rel === "enclosure");
  if (!found.length && doc.result?.href) found.push(doc.result);
  return found;
}

function when(iso) {
  return iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "";
}

async function row(job, ahead) {
  const status = h("span", { class: "badge", "data-status": job.status }, job.status);
  let progress = null;
  if (job.status === "running" || job.status === "accepted") {
    progress = h("progress", { max: 100, value: job.progress ?? 0, "aria-label": `Progress of job ${job.jobID}` });
  }
  let what = job.message ?? "";
  let get = null;
  if (job.status === "accepted" && ahead > 0) what = `${what} (${ahead} of your jobs ahead of it)`;
  if (job.status === "successful") {
    const doc = await resultOf(job);
    const found = files(doc);
    what = found.length ? found.map((f) => `${f.title ?? "result"}, ${bytes(f.size)}`).join("; ") : (doc.error ?? "done");
    get = found.map((f) => h("a", { class: "button small", href: f.href, download: f.title ?? "",
                                    "aria-label": `Download ${f.title ?? "the result"} of job ${job.jobID}` }, "Download"));
    if (!found.length && !doc.error) {
      get = h("a", { class: "button small secondary", href: job.links?.find((l) => l.rel === RESULTS)?.href }, "Results");
    }
  }
  return h("tr", { "data-job": job.jobID, "data-status": job.status },
    h("td", { "data-label": "Job" }, h("code", {}, job.jobID.slice(0, 8)), " ", job.processID ?? ""),
    h("td", { "data-label": "Created" }, when(job.created)),
    h("td", { "data-label": "Status" }, status, " ", progress),
    h("td", { "data-label": "Details", "data-kind": job.status === "failed" ? "error" : undefined }, what),
    h("td", { "data-label": "Result" }, get));
}

/** The jobs panel in `box`; it polls while a job is accepted or running. */
export function mountJobs(box, { heading = "h2", limit = 10 } = {}) {
  const table = h("table", {}, h("thead", {}, h("tr", {}, ["Job", "Created", "Status", "Details", "Result"]
    .map((t) => h("th", { scope: "col" }, t)))), h("tbody"));
  const note = h("p", { class: "summary", "aria-live": "polite" });
  const title = h(heading, { id: "jobs-h" }, "Jobs");
  fill(box, title, note, table);
  let timer = null;

  async function refresh() {
    clearTimeout(timer);
    let doc;
    try {
      doc = await api("/jobs", { query: { f: "json", limit } });
    } catch (err) {
      say(note, err.status === 401 ? "Sign in to see your jobs." : `Jobs cannot be listed: ${err.detail}`, "error");
      return;
    }
    const jobs = doc.jobs ?? [];
    const waiting = jobs.filter((j) => j.status === "accepted").sort((a, b) => a.created.localeCompare(b.created));
    const rows = await Promise.all(jobs.map((j) => row(j, waiting.indexOf(j))));
    fill(table.tBodies[0], rows);
    say(note, jobs.length ? "" : "No job yet: order data on the map.");
    box.dataset.updated = String(Date.now());
    if (jobs.some((j) => j.status === "accepted" || j.status === "running")) timer = setTimeout(refresh, 1000);
  }

  window.addEventListener("opendias:job", refresh);
  refresh();
  return refresh;
}
