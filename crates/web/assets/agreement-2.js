// The agreement page of ACC-24 (spec/accounts.md AS-12): «Подписать» through the NCALayer
// module (SIG-33) — a `register.agreement` challenge of `/api/v1/me/agreements/{kind}/challenge`,
// signed with the account's own key, completed at `/auth/agreement/{kind}/signed` — then the
// cabinet. No texts here: they come from the page (data-msg-* attributes, problem documents).

import { sign, TauarSignError } from "./ncalayer-2.js";

const root = document.querySelector("[data-entry-agreement]");

function lang() { return document.documentElement.lang || "ru"; }

function show(el, text, kind) {
  el.hidden = !text;
  el.className = "message " + (kind || "");
  el.textContent = text || "";
}

async function signAgreement(button) {
  const out = root.querySelector("[data-sign-result]");
  const kind = encodeURIComponent(root.dataset.kind);
  button.disabled = true;
  show(out, root.dataset.msgWaiting, "info");
  try {
    const q = new URLSearchParams({ csrf: root.dataset.csrf, lang: lang() });
    await sign({
      challengeUrl: "/api/v1/me/agreements/" + kind + "/challenge?lang=" + encodeURIComponent(lang()),
      completeUrl: "/auth/agreement/" + kind + "/signed?" + q.toString(),
      purpose: "register.agreement",
      locale: lang(),
    });
    show(out, root.dataset.msgSigned, "ok");
    location.assign("/cabinet");
  } catch (e) {
    button.disabled = false;
    const code = e instanceof TauarSignError ? e.code : "NCALAYER_ERROR";
    let text;
    if (code === "SERVER") text = (e.problem && e.problem.title) || e.detail;
    else if (code === "NCALAYER_CANCELLED") text = root.dataset.msgCancelled;
    else if (code === "NCALAYER_NOT_RUNNING") text = root.dataset.msgNotRunning;
    else text = e.detail || code;
    show(out, text, "error");
    out.dataset.code = code === "SERVER" && e.problem ? e.problem.code : code;
  }
}

if (root) {
  const button = root.querySelector("[data-agreement-sign]");
  if (button) button.addEventListener("click", () => signAgreement(button));
}
