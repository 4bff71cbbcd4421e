// The contact form: POST /support (name, e-mail, message), anonymous or signed in.
import { api, me } from "./api.js";
import { fill, h, say } from "./dom.js";

const form = document.getElementById("support-form");
const status = document.getElementById("support-status");

me().then((doc) => {
  if (!doc) return;
  if (!form.elements.email.value) form.elements.email.value = doc.email;
  if (!form.elements.name.value) form.elements.name.value = doc.username;
}).catch(() => null);

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  const body = Object.fromEntries(new FormData(form).entries());
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const doc = await api("/support", { method: "POST", body });
    form.elements.message.value = "";
    fill(status, "Thank you: we have your message (reference ", h("code", {}, doc.id),
         "). We answer at ", body.email, ".");
    status.dataset.kind = "info";
    status.dataset.message = doc.id;
  } catch (err) {
    say(status, err.detail ?? String(err), "error");
    const field = err.detail?.match(/^(name|email|message)\b/)?.[1];
    if (field) form.elements[field].focus();
  } finally {
    button.disabled = false;
  }
});
document.body.dataset.ready = "support";
