// Tauar's login and registration page (spec/accounts.md §3.1, §3.3, §3.6, §5.1–§5.3): the
// certificate step and the agreement signature through the NCALayer module (SIG-33), the
// registration form with the phone mask and the live password checklist, the password step.
// No texts here: they come from the page (data-msg-* attributes and the problem documents of
// the API, both in the page's language). No inline handlers: everything is wired below.

import { sign, cancel, probe, TauarSignError } from "./ncalayer-2.js";

const root = document.getElementById("auth");

const state = {
  loginToken: null,
  registrationToken: null,
  fullName: "",
  agreementSigned: false,
};

function $(sel, el) { return (el || root).querySelector(sel); }
function $$(sel, el) { return Array.from((el || root).querySelectorAll(sel)); }

function msg(name) {
  return root.dataset["msg" + name.replace(/(^|[-_])([a-z])/g, (_, __, c) => c.toUpperCase())] || "";
}

function lang() { return root.dataset.lang || document.documentElement.lang || "ru"; }
function withQuery(path, params) {
  const q = new URLSearchParams(params);
  q.set("lang", lang());
  return path + (path.includes("?") ? "&" : "?") + q.toString();
}

// ---- messages ----

function show(box, text, kind, code) {
  box.hidden = false;
  box.className = "message " + kind;
  box.textContent = text;
  if (code) box.dataset.code = code; else delete box.dataset.code;
  return box;
}

function hide(box) {
  box.hidden = true;
  box.textContent = "";
  delete box.dataset.code;
}

function top() { return $("[data-auth-message]"); }

function clearFieldErrors(scope) {
  for (const p of $$("[data-error-for]", scope)) hide(p);
}

function fieldError(field, text, code) {
  const p = $(`[data-error-for="${field}"]`);
  if (!p) return false;
  p.hidden = false;
  p.className = "field-error";
  p.textContent = text;
  if (code) p.dataset.code = code;
  return true;
}

function helpLink() {
  const a = document.createElement("a");
  a.href = "/help/ecp";
  a.textContent = msg("help");
  a.dataset.helpLink = "";
  return a;
}

function actionButton(label, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "secondary";
  b.textContent = label;
  b.addEventListener("click", onClick);
  return b;
}

// ACC-136: NCALayer down or refusing → a message with the help page; cancelled → nothing.
const RIGHTS = /access.?denied|permission|not enough rights|недостаточно прав/i;

function signFailure(e, box) {
  const code = e instanceof TauarSignError ? e.code : "NCALAYER_ERROR";
  if (code === "NCALAYER_CANCELLED") return null;
  if (code === "NCALAYER_NOT_RUNNING") {
    const b = show(box, msg("ncalayer-down") + " ", "error", "MSG-NCALAYER-DOWN");
    b.appendChild(helpLink());
    return code;
  }
  if (code === "NCALAYER_ERROR" && RIGHTS.test(e.detail || "")) {
    const b = show(box, msg("ncalayer-rights") + " ", "error", "MSG-NCALAYER-RIGHTS");
    b.appendChild(helpLink());
    return code;
  }
  if (code === "SERVER") {
    const p = e.problem || {};
    show(box, p.title || e.detail || "", "error", p.code || "SERVER");
    return p.code || "SERVER";
  }
  const text = (msg(code.toLowerCase().replace(/_/g, "-")) || msg("ncalayer-error")).replace("{detail}", e.detail || "");
  show(box, text, "error", code);
  return code;
}

// ---- busy state while NCALayer's dialog is open (SIG-34.5) ----

function busy(on) {
  $("[data-busy]").hidden = !on;
  for (const b of $$("[data-key], [data-agreement-sign]")) b.disabled = on || (b.matches("[data-agreement-sign]") && state.agreementSigned);
}

async function refreshStatus() {
  const s = $("[data-sign-status]");
  if (!s) return;
  const p = await probe();
  s.textContent = p.running ? msg("running") + (p.version ? " (" + p.version + ")" : "") : msg("not-running-short");
  s.dataset.running = String(p.running);
}

// ---- steps ----

function showStep(name) {
  for (const s of $$("[data-step]")) s.hidden = s.dataset.step !== name;
}

async function api(method, path, body) {
  const res = await fetch(withQuery(path, {}), {
    method,
    credentials: "same-origin",
    headers: {
      "Accept": "application/json",
      "Content-Type": "application/json",
      "X-CSRF-Token": root.dataset.csrf,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json = null;
  try { json = await res.json(); } catch (_) { /* empty body */ }
  return { ok: res.ok, status: res.status, json: json || {} };
}

/// The certificate step: `login` (the portal «Выберите ключ», НКТ «Авторизация») or
/// `identity` (НКТ «Регистрация»).
async function certificateStep(kind) {
  hide(top());
  busy(true);
  try {
    const out = await sign({
      challengeUrl: withQuery("/api/v1/signatures/challenges", {}),
      completeUrl: withQuery("/api/v1/auth/browser/" + kind, { entry: root.dataset.entry, csrf: root.dataset.csrf }),
      purpose: kind === "login" ? "login" : "register.identity",
      locale: lang(),
    });
    if (out.next === "password") {
      openPassword(out.login_token, out.full_name);
    } else {
      await openRegister(out.registration_token, out.identity || {});
    }
  } catch (e) {
    const code = signFailure(e, top());
    // ACC-44, ACC-54: the other НКТ button, with a new certificate step.
    if (code === "MSG-NOT-REGISTERED") {
      top().appendChild(document.createTextNode(" "));
      top().appendChild(actionButton(msg("nct-register"), () => certificateStep("identity")));
    } else if (code === "MSG-ALREADY-REGISTERED" && root.dataset.entry === "NCT") {
      top().appendChild(document.createTextNode(" "));
      top().appendChild(actionButton(msg("nct-auth"), () => certificateStep("login")));
    }
  } finally {
    busy(false);
    refreshStatus();
  }
}

// ---- registration (ACC-38…ACC-42, ACC-45…ACC-47) ----

function dmy(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${m[3]}.${m[2]}.${m[1]}` : (iso || "");
}

function fullName(id) {
  return [id.last_name, id.first_name, id.middle_name].filter(Boolean).join(" ");
}

async function openRegister(token, identity) {
  state.registrationToken = token;
  state.agreementSigned = false;
  state.fullName = fullName(identity);
  const form = $("[data-register-form]");
  form.reset();
  clearFieldErrors(form);
  $("#reg-iin").value = identity.iin || "";
  $("#reg-fio").value = state.fullName;
  $("#reg-birth").value = dmy(identity.birth_date);
  $("#reg-email").value = identity.email || "";
  const signed = $("[data-agreement-signed]");
  if (signed) hide(signed);
  for (const b of $$("[data-agreement-sign]")) b.disabled = false;
  const check = $("[data-agreement-check]");
  if (check) check.checked = false;
  updateRules();
  updateSubmit();
  showStep("register");
  $("#reg-email").focus();
  const r = await api("GET", "/api/v1/auth/agreement?registration_token=" + encodeURIComponent(token));
  for (const t of $$("[data-agreement-text]")) t.textContent = r.ok ? r.json.text : (r.json.title || "");
  const title = $("[data-agreement-title]");
  if (title && r.ok) title.textContent = r.json.title;
}

// ACC-3: +7 (XXX) XXX XX XX while typing; only the 10 digits after +7 are kept.
function maskPhone(value) {
  let digits = value.replace(/\D/g, "");
  const intl = value.trim().startsWith("+");
  if (intl || (digits.length > 10 && (digits[0] === "7" || digits[0] === "8"))) digits = digits.slice(1);
  digits = digits.slice(0, 10);
  if (!digits) return intl ? "+7 " : "";
  let out = "+7 (" + digits.slice(0, 3);
  if (digits.length >= 3) out += ")";
  if (digits.length > 3) out += " " + digits.slice(3, 6);
  if (digits.length > 6) out += " " + digits.slice(6, 8);
  if (digits.length > 8) out += " " + digits.slice(8, 10);
  return out;
}

const PHONE_OK = /^\+7 \(\d{3}\) \d{3} \d{2} \d{2}$/;
const EMAIL_OK = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

// ACC-123: the live checklist of «Задать пароль».
function rules(pw) {
  const n = Array.from(pw).length;
  return {
    length: n >= 8 && n <= 20,
    lower: /\p{Ll}/u.test(pw),
    upper: /\p{Lu}/u.test(pw),
    digit: /[0-9]/.test(pw),
  };
}

function updateRules() {
  const r = rules($("#reg-password").value);
  for (const li of $$("[data-rule]")) li.dataset.ok = String(r[li.dataset.rule]);
  return Object.values(r).every(Boolean);
}

// CAT-32: «Зарегистрироваться» stays disabled until every field is valid and the agreement
// is signed (НКТ only; the portal button always submits and the server lists the errors).
function updateSubmit() {
  if (root.dataset.entry !== "NCT") return;
  const pw = $("#reg-password").value;
  const ok = EMAIL_OK.test($("#reg-email").value.trim())
    && PHONE_OK.test($("#reg-phone").value)
    && Object.values(rules(pw)).every(Boolean)
    && pw === $("#reg-password2").value
    && state.agreementSigned;
  $("[data-register-submit]").disabled = !ok;
}

async function signAgreement() {
  clearFieldErrors($("[data-register-form]"));
  const dialog = $("[data-agreement-dialog]");
  if (dialog && dialog.open) dialog.close();
  busy(true);
  try {
    const r = await sign({
      challengeUrl: withQuery("/api/v1/signatures/challenges", {}),
      completeUrl: withQuery("/api/v1/auth/browser/agreement", {
        registration_token: state.registrationToken,
        csrf: root.dataset.csrf,
      }),
      purpose: "register.agreement",
      content: { registration_token: state.registrationToken },
      locale: lang(),
    });
    state.agreementSigned = true;
    const signed = $("[data-agreement-signed]");
    if (signed) { signed.hidden = false; signed.textContent = r.message; }
    const check = $("[data-agreement-check]");
    if (check) check.checked = true;
  } catch (e) {
    const box = $('[data-error-for="agreement"]');
    const code = signFailure(e, box);
    if (code) box.className = "field-error";
    if (code === "MSG-STEP-EXPIRED") restart(e.problem);
  } finally {
    busy(false);
    updateSubmit();
  }
}

function restart(problem) {
  showStep("key");
  show(top(), (problem && problem.title) || "", "error", problem && problem.code);
}

async function submitRegistration(ev) {
  ev.preventDefault();
  const form = $("[data-register-form]");
  clearFieldErrors(form);
  hide(top());
  const button = $("[data-register-submit]");
  button.disabled = true;
  try {
    const r = await api("POST", "/api/v1/auth/register", {
      registration_token: state.registrationToken,
      email: $("#reg-email").value,
      mobile_phone: $("#reg-phone").value,
      password: $("#reg-password").value,
      password_confirmation: $("#reg-password2").value,
    });
    if (r.status === 201) {
      state.loginToken = r.json.login_token;
      state.registrationToken = null;
      form.reset();
      $("[data-done-message]").textContent = msg("registered").replace("{email}", r.json.email);
      showStep("done");
      return;
    }
    const errors = Array.isArray(r.json.errors) ? r.json.errors : [];
    let shown = false;
    for (const fe of errors) shown = fieldError(fe.field, fe.message, fe.code) || shown;
    if (r.json.code === "MSG-STEP-EXPIRED") restart(r.json);
    else if (!shown) show(top(), r.json.title || String(r.status), "error", r.json.code);
  } finally {
    button.disabled = false;
    updateSubmit();
  }
}

function backToKeys() {
  // CAT-33: «Вернуться назад» discards what was typed.
  $("[data-register-form]").reset();
  state.registrationToken = null;
  state.agreementSigned = false;
  showStep("key");
}

// ---- the password step (ACC-55, ACC-56, ACC-65, ACC-139) ----

function openPassword(token, name) {
  state.loginToken = token;
  const form = $("[data-password-form]");
  form.reset();
  clearFieldErrors(form);
  hide($("[data-password-message]"));
  $("[data-password-fio]").textContent = name || state.fullName;
  $("#login-password").disabled = false;
  $("[data-password-submit]").disabled = false;
  showStep("password");
  $("#login-password").focus();
}

const NEXT = { activation: "/auth/pending", change_password: "/auth/password", agreement: "/auth/agreement", cabinet: "/cabinet" };

async function submitPassword(ev) {
  ev.preventDefault();
  const form = $("[data-password-form]");
  const box = $("[data-password-message]");
  clearFieldErrors(form);
  hide(box);
  const button = $("[data-password-submit]");
  button.disabled = true;
  let locked = false;
  try {
    const r = await api("POST", "/api/v1/auth/login/password", {
      login_token: state.loginToken,
      password: $("#login-password").value,
    });
    if (r.ok) {
      location.assign(NEXT[r.json.next] || "/cabinet");
      return;
    }
    const code = r.json.code;
    if (code === "MSG-WRONG-PASSWORD") {
      fieldError("login_password", r.json.title, code);
      $("#login-password").value = "";
      $("#login-password").focus();
    } else if (code === "MSG-LOCKED") {
      // ACC-139: the message at the top, the field disabled, «Забыли пароль?» still active.
      locked = true;
      show(box, r.json.title, "error", code);
      $("#login-password").value = "";
      $("#login-password").disabled = true;
    } else if (code === "MSG-STEP-EXPIRED") {
      restart(r.json);
    } else {
      show(box, r.json.title || String(r.status), "error", code);
    }
  } finally {
    button.disabled = locked;
  }
}

async function forgotPassword() {
  const box = $("[data-password-message]");
  const r = await api("POST", "/api/v1/auth/recovery", { login_token: state.loginToken });
  if (r.ok) show(box, r.json.message, "ok", "MSG-RECOVERY-SENT");
  else if (r.json.code === "MSG-STEP-EXPIRED") restart(r.json);
  else show(box, r.json.title || String(r.status), "error", r.json.code);
}

// ---- wiring ----

function wire() {
  for (const b of $$("[data-key]")) b.addEventListener("click", () => certificateStep(b.dataset.key));
  $("[data-sign-cancel]").addEventListener("click", () => cancel());

  const form = $("[data-register-form]");
  form.addEventListener("submit", submitRegistration);
  form.addEventListener("input", updateSubmit);
  const phone = $("#reg-phone");
  phone.addEventListener("input", () => {
    phone.value = maskPhone(phone.value);
    updateSubmit();
  });
  $("#reg-password").addEventListener("input", () => { updateRules(); updateSubmit(); });
  for (const b of $$("[data-agreement-sign]")) b.addEventListener("click", signAgreement);

  // НКТ: the checkbox is ticked only by a good signature (ACC-46, CAT-30); clicking it opens
  // the agreement instead.
  const dialog = $("[data-agreement-dialog]");
  const check = $("[data-agreement-check]");
  if (check && dialog) {
    check.addEventListener("click", (ev) => { ev.preventDefault(); if (!state.agreementSigned) dialog.showModal(); });
    $("[data-agreement-open]").addEventListener("click", () => dialog.showModal());
    $("[data-agreement-close]").addEventListener("click", () => dialog.close());
  }
  const back = $("[data-register-back]");
  if (back) back.addEventListener("click", backToKeys);

  $("[data-password-form]").addEventListener("submit", submitPassword);
  $("[data-forgot]").addEventListener("click", forgotPassword);
  $("[data-authorize]").addEventListener("click", (ev) => {
    // ACC-42: «Авторизуйтесь» opens the password step of the registration's certificate.
    if (!state.loginToken) return;
    ev.preventDefault();
    openPassword(state.loginToken, state.fullName);
  });
  refreshStatus();
}

if (root) wire();
