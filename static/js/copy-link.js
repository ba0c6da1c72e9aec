/* Copy buttons: <button data-copy-target="ID" data-copy-status="ID" data-copied-text="..."
   data-failed-text="..."> copies the value of the field #copy-target and says so in #copy-status
   (an aria-live region, so screen readers hear it). The Clipboard API needs a secure context;
   elsewhere the field is selected and copied with execCommand, and if even that is refused the
   link stays selected for the reader to copy. */
(function () {
  "use strict";
  function say(status, text) {
    if (!status) return;
    status.textContent = "";
    // A fresh text node each time, so a second copy is announced again.
    window.setTimeout(function () { status.textContent = text; }, 50);
  }
  function selectAll(field) {
    field.focus();
    field.select();
    if (field.setSelectionRange) field.setSelectionRange(0, field.value.length);
  }
  function fallback(field, button, status) {
    selectAll(field);
    let copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    say(status, copied ? button.dataset.copiedText : button.dataset.failedText);
  }
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      const field = document.getElementById(button.dataset.copyTarget);
      const status = document.getElementById(button.dataset.copyStatus);
      if (!field) return;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { say(status, button.dataset.copiedText); },
          function () { fallback(field, button, status); }
        );
      } else {
        fallback(field, button, status);
      }
    });
  });
})();
