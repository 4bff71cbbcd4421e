// Plans, capabilities and quotas in a person's words (the plans page, the account page).

/** "10 GiB" for a count of bytes (the plans file's units). */
function binary(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
  return `${+n.toFixed(1)} ${units[i]}`;
}

const NAMES = {
  requests_per_minute: "Requests per minute",
  download_bytes_per_day: "Downloads per day",
  concurrent_jobs: "Jobs at once",
  jobs_per_day: "Jobs per day",
  max_job_cells: "Cells one job may read",
  job_cpu_seconds_per_day: "Job CPU time per day",
};
export const CAPABILITIES = {
  catalogue: "Search the catalogue",
  maps: "View maps (WMS)",
  subset: "Cut-outs (coverages, EDR)",
  download: "Download files and results",
  processes: "Processing jobs (statistics, regridding...)",
};

export function quotaName(quota) {
  return NAMES[quota] ?? quota;
}

/** A quota's value in a person's words (null: no limit). */
export function quotaValue(quota, value) {
  if (value === null || value === undefined) return "no limit";
  if (quota === "download_bytes_per_day") return binary(value);
  if (quota === "job_cpu_seconds_per_day") {
    const hours = +(value / 3600).toFixed(1);
    if (value >= 3600) return `${hours} CPU hour${hours === 1 ? "" : "s"}`;
    return `${value} CPU second${value === 1 ? "" : "s"}`;
  }
  return value.toLocaleString("en");
}
export const QUOTAS = Object.keys(NAMES);
