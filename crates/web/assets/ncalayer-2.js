// Tauar's NCALayer client (spec/signatures.md SIG-33, SIG-34, SIG-35). One hand-written module
// for the real NCALayer and for `tauar signer`: the only difference is the URL in
// <meta name="tauar-ncalayer-url">. Pages call Tauar.sign(...) and Tauar.probe(); forms marked
// data-tauar-sign are wired by bindSignForms(). No strings here: messages come from the page.

const DEFAULT_URL = "wss://127.0.0.1:13579";
const GREETING_MS = 3000;
let busy = false;
let current = null; // the open socket of the pending act, closed by "Cancel"

export class TauarSignError extends Error {
  constructor(code, detail, problem) {
    super(code);
    this.code = code; // a client code of §7.2, or SERVER for a problem document
    this.detail = detail || "";
    this.problem = problem || null;
  }
}

function signerUrl() {
  const m = document.querySelector('meta[name="tauar-ncalayer-url"]');
  return (m && m.content) || DEFAULT_URL;
}

async function permission() {
  try {
    if (!navigator.permissions) return undefined;
    const s = await navigator.permissions.query({ name: "loopback-network" });
    return s.state;
  } catch (_) {
    return undefined; // not supported by this browser: nothing to ask
  }
}

// SIG-34.1: connect and wait for the greeting {"result":{"version":…}}.
function connect(url) {
  return new Promise((resolve, reject) => {
    let ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      reject(new TauarSignError("NCALAYER_NOT_RUNNING", String(e)));
      return;
    }
    let done = false;
    const fail = (why) => {
      if (done) return;
      done = true;
      try { ws.close(); } catch (_) { /* already closed */ }
      reject(new TauarSignError("NCALAYER_NOT_RUNNING", why));
    };
    const timer = setTimeout(() => fail("no greeting"), GREETING_MS);
    ws.onerror = () => { clearTimeout(timer); fail("socket error"); };
    ws.onclose = () => { clearTimeout(timer); fail("closed before the greeting"); };
    ws.onmessage = (ev) => {
      if (done) return;
      clearTimeout(timer);
      done = true;
      let version = "";
      try { version = (JSON.parse(ev.data).result || {}).version || ""; } catch (_) { /* not JSON */ }
      ws.onerror = null;
      ws.onclose = null;
      resolve({ ws, version });
    };
  });
}

// One request, one answer (SIG-29); the heartbeat echo is ignored.
function call(ws, msg) {
  return new Promise((resolve, reject) => {
    ws.onmessage = (ev) => {
      if (ev.data === "--heartbeat--") return;
      ws.onclose = null;
      try { resolve(JSON.parse(ev.data)); } catch (_) {
        reject(new TauarSignError("NCALAYER_ERROR", "not JSON: " + String(ev.data).slice(0, 200)));
      }
    };
    ws.onclose = () => reject(new TauarSignError("NCALAYER_CLOSED"));
    ws.send(JSON.stringify(msg));
  });
}

function firstSignature(result) {
  if (typeof result === "string") return result;
  if (Array.isArray(result)) return result[0];
  if (result && Array.isArray(result.signatures)) return result.signatures[0];
  return undefined;
}

// SIG-30 (basics.sign), falling back to SIG-31 (commonUtils) on an old NCALayer.
async function signWith(ws, ch, locale) {
  const f = ch.filters || {};
  const signerParams = { extKeyUsageOids: f.extKeyUsageOids || [], chain: null };
  if (f.iin) signerParams.iin = f.iin;
  if (f.bin) signerParams.bin = f.bin;
  // SIG-45: a timestamp (CAdES-T) only when the server asks for one (`signing.tsa`).
  const signingParams = { decode: true, encapsulate: true, digested: false };
  if (ch.tsa === true) signingParams.tsaProfile = {};
  const reply = await call(ws, {
    module: "kz.gov.pki.knca.basics",
    method: "sign",
    args: {
      format: "cms",
      data: ch.tbs_base64,
      signingParams,
      signerParams,
      locale,
    },
  });
  if (reply.status === true) {
    const cms = firstSignature((reply.body || {}).result);
    if (!cms) throw new TauarSignError("NCALAYER_CANCELLED");
    return cms;
  }
  const code = reply.errorCode || reply.code;
  if (code !== "MODULE_NOT_FOUND" && code !== "INVOCATION_ERROR") {
    throw new TauarSignError("NCALAYER_ERROR", [code, reply.message].filter(Boolean).join(": "));
  }
  const tokens = await call(ws, { module: "kz.gov.pki.knca.commonUtils", method: "getActiveTokens" });
  const storage = (tokens.code === "200" && (tokens.responseObject || [])[0]) || "PKCS12";
  const keyType = ch.key_kind === "ANY" ? "ANY" : "SIGNATURE";
  const r = await call(ws, {
    module: "kz.gov.pki.knca.commonUtils",
    method: "createCAdESFromBase64",
    args: [storage, keyType, ch.tbs_base64, true],
  });
  if (r.code === "200" && r.responseObject) return r.responseObject;
  if (r.message === "action.canceled") throw new TauarSignError("NCALAYER_CANCELLED");
  throw new TauarSignError("NCALAYER_ERROR", [r.code, r.message].filter(Boolean).join(": "));
}

async function postJson(url, body) {
  const res = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "Accept": "application/json" },
    body: JSON.stringify(body),
  });
  let json = null;
  try { json = await res.json(); } catch (_) { /* empty body */ }
  if (!res.ok) {
    throw new TauarSignError("SERVER", (json && json.detail) || res.statusText, json);
  }
  return json;
}

/// SIG-33: fetch a challenge, sign it in NCALayer, post the CMS; resolves with the server's
/// answer, rejects with a TauarSignError.
export async function sign({ challengeUrl, completeUrl, purpose, content, locale }) {
  if (busy) throw new TauarSignError("NCALAYER_BUSY");
  busy = true;
  try {
    if ((await permission()) === "denied") throw new TauarSignError("NCALAYER_PERMISSION_DENIED");
    const ch = await postJson(challengeUrl, content === undefined ? { purpose } : { purpose, content });
    const { ws } = await connect(signerUrl());
    current = ws;
    let cms;
    try {
      cms = await signWith(ws, ch, locale || document.documentElement.lang || "ru");
    } finally {
      current = null;
      try { ws.close(); } catch (_) { /* closed */ }
    }
    return await postJson(completeUrl, { challenge_id: ch.challenge_id, cms_base64: cms });
  } finally {
    busy = false;
  }
}

/// Closes the pending request's socket (SIG-34.5: the challenge simply expires).
export function cancel() {
  if (current) current.close();
}

/// SIG-33: whether NCALayer answers, for the status line next to a signing button.
export async function probe() {
  const perm = await permission();
  try {
    const { ws, version } = await connect(signerUrl());
    ws.close();
    return { running: true, version, permission: perm };
  } catch (_) {
    return { running: false, permission: perm };
  }
}

function show(el, text, kind) {
  el.hidden = false;
  el.className = "message " + kind;
  el.textContent = text;
}

// Wires <form data-tauar-sign data-purpose=… data-complete=…>: the page's texts ride in
// data-msg-* attributes of the form (kk/ru/en from the server's Fluent files).
export function bindSignForms() {
  for (const form of document.querySelectorAll("form[data-tauar-sign]")) {
    const status = form.querySelector("[data-sign-status]");
    const out = form.querySelector("[data-sign-result]");
    const cancelBtn = form.querySelector("[data-sign-cancel]");
    const msg = (code) => form.dataset["msg" + code.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c) => c.toUpperCase())] || code;
    const refresh = async () => {
      if (!status) return;
      const p = await probe();
      status.textContent = p.running ? form.dataset.msgRunning + (p.version ? " (" + p.version + ")" : "") : form.dataset.msgNotRunningShort;
      status.dataset.running = String(p.running);
    };
    refresh();
    if (cancelBtn) cancelBtn.addEventListener("click", () => cancel());
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const data = Object.fromEntries(new FormData(form).entries());
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      if (cancelBtn) cancelBtn.hidden = false;
      show(out, form.dataset.msgWaiting, "info");
      try {
        const r = await sign({
          challengeUrl: form.dataset.challenge,
          completeUrl: form.dataset.complete,
          purpose: form.dataset.purpose,
          content: data,
        });
        out.hidden = false;
        out.className = "message ok";
        out.textContent = "";
        const p = document.createElement("p");
        p.textContent = form.dataset.msgDone + " " + r.signer.full_name + (r.signer.iin ? " (" + r.signer.iin + ")" : "");
        out.appendChild(p);
        const a = document.createElement("a");
        a.href = r.record_url;
        a.textContent = form.dataset.msgRecord;
        a.dataset.signatureId = String(r.signature_id);
        out.appendChild(a);
      } catch (e) {
        const code = e instanceof TauarSignError ? e.code : "NCALAYER_ERROR";
        const text = code === "SERVER"
          ? ((e.problem && e.problem.title) || e.detail)
          : msg(code).replace("{detail}", e.detail || "");
        show(out, text, "error");
        out.dataset.code = code === "SERVER" && e.problem ? e.problem.code : code;
        if (code === "NCALAYER_NOT_RUNNING" && form.dataset.install) {
          const a = document.createElement("a");
          a.href = form.dataset.install;
          a.rel = "noopener";
          a.textContent = " " + form.dataset.msgInstall;
          out.appendChild(a);
        }
      } finally {
        button.disabled = false;
        if (cancelBtn) cancelBtn.hidden = true;
        refresh();
      }
    });
  }
}

window.Tauar = { sign, probe, cancel, TauarSignError };
bindSignForms();
