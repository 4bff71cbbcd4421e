// Every page: who is signed in, in the header (GET /me only when this browser signed in).
import { me, signedIn, url } from "./api.js";
import { h, fill } from "./dom.js";

const who = document.getElementById("who");

function render(doc) {
  if (!who) return;
  fill(who, h("a", { href: url("/portal/account") }, doc?.username ?? "Sign in"));
}

window.addEventListener("opendias:session", (e) => render(e.detail));
render(signedIn() ? { username: signedIn() } : null);
if (signedIn()) me().catch(() => null);
