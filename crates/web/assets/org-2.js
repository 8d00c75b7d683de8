// Tauar's participant pages (spec/accounts.md §3.7, §3.14, §5.6, §5.7): «Подписать» of the
// participant agreement through the NCALayer module (SIG-33: a `participant.register`
// challenge, the CMS kept in the form's hidden fields until «Подтверждаю данные»), the type
// switch of the registration form, and the bank chosen from a Kazakhstan IBAN on the account
// form. No texts here: they come from the page (data-msg-* attributes and problem documents).
// Every form also works without this file, except the signature (NCALayer needs JavaScript).

import { sign, TauarSignError } from "./ncalayer-2.js";

function lang() { return document.documentElement.lang || "ru"; }

// ---- «Регистрация участника» ----

const form = document.querySelector("[data-participant-form]");

function show(el, text) {
  el.hidden = !text;
  el.textContent = text || "";
}

async function signAgreement(button) {
  const out = form.querySelector("[data-sign-error]");
  const signed = form.querySelector("[data-agreement-signed]");
  show(out, "");
  button.disabled = true;
  signed.hidden = false;
  signed.className = "message info";
  signed.textContent = form.dataset.msgWaiting;
  try {
    const q = new URLSearchParams({ csrf: form.dataset.csrf, lang: lang() });
    const r = await sign({
      challengeUrl: "/api/v1/signatures/challenges?lang=" + encodeURIComponent(lang()),
      completeUrl: "/cabinet/participant/agreement?" + q.toString(),
      purpose: "participant.register",
      content: { type: form.dataset.kind },
      locale: lang(),
    });
    form.querySelector("[data-agreement-challenge]").value = r.challenge_id;
    form.querySelector("[data-agreement-cms]").value = r.cms_base64;
    signed.className = "message ok";
    signed.textContent = form.dataset.msgSigned;
    const err = form.querySelector('[data-error-for="agreement"]');
    if (err) err.hidden = true;
  } catch (e) {
    signed.hidden = true;
    button.disabled = false;
    const code = e instanceof TauarSignError ? e.code : "NCALAYER_ERROR";
    let text;
    if (code === "SERVER") text = (e.problem && e.problem.title) || e.detail;
    else if (code === "NCALAYER_CANCELLED") text = form.dataset.msgCancelled;
    else if (code === "NCALAYER_NOT_RUNNING") text = form.dataset.msgNotRunning;
    else text = e.detail || code;
    show(out, text);
    out.dataset.code = code === "SERVER" && e.problem ? e.problem.code : code;
  }
}

if (form) {
  const button = form.querySelector("[data-agreement-sign]");
  if (button) button.addEventListener("click", () => signAgreement(button));
  for (const r of document.querySelectorAll("[data-type-radio]")) {
    r.addEventListener("change", () => {
      const u = new URL(location.href);
      u.searchParams.set("type", r.value);
      location.assign(u.toString());
    });
  }
}

// ---- «Добавить счет»: the bank of a Kazakhstan IBAN (ACC-104, ACC-129 step 6) ----

const bankForm = document.querySelector("[data-bank-form]");

function pickBank() {
  const number = bankForm.querySelector("[data-iban]");
  const select = bankForm.querySelector("[data-bank-select]");
  const old = bankForm.querySelector("[name=old_format]");
  if (!number || !select) return;
  const n = number.value.replace(/\s+/g, "").toUpperCase();
  const kz = n.startsWith("KZ") && !(old && old.checked);
  if (kz && n.length >= 7) {
    const code = n.slice(4, 7);
    const opt = Array.from(select.options).find((o) => o.dataset.ibanCode === code);
    select.value = opt ? opt.value : "";
  }
  // The bank of a Kazakhstan IBAN is the IBAN's, not a choice (the server takes it anyway).
  select.disabled = kz;
}

if (bankForm) {
  for (const sel of ["[data-iban]", "[name=old_format]"]) {
    const el = bankForm.querySelector(sel);
    if (el) el.addEventListener("input", pickBank);
    if (el) el.addEventListener("change", pickBank);
  }
  pickBank();
}
