/* The registration form's "I need a visa invitation letter" box: <input data-reveals="ID"> shows
   the element #ID (the passport fields) only while it is ticked. Without JavaScript the fields are
   always shown and the server reads them only when the box is ticked: nothing depends on this. */
(function () {
  "use strict";
  document.querySelectorAll("input[type=checkbox][data-reveals]").forEach(function (box) {
    const target = document.getElementById(box.dataset.reveals);
    if (!target) return;
    function sync() {
      target.hidden = !box.checked;
      box.setAttribute("aria-expanded", box.checked ? "true" : "false");
    }
    box.setAttribute("aria-controls", target.id);
    box.addEventListener("change", sync);
    sync();
  });
})();
