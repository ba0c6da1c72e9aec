/* The door scanner: camera (BarcodeDetector, else the vendored jsQR), typed codes and search by
   name, all posting to the check-in API. Each scan carries a nonce, so a retried upload (flaky
   venue Wi-Fi) is recorded once; scans that could not be sent wait in localStorage. */
(function () {
  "use strict";
  const root = document.getElementById("scanner");
  if (!root) return;
  const T = window.SCANNER_TEXT;
  const api = root.dataset.api;
  const queueKey = "eventsys.scanQueue." + root.dataset.event;
  const deviceInput = document.getElementById("scan-device");
  deviceInput.value = localStorage.getItem("eventsys.device") || "";
  deviceInput.addEventListener("change", () => localStorage.setItem("eventsys.device", deviceInput.value.trim()));

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

  // --- offline verification: the event's public key and revocation list, kept on the device ---
  const keysKey = "eventsys.scanKeys." + root.dataset.event;
  let keys = null;
  try { keys = JSON.parse(localStorage.getItem(keysKey) || "null"); } catch (e) { keys = null; }
  function loadKeys() {
    fetch(root.dataset.keys, {credentials: "same-origin"}).then(r => (r.ok ? r.json() : null)).then(body => {
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

  function post(payload) {
    return fetch(api, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"}, body: JSON.stringify(payload)})
      .then(response => response.json().then(body => ({status: response.status, body: body})));
  }

  function submit(fields) {
    const payload = Object.assign({list: root.dataset.list, nonce: nonce(), direction: direction(),
      device: deviceName(), scanned_at: new Date().toISOString()}, fields);
    document.getElementById("scan-message").textContent = T.checking;
    return post(payload).then(r => show(r.body, r.status)).catch(async () => {
      saveQueue(queue().concat([payload]));
      const verdict = fields.code ? await verifyOffline(fields.code) : "unverified";
      const message = {valid_offline: T.offline_valid, invalid: T.offline_invalid, revoked: T.offline_revoked,
                       wrong_event: T.offline_wrong_event}[verdict] || T.offline;
      show({result: verdict, error: message}, verdict === "valid_offline" ? 201 : 0);
    });
  }

  function flushQueue() {
    const items = queue();
    if (!items.length) return;
    const [first, ...rest] = items;
    post(first).then(r => { saveQueue(rest); show(r.body, r.status); flushQueue(); }).catch(() => {});
  }
  setInterval(flushQueue, 5000);
  saveQueue(queue());

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
    fetch(root.dataset.search + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
      .then(r => r.json()).then(data => {
        if (!data.results.length) {
          const li = document.createElement("li"); li.className = "list-group-item"; li.textContent = T.nobody;
          list.replaceChildren(li); return;
        }
        list.replaceChildren(...data.results.map(person => {
          const li = document.createElement("li");
          li.className = "list-group-item d-flex justify-content-between align-items-center gap-2";
          const text = document.createElement("span");
          text.textContent = person.name + (person.local_name ? " · " + person.local_name : "") +
            (person.organisation ? " — " + person.organisation : "");
          const button = document.createElement("button");
          button.type = "button"; button.className = "btn btn-sm btn-success"; button.textContent = T.check_in;
          button.addEventListener("click", () => submit({registration_id: person.id}));
          li.append(text, button);
          return li;
        }));
      });
  });

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
