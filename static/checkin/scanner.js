/* The door scanner: camera (BarcodeDetector, else the vendored jsQR), typed codes and search by
   name, all posting to the check-in API. Each scan carries a nonce, so a retried upload (flaky
   venue Wi-Fi) is recorded once; scans that could not be sent wait in localStorage.

   A static file: the page has no inline script (a Content-Security-Policy can then forbid them),
   so its translated texts and addresses come from the JSON block #scanner-config. */
(function () {
  "use strict";
  const root = document.getElementById("scanner");
  const configNode = document.getElementById("scanner-config");
  if (!root || !configNode) return;
  const config = JSON.parse(configNode.textContent);
  const T = config.text;
  const queueKey = "eventsys.scanQueue." + config.event;
  const deviceInput = document.getElementById("scan-device");
  deviceInput.value = localStorage.getItem("eventsys.device") || "";
  deviceInput.addEventListener("change", () => localStorage.setItem("eventsys.device", deviceInput.value.trim()));

  // Choosing another list reloads the page for it (an event handler here, not an onchange attribute).
  const listSelect = document.getElementById("scan-list");
  listSelect.addEventListener("change", () => listSelect.form.submit());

  function nonce() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return Array.from({length: 32}, () => Math.floor(Math.random() * 16).toString(16)).join("");
  }
  function direction() { return document.getElementById("dir-out").checked ? "out" : "in"; }
  function deviceName() { return (deviceInput.value.trim() || navigator.userAgent).slice(0, 200); }

  function show(body, status) {
    const card = document.getElementById("scan-result");
    const kind = status === 201 || body.result === "checked_out" ? "scan-ok"
      : ["already_checked_in", "not_checked_in", "unverified"].includes(body.result) ? "scan-warn" : "scan-bad";
    card.className = "scan-card mb-3 " + kind;
    card.dataset.result = body.result || "error";
    const person = body.registration;
    document.getElementById("scan-message").textContent = body.error || body.message || T.error;
    document.getElementById("scan-name").textContent = person ? person.name : "";
    document.getElementById("scan-local").textContent = person && person.local_name ? person.local_name : "";
    document.getElementById("scan-details").textContent = person
      ? [person.category_label, person.organisation, [person.city, person.country].filter(Boolean).join(", ")]
          .filter(Boolean).join(" · ") : "";
    const warnings = document.getElementById("scan-warnings");
    warnings.replaceChildren(...(body.warnings || []).map(w => { const li = document.createElement("li"); li.textContent = w; return li; }));
    if (navigator.vibrate) navigator.vibrate(kind === "scan-ok" ? 80 : [60, 60, 60]);
  }

  function queue() { try { return JSON.parse(localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; } }
  function saveQueue(items) {
    localStorage.setItem(queueKey, JSON.stringify(items));
    document.getElementById("scan-queue").textContent = items.length ? T.queued.replace("{n}", items.length) : "";
  }
  // Read the stored queue again rather than keep a copy: a scan may have joined it meanwhile.
  function enqueue(payload) { saveQueue(queue().concat([payload])); }
  function forget(payload) { saveQueue(queue().filter(item => item.nonce !== payload.nonce)); }

  // --- offline verification: the event's public key and revocation list, kept on the device ---
  const keysKey = "eventsys.scanKeys." + config.event;
  let keys = null;
  try { keys = JSON.parse(localStorage.getItem(keysKey) || "null"); } catch (e) { keys = null; }
  function loadKeys() {
    fetch(config.keys, {credentials: "same-origin"}).then(r => (r.ok ? r.json() : null)).then(body => {
      if (body) { keys = body; localStorage.setItem(keysKey, JSON.stringify(body)); }
    }).catch(() => {});
  }
  loadKeys();
  setInterval(loadKeys, 60000);

  function base32(text) {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let bits = 0, value = 0;
    const out = [];
    for (const char of text) {
      const index = alphabet.indexOf(char);
      if (index < 0) return null;
      value = (value << 5) | index; bits += 5;
      if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
    }
    return new Uint8Array(out);
  }
  function base64url(text) {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(binary, c => c.charCodeAt(0));
  }

  /* The same checks as the server, without it: format, event, Ed25519 signature, revocation.
     Names stay on the server, so the card shows the verdict only. */
  async function verifyOffline(code) {
    code = (code || "").trim().toUpperCase();
    const raw = code.length === 123 && code.startsWith("ES1") ? base32(code.slice(3)) : null;
    if (!raw || raw.length !== 75 || raw[0] !== 1) return "invalid";
    if (!keys || !window.crypto || !crypto.subtle) return "unverified";
    const view = new DataView(raw.buffer);
    const eventId = view.getUint32(1), registrationId = view.getUint32(5), serial = view.getUint16(9);
    if (eventId !== keys.event_id) return "wrong_event";
    try {
      const key = await crypto.subtle.importKey("raw", base64url(keys.public_key), {name: "Ed25519"}, false, ["verify"]);
      if (!await crypto.subtle.verify({name: "Ed25519"}, key, raw.slice(11), raw.slice(0, 11))) return "invalid";
    } catch (e) { return "unverified"; }
    if (keys.revoked.some(r => r.registration_id === registrationId && r.serial === serial)) return "revoked";
    return "valid_offline";
  }

  // --- sending, and what each answer means for the scan ---

  /* Retry-After is either seconds or an HTTP date; null when absent or unreadable. */
  function retryAfterMs(header) {
    if (!header || !header.trim()) return null;
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const when = Date.parse(header);
    return Number.isNaN(when) ? null : Math.max(0, when - Date.now());
  }

  /* Always resolves: {status, body, retryAfter}; status 0 when the request never got an answer. */
  function post(payload) {
    return fetch(config.api, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"}, body: JSON.stringify(payload)})
      .then(response => response.json().catch(() => null).then(body => ({
        status: response.status, body: body, retryAfter: retryAfterMs(response.headers.get("Retry-After"))})),
      () => ({status: 0, body: null, retryAfter: null}));
  }

  /* "final": the server recorded the scan (2xx) or refused it for good (403 another event or no
     role, 409 revoked / not confirmed / not checked in, 422 not a badge): shown, and dropped from
     the queue. "signin": 401, the session is gone; the scan waits until staff sign in again.
     "retry": anything else (no connection, 429, 5xx, a proxy's error page): the scan waits and is
     sent again later. A 2xx must carry the API's JSON verdict: a sign-in page served with 200 by
     some proxy has not recorded anything. A retry never records twice: the server answers a
     nonce it has already seen with that scan's first outcome. */
  function meaning(answer) {
    const body = answer.body;
    if (answer.status >= 200 && answer.status < 300) return body && body.result ? "final" : "retry";
    if ([403, 409, 422].includes(answer.status) && body) return "final";
    if (answer.status === 401) return "signin";
    return "retry";
  }

  // Back-off after a failed send: 1 s, 2 s, 4 s... up to a minute, each pause between half and
  // all of that ("equal jitter", so the phones at every door do not retry in step). A
  // Retry-After from the server wins, up to five minutes.
  const BASE_MS = 1000, CAP_MS = 60000, RETRY_AFTER_CAP_MS = 300000;
  let failures = 0, timer = null, flushing = false, signedOut = false;

  function pauseAfterFailure(answer) {
    failures += 1;
    if (answer.retryAfter !== null) return Math.min(RETRY_AFTER_CAP_MS, answer.retryAfter) + Math.random() * BASE_MS;
    const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** (failures - 1));
    return ceiling / 2 + Math.random() * ceiling / 2;
  }
  function retryLater(answer) {
    clearTimeout(timer);
    timer = setTimeout(flushQueue, pauseAfterFailure(answer));
  }

  const signinBanner = document.getElementById("scan-signin");
  function signOut() {
    // Sending more would only collect more 401s: wait for a new session (a page load after
    // signing in, or this tab coming back to the front).
    signedOut = true;
    clearTimeout(timer); timer = null;
    signinBanner.hidden = false;
  }
  function signedIn() { signinBanner.hidden = true; }

  async function flushQueue() {
    clearTimeout(timer); timer = null;
    if (flushing || signedOut) return;
    flushing = true;
    try {
      for (let items = queue(); items.length && !signedOut; items = queue()) {
        const item = items[0];
        const answer = await post(item);
        const kind = meaning(answer);
        if (kind === "signin") { signOut(); return; }
        if (kind === "retry") { retryLater(answer); return; }
        forget(item);
        failures = 0;
        signedIn();
        show(answer.body, answer.status);
      }
      failures = 0;
    } finally {
      flushing = false;
    }
  }

  /* A scan the server did not take yet: into the queue, and the card shows what the phone itself
     can tell about the badge. */
  async function keep(payload, fields, answer) {
    enqueue(payload);
    if (answer && answer.status === 401) signOut();
    else if (answer && !timer && !flushing) retryLater(answer);
    const verdict = fields.code ? await verifyOffline(fields.code) : "unverified";
    const message = {valid_offline: T.offline_valid, invalid: T.offline_invalid, revoked: T.offline_revoked,
                     wrong_event: T.offline_wrong_event}[verdict] || T.offline;
    show({result: verdict, error: message}, verdict === "valid_offline" ? 201 : 0);
  }

  async function submit(fields) {
    const payload = Object.assign({list: config.list, nonce: nonce(), direction: direction(),
      device: deviceName(), scanned_at: new Date().toISOString()}, fields);
    if (signedOut) return keep(payload, fields, null);
    document.getElementById("scan-message").textContent = T.checking;
    const answer = await post(payload);
    if (meaning(answer) === "final") { signedIn(); show(answer.body, answer.status); return answer; }
    return keep(payload, fields, answer);
  }

  saveQueue(queue());
  flushQueue();  // scans left from before this page load (a sign-in, a reload) go now
  window.addEventListener("online", () => { failures = 0; flushQueue(); });
  // Back to this tab, perhaps after signing in again in another one: try the session once more.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && signedOut) { signedOut = false; flushQueue(); }
  });

  document.getElementById("code-form").addEventListener("submit", event => {
    event.preventDefault();
    const input = document.getElementById("scan-code");
    const code = input.value.trim();
    if (code) submit({code: code}).then(() => { input.value = ""; input.focus(); });
  });

  document.getElementById("search-form").addEventListener("submit", event => {
    event.preventDefault();
    const q = document.getElementById("scan-search").value.trim();
    const list = document.getElementById("search-results");
    if (!q) { list.replaceChildren(); return; }
    fetch(config.search + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
      .then(r => r.json()).then(data => {
        if (!data.results.length) {
          const li = document.createElement("li"); li.className = "list-group-item"; li.textContent = T.nobody;
          list.replaceChildren(li); return;
        }
        list.replaceChildren(...data.results.map(person => searchResult(person)));
      });
  });

  /* A search result: enough to tell namesakes apart (organisation, city, category, the e-mail
     masked) and whether they are already in on this list: then the button is disabled and says
     since when, so nobody is checked in twice by hand. */
  function markCheckedIn(button, time) {
    button.disabled = true;
    button.className = "btn btn-sm btn-outline-secondary text-nowrap";
    button.textContent = T.checked_in_at.replace("{time}", time);
  }
  function searchResult(person) {
    const li = document.createElement("li");
    li.className = "list-group-item d-flex justify-content-between align-items-center gap-2";
    li.dataset.registration = person.id;
    const text = document.createElement("div");
    const name = document.createElement("div");
    name.className = "fw-semibold";
    name.textContent = person.name + (person.local_name ? " · " + person.local_name : "");
    const details = document.createElement("div");
    details.className = "small search-details";
    details.textContent = [person.organisation, [person.city, person.country].filter(Boolean).join(", "),
      person.category_label].filter(Boolean).join(" · ");
    const mail = document.createElement("div");
    mail.className = "small text-body-secondary search-email";
    mail.textContent = person.email_masked || "";
    text.append(name, details, mail);
    const button = document.createElement("button");
    button.type = "button"; button.className = "btn btn-sm btn-success text-nowrap"; button.textContent = T.check_in;
    const here = (person.checkins || {})[config.list];
    if (here && !here.out) markCheckedIn(button, here.at);
    button.addEventListener("click", () => submit({registration_id: person.id}).then(answer => {
      const body = answer && answer.body;
      if (body && body.checked_in_at_local && !body.checked_out_at &&
          ["checked_in", "already_checked_in"].includes(body.result)) markCheckedIn(button, body.checked_in_at_local);
    }));
    li.append(text, button);
    return li;
  }

  // --- camera ---
  const video = document.getElementById("scan-video");
  const canvas = document.getElementById("scan-canvas");
  const toggle = document.getElementById("camera-toggle");
  const note = document.getElementById("camera-note");
  let stream = null, detector = null, lastCode = "", lastAt = 0;

  function handle(code) {
    const now = Date.now();
    if (code === lastCode && now - lastAt < 4000) return;  // the same badge still in front of the lens
    lastCode = code; lastAt = now;
    submit({code: code});
  }

  async function tick() {
    if (!stream) return;
    if (video.readyState >= 2) {
      try {
        if (detector) {
          const codes = await detector.detect(video);
          if (codes.length) handle(codes[0].rawValue);
        } else if (window.jsQR) {
          const width = canvas.width = Math.min(640, video.videoWidth);
          const height = canvas.height = Math.round(video.videoHeight * width / video.videoWidth);
          const context = canvas.getContext("2d", {willReadFrequently: true});
          context.drawImage(video, 0, 0, width, height);
          const found = window.jsQR(context.getImageData(0, 0, width, height).data, width, height,
                                    {inversionAttempts: "dontInvert"});
          if (found && found.data) handle(found.data);
        }
      } catch (e) { /* a frame that could not be read: try the next one */ }
    }
    setTimeout(() => requestAnimationFrame(tick), 120);
  }

  async function start() {
    // Browsers expose the camera (and WebCrypto, for offline checks) only in a secure context.
    if (!window.isSecureContext) { note.textContent = T.insecure; return; }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { note.textContent = T.no_camera; return; }
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false});
    } catch (e) { note.textContent = T.no_camera; stream = null; return; }
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) detector = new window.BarcodeDetector({formats: ["qr_code"]});
      } catch (e) { detector = null; }
    }
    note.textContent = detector ? T.native : T.fallback;
    video.srcObject = stream; video.hidden = false;
    await video.play();
    toggle.textContent = T.stop;
    tick();
  }

  function stop() {
    if (stream) stream.getTracks().forEach(track => track.stop());
    stream = null; video.hidden = true; toggle.textContent = T.start;
  }

  toggle.addEventListener("click", () => (stream ? stop() : start()));
})();
