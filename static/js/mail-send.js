/* The organizers' mail pages (templates/messages/): a static file, as the Content-Security-Policy
   allows no inline script. Everything it needs comes in data-* attributes.
   - [data-insert] buttons put their placeholder at the cursor of the text field used last;
   - forms with data-confirm, and buttons with data-confirm, ask before they post;
   - mail previews (sandboxed frames that run nothing) grow to their content's height;
   - #campaign-progress polls its data-status-url until the mail to participants is queued. */
(function () {
  "use strict";

  // Placeholders: insert into the last focused text field (the first one before any focus).
  let lastField = document.querySelector("form textarea, form input[type=text]");
  document.querySelectorAll("form textarea, form input[type=text]").forEach(function (input) {
    input.addEventListener("focus", function () { lastField = input; });
  });
  document.querySelectorAll("[data-insert]").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!lastField) return;
      const text = button.dataset.insert;
      const start = lastField.selectionStart ?? lastField.value.length;
      const end = lastField.selectionEnd ?? start;
      lastField.value = lastField.value.slice(0, start) + text + lastField.value.slice(end);
      lastField.focus();
      lastField.setSelectionRange(start + text.length, start + text.length);
    });
  });

  // Confirmation before posting.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });

  // Previews: as tall as the mail (same origin, no scripts: the frame's document is readable).
  document.querySelectorAll("iframe.mail-preview-frame").forEach(function (frame) {
    function fit() {
      try {
        const doc = frame.contentDocument;
        if (doc && doc.documentElement) frame.style.height = (doc.documentElement.scrollHeight + 16) + "px";
      } catch (e) { /* keep the fixed height */ }
    }
    frame.addEventListener("load", fit);
    if (frame.contentDocument && frame.contentDocument.readyState === "complete") fit();
  });

  // Progress of a mail to participants.
  const box = document.getElementById("campaign-progress");
  if (!box) return;
  const bar = document.getElementById("campaign-bar");
  function show(state) {
    bar.style.width = state.progress + "%";
    bar.textContent = state.progress + "%";
    bar.parentElement.setAttribute("aria-valuenow", state.progress);
    Object.keys(state.counts).forEach(function (name) {
      const cell = box.querySelector('[data-count="' + name + '"]');
      if (cell) cell.textContent = state.counts[name];
    });
    box.querySelectorAll("[data-show-when]").forEach(function (node) {
      node.classList.toggle("d-none", node.dataset.showWhen !== state.status);
    });
    if (state.status !== "sending") {
      bar.classList.remove("progress-bar-striped", "progress-bar-animated");
      bar.classList.add(state.status === "done" ? "bg-success" : "bg-danger");
    }
    if (state.error) document.getElementById("campaign-error").textContent = state.error;
  }
  function poll() {
    fetch(box.dataset.statusUrl, {headers: {Accept: "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (state) {
        show(state);
        if (state.status === "sending") { setTimeout(poll, 1000); }
        else if (state.status === "failed") { window.location.reload(); }  // shows "Continue sending"
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (box.dataset.status === "sending") poll();
})();
