// Tauar's ЕНС ТРУ Requests-module pages (spec/accounts.md §3.4, §3.12, ACC-152; CAT-151):
// «Войти с помощью ЭЦП» on the module's login page (an `ens.login` challenge signed through the
// NCALayer module, posted to /ens/login/signed with the typed account) and «Подать заявку» of
// «Заявка на регистрацию в ЕНС ТРУ» (an `ens.access_request` challenge over «Должность»,
// «Контактный телефон» and the SHA-256 of «Доверенность», kept in the form's hidden fields,
// then the form is posted). No texts here: they come from the page (data-msg-* attributes and
// problem documents). Both forms also post without this file: the server then answers with
// its messages (an empty account, the missing fields and signature).

import { sign, probe, TauarSignError } from "./ncalayer-2.js";

function lang() { return document.documentElement.lang || "ru"; }

function show(el, text, kind) {
  if (!el) return;
  el.hidden = !text;
  el.className = "message " + (kind || "error");
  el.textContent = text || "";
}

function errorText(form, e) {
  const code = e instanceof TauarSignError ? e.code : "NCALAYER_ERROR";
  if (code === "SERVER") return (e.problem && e.problem.title) || e.detail;
  if (code === "NCALAYER_CANCELLED") return form.dataset.msgCancelled;
  if (code === "NCALAYER_NOT_RUNNING") return form.dataset.msgNotRunning;
  return e.detail || code;
}

function challengeUrl() {
  return "/api/v1/signatures/challenges?lang=" + encodeURIComponent(lang());
}

// ---- «Войти с помощью ЭЦП» (ACC-61, CAT-179) ----

const login = document.querySelector("[data-ens-login]");

if (login) {
  const button = login.querySelector("[data-login-cert]");
  const out = document.querySelector("[data-sign-error]");
  const status = login.querySelector("[data-sign-status]");
  probe().then((p) => { if (status) status.dataset.running = String(p.running); });
  button.addEventListener("click", async (ev) => {
    const account = login.querySelector("[data-account]").value.trim();
    // An empty account: the server's «Укажите учетную запись» (the form posts as is).
    if (!account) return;
    ev.preventDefault();
    button.disabled = true;
    show(out, login.dataset.msgWaiting, "info");
    try {
      const q = new URLSearchParams({ csrf: login.dataset.csrf, account, lang: lang() });
      const r = await sign({
        challengeUrl: challengeUrl(),
        completeUrl: "/ens/login/signed?" + q.toString(),
        purpose: "ens.login",
        locale: lang(),
      });
      location.assign(r.next || "/ens");
    } catch (e) {
      show(out, errorText(login, e), "error");
      out.dataset.code = e instanceof TauarSignError && e.problem ? e.problem.code : "";
      button.disabled = false;
    }
  });
}

// ---- «Подать заявку» (ACC-94, CAT-151) ----

const request = document.querySelector("[data-ens-request]");

async function sha256Hex(file) {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

if (request) {
  const status = request.querySelector("[data-sign-status]");
  request.addEventListener("submit", async (ev) => {
    const position = request.querySelector("[data-position]").value.trim();
    const phone = request.querySelector("[data-phone]").value.trim();
    const file = (request.querySelector("[data-poa]").files || [])[0];
    const agreed = request.querySelector("[data-agreement]").checked;
    // Something is missing: the server lists every message at once (nothing to sign yet).
    if (!position || !phone || !file || !agreed) return;
    ev.preventDefault();
    const button = request.querySelector("[data-submit]");
    button.disabled = true;
    show(status, request.dataset.msgWaiting, "info");
    try {
      const hash = await sha256Hex(file);
      const q = new URLSearchParams({ csrf: request.dataset.csrf, lang: lang() });
      const r = await sign({
        challengeUrl: challengeUrl(),
        completeUrl: "/ens/request/signed?" + q.toString(),
        purpose: "ens.access_request",
        content: { position, phone, power_of_attorney_sha256: hash },
        locale: lang(),
      });
      request.querySelector("[data-signature-challenge]").value = r.challenge_id;
      request.querySelector("[data-signature-cms]").value = r.cms_base64;
      request.submit();
    } catch (e) {
      show(status, errorText(request, e), "error");
      button.disabled = false;
    }
  });
}
