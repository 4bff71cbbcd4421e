// A time series (a CSV of the statistics process: a `time` column and one column per
// variable and statistic) drawn as a chart with uPlot (vendored: /vendor/uplot/...), with its
// values in a table beside it (what a screen reader reads, and a copy of the chart's data).
import { fill, h } from "./dom.js";

const COLOURS = ["#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f"];

/** {columns, rows} of a simple CSV (no quoted commas: the statistics CSV has none). */
export function parseCsv(text) {
  const lines = text.trim().split(/\r?\n/);
  const columns = lines[0].split(",").map((c) => c.trim());
  const rows = lines.slice(1).filter((l) => l.trim()).map((l) => l.split(","));
  return { columns, rows };
}

/** The chart's data: x (epoch seconds of the `time` column), series {column: numbers}. */
export function seriesOf({ columns, rows }) {
  const timeIndex = columns.findIndex((c) => c === "time");
  const x = rows.map((r) => (timeIndex >= 0 ? Date.parse(r[timeIndex]) / 1000 : rows.indexOf(r)));
  const series = {};
  columns.forEach((name, i) => {
    if (i === timeIndex) return;
    const values = rows.map((r) => (r[i] === "" || r[i] === undefined ? null : Number(r[i])));
    if (values.every((v) => v === null || Number.isFinite(v))) series[name] = values;
  });
  return { x, times: rows.map((r) => (timeIndex >= 0 ? r[timeIndex] : "")), series };
}

/** Draw `data` (seriesOf) in `box`: a uPlot chart (uPlot: the module's default export) and
 * a table of the values; box.chartData keeps the data drawn. */
export function drawSeries(box, data, uPlot, title) {
  const names = Object.keys(data.series);
  const chart = h("div", { class: "chart", role: "img",
                           "aria-label": `${title}: chart of ${names.join(", ")} over time` });
  const table = h("table", { class: "values" },
    h("caption", {}, `${title}: values`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "time"),
                      names.map((n) => h("th", { scope: "col" }, n)))),
    h("tbody", {}, data.times.map((t, i) => h("tr", {}, h("th", { scope: "row" }, t),
                                              names.map((n) => h("td", {}, fmt(data.series[n][i])))))));
  fill(box, chart, h("details", {}, h("summary", {}, "The values"), table));
  const width = Math.max(280, Math.min(box.clientWidth || 800, 900));
  const plot = new uPlot({
    title, width, height: 320,
    scales: { x: { time: true } },
    series: [{ label: "time" }, ...names.map((n, i) => ({ label: n, stroke: COLOURS[i % COLOURS.length],
                                                          width: 2, points: { show: data.x.length < 60 } }))],
    axes: [{}, { size: 70 }],
  }, [data.x, ...names.map((n) => data.series[n])], chart);
  box.chartData = data;
  box.chart = plot;
  box.dataset.points = String(data.x.length);
  return plot;
}

function fmt(v) {
  return v === null ? "" : String(+v.toPrecision(8));
}
