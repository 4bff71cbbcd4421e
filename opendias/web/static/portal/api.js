// Calls of the service's public APIs from the portal's pages (the same APIs OpenAPI describes).
// Same origin, with the session cookie; every state-changing request of a session carries its
// CSRF token (X-CSRF-Token), read from POST /signin or GET /me.

const ROOT = document.body?.dataset.root ?? "";
const SIGNED_IN = "opendias.signedIn";   // localStorage: the name of who signed in here
const CSRF = "opendias.csrf";            // sessionStorage: the session's CSRF token

/** A path of the service under its root: url("/jobs") -> "/jobs" (or "/prefix/jobs"). */
export function url(path, query) {
  const u = new URL(ROOT + path, location.origin);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === "") continue;
    for (const item of Array.isArray(v) ? v : [v]) u.searchParams.append(k, item);
  }
  return u.pathname + u.search;
}

/** An absolute URL of the service (for links and API request snippets). */
export function absolute(path, query) {
  return new URL(url(path, query), location.origin).href;
}

/** An answer of the service that is not a success: the OGC exception's members. */
export class ApiError extends Error {
  constructor(status, body) {
    const detail = body?.detail ?? body?.description ?? body?.message ?? `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.code = body?.code;
    this.title = body?.title;
    this.detail = detail;
    this.body = body;
  }
}

/** Remember who signed in (the answer of POST /signin or GET /me, with csrf_token). */
export function rememberSession(me) {
  if (me?.csrf_token) sessionStorage.setItem(CSRF, me.csrf_token);
  if (me?.username) localStorage.setItem(SIGNED_IN, me.username);
  window.dispatchEvent(new CustomEvent("opendias:session", { detail: me ?? null }));
}

/** Forget the session (after POST /signout, or when the service says it is gone). */
export function forgetSession() {
  sessionStorage.removeItem(CSRF);
  localStorage.removeItem(SIGNED_IN);
  window.dispatchEvent(new CustomEvent("opendias:session", { detail: null }));
}

/** The name of who signed in from this browser, or null (the cookie itself is HttpOnly). */
export function signedIn() {
  return localStorage.getItem(SIGNED_IN);
}

/** GET /me: who the session is (and its CSRF token), null when not signed in. */
export async function me() {
  if (!signedIn()) return null;
  try {
    const doc = await api("/me");
    rememberSession(doc);
    return doc;
  } catch (err) {
    if (err.status === 401) { forgetSession(); return null; }
    throw err;
  }
}

async function csrfToken() {
  if (!signedIn()) return null;
  let token = sessionStorage.getItem(CSRF);
  if (!token) token = (await me())?.csrf_token ?? null;
  return token;
}

/**
 * Call the service: api("/jobs", {query: {limit: 10}}), api("/processes/subset/execution",
 * {method: "POST", body: {...}, headers: {Prefer: "respond-async"}}). JSON bodies are sent as
 * JSON; the answer's JSON is returned (raw: true returns the Response). Throws ApiError.
 */
export async function api(path, { method = "GET", body, query, headers = {}, raw = false,
                                  signal } = {}) {
  const init = { method, credentials: "same-origin", signal,
                 headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    if (body instanceof FormData || typeof body === "string") init.body = body;
    else { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
  }
  if (!["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase())) {
    const token = await csrfToken();
    if (token) init.headers["X-CSRF-Token"] = token;
  }
  const resp = await fetch(url(path, query), init);
  if (raw && resp.ok) return resp;
  const type = resp.headers.get("Content-Type") ?? "";
  const doc = type.includes("json") ? await resp.json().catch(() => null)
                                    : (resp.status === 204 ? null : await resp.text());
  if (!resp.ok) {
    if (resp.status === 401 && signedIn()) forgetSession();
    throw new ApiError(resp.status, typeof doc === "object" ? doc : { detail: doc });
  }
  return doc;
}

/** The link of a given relation (and media type) among an OGC document's links. */
export function link(doc, rel, type) {
  return (doc?.links ?? []).find((l) => l.rel === rel && (!type || l.type === type));
}
