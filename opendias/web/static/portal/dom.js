// Building elements without HTML parsing: h("a", {href, class: "x"}, "text", child...).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k in el && typeof v !== "string") el[k] = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replace an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null && child !== false) {
      el.append(child instanceof Node ? child : String(child));
    }
  }
  return el;
}

/** "12.3 MB" for a count of bytes. */
export function bytes(n) {
  if (n === undefined || n === null || Number.isNaN(n)) return "?";
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i += 1; }
  return `${n.toFixed(i && n < 10 ? 1 : 0)} ${units[i]}`;
}

/** A message for the user in an element (role=alert for errors). */
export function say(el, text, kind = "info") {
  el.textContent = text;
  el.dataset.kind = kind;
  if (kind === "error") el.setAttribute("role", "alert"); else el.removeAttribute("role");
}
