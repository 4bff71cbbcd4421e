// Jobs page: the caller's jobs (the same panel as the map's, more of them).
import { mountJobs } from "./jobs-panel.js";

mountJobs(document.getElementById("jobs"), { heading: "h2", limit: 50 });
