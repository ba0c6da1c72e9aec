/* The error summary of a form sent back with errors (the error_summary macro in _macros.html):
   the focus moves to it when the page loads, so a screen reader reads what went wrong and a phone
   shows it instead of the top of a long form. Its links focus the field itself (not only scroll
   to it) and bring the field's label into view above it, as the GOV.UK error summary does. */
(function () {
  "use strict";
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    let field = document.getElementById(id);
    if (field && !field.matches("input, select, textarea, button")) {
      field = field.querySelector("input, select, textarea") || field;
    }
    if (!field) return;
    event.preventDefault();
    const label = document.querySelector("label[for='" + CSS.escape(field.id) + "']");
    const group = field.matches("[type=radio], [type=checkbox]") && field.closest("fieldset");
    const legend = group && group.querySelector("legend");
    (legend || label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
