// The account page: sign up, sign in and out, my plan and usage against each quota, my API
// tokens (create, copy once, revoke) and the licences to accept. Public APIs only: POST
// /register, /signin, /signout; GET /me, /plans; GET/POST /tokens, DELETE /tokens/{id};
// GET /terms, /termsaccepted, PUT/DELETE /termsaccepted/{id}.
import { api, forgetSession, me, rememberSession, url } from "./api.js";
import { fill, h, say } from "./dom.js";
import { QUOTAS, quotaName, quotaValue } from "./quotas.js";

const $ = (id) => document.getElementById(id);
const status = $("account-status");

function fields(form) {
  return Object.fromEntries(new FormData(form).entries());
}

function failed(where, err) {
  say(where, err.detail ?? String(err), "error");
}

async function signIn(username, password) {
  const doc = await api("/signin", { method: "POST", body: { username, password } });
  rememberSession(doc);
  return doc;
}

$("signin-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const { username, password } = fields(e.target);
  try {
    await signIn(username, password);
    e.target.reset();
    await show();
    say(status, `Signed in as ${username}.`);
  } catch (err) { failed($("signin-status"), err); }
});

$("register-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const { username, email, password } = fields(e.target);
  try {
    await api("/register", { method: "POST", body: { username, email, password } });
    await signIn(username, password);
    e.target.reset();
    await show();
    say(status, `Welcome, ${username}: your account is made and you are signed in.`);
  } catch (err) { failed($("register-status"), err); }
});

$("signout").addEventListener("click", async () => {
  try { await api("/signout", { method: "POST" }); } catch (err) {
    if (err.status !== 401) { failed(status, err); return; }
  }
  forgetSession();
  await show();
  say(status, "Signed out.");
});

// -- my plan and usage ---------------------------------------------------------------------
function resets(state) {
  if (!state.reset) return "";
  return new Date(state.reset * 1000).toISOString().replace(".000Z", "Z").replace("T", " ");
}

function renderUsage(doc) {
  fill($("plan-summary"), "Plan ", h("strong", {}, doc.plan), " — it allows: ",
       doc.capabilities.join(", "), ". ",
       h("a", { href: url("/portal/plans") }, "Compare the plans"));
  const order = [...QUOTAS.filter((q) => q in doc.usage),
                 ...Object.keys(doc.usage).filter((q) => !QUOTAS.includes(q))];
  const rows = order.map((quota) => [quota, doc.usage[quota]]).map(([quota, state]) => h("tr", { dataset: { quota } },
    h("th", { scope: "row" }, quotaName(quota)),
    h("td", {}, state.used === null || state.used === undefined ? "—"
                                                                   : quotaValue(quota, state.used)),
    h("td", {}, quotaValue(quota, state.limit)),
    h("td", {}, resets(state))));
  fill($("usage").querySelector("tbody"), rows);
}

// -- my tokens -----------------------------------------------------------------------------
async function renderTokens() {
  const { tokens } = await api("/tokens");
  const body = $("tokens").querySelector("tbody");
  fill(body, tokens.map((t) => h("tr", { dataset: { token: t.id } },
    h("td", {}, t.label || "(no label)"), h("td", {}, t.created.slice(0, 19).replace("T", " ")),
    h("td", {}, t.last_used ? t.last_used.slice(0, 19).replace("T", " ") : "never"),
    h("td", {}, h("button", { type: "button", class: "secondary",
                              "aria-label": `Revoke token ${t.label || t.id}`,
                              onclick: () => revokeToken(t) }, "Revoke")))));
  $("tokens-empty").hidden = tokens.length > 0;
}

async function revokeToken(token) {
  try {
    await api(`/tokens/${encodeURIComponent(token.id)}`, { method: "DELETE" });
    say($("token-status"), `Token ${token.label || token.id} revoked: it is refused from now on.`);
    await renderTokens();
  } catch (err) { failed($("token-status"), err); }
}

$("token-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  try {
    const made = await api("/tokens", { method: "POST", body: { label: fields(e.target).label } });
    $("new-token-value").value = made.token;
    $("new-token").hidden = false;
    $("new-token-value").focus();
    $("new-token-value").select();
    say($("token-status"), "Token created. Copy it now: it is not shown again.");
    e.target.reset();
    await renderTokens();
  } catch (err) { failed($("token-status"), err); }
});

$("copy-token").addEventListener("click", async () => {
  const value = $("new-token-value").value;
  try {
    await navigator.clipboard.writeText(value);
    say($("token-status"), "Copied to the clipboard.");
  } catch {
    $("new-token-value").select();
    say($("token-status"), "Select the token and copy it (Ctrl+C).");
  }
});

// -- licences ------------------------------------------------------------------------------
async function renderTerms() {
  const [{ terms }, mine] = await Promise.all([api("/terms"), api("/termsaccepted")]);
  const accepted = new Map(mine.terms.map((t) => [t.id, t.accepted]));
  fill($("terms"), terms.map((term) => {
    const when = accepted.get(term.id);
    return h("li", { dataset: { term: term.id, accepted: when ? "yes" : "no" } },
      h("strong", {}, term.title), " ",
      h("span", { class: "hint" }, `(${term.datasets.length} dataset${term.datasets.length === 1 ? "" : "s"}: ${term.datasets.join(", ")})`),
      " ",
      when ? h("span", {}, `accepted ${when.slice(0, 10)} `) : null,
      when
        ? h("button", { type: "button", class: "secondary", "aria-label": `Withdraw ${term.title}`,
                        onclick: () => setTerm(term, false) }, "Withdraw")
        : h("button", { type: "button", "aria-label": `Accept ${term.title}`,
                        onclick: () => setTerm(term, true) }, "Accept"));
  }));
}

async function setTerm(term, accept) {
  const path = `/termsaccepted/${encodeURIComponent(term.id)}`;
  try {
    if (accept) await api(path, { method: "PUT", body: { accepted: true } });
    else await api(path, { method: "DELETE" });
    say($("terms-status"), `${term.title}: ${accept ? "accepted" : "withdrawn"}.`);
    await Promise.all([renderTerms(), refreshMe()]);
  } catch (err) { failed($("terms-status"), err); }
}

// -- the page ------------------------------------------------------------------------------
async function refreshMe() {
  const doc = await me();
  if (doc) renderUsage(doc);
  return doc;
}

async function show() {
  let doc = null;
  try { doc = await refreshMe(); } catch (err) { failed(status, err); }
  $("signed-out").hidden = Boolean(doc);
  $("signed-in").hidden = !doc;
  if (!doc) return;
  fill($("me-name"), doc.username);
  fill($("me-email"), doc.email);
  $("new-token").hidden = true;
  try { await Promise.all([renderTokens(), renderTerms()]); } catch (err) { failed(status, err); }
  document.body.dataset.ready = "account";
}

show().then(() => { document.body.dataset.ready = "account"; });
