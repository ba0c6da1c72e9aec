/* The registration list's bulk decisions: "select all on this page", "select all N matching this
   filter" (the form then sends the filter, not the ids), a sticky action bar shown while something
   is selected, and the undo notice that leaves when its minute is over.

   Without this script the decision bar is always shown and its "Apply to" menu chooses between the
   rows ticked and every row matching the filter, so nothing here is needed to decide. */
(function () {
  "use strict";
  const undo = document.getElementById("undo-alert");
  if (undo) {
    const left = Date.parse(undo.dataset.undoUntil) - Date.now();
    if (left > 0) setTimeout(() => { undo.hidden = true; }, left);
  }

  const form = document.getElementById("bulk-form");
  if (!form) return;
  const bar = document.getElementById("bulk-bar");
  const scope = document.getElementById("bulk-scope");
  const count = document.getElementById("bulk-count");
  const pageBox = document.getElementById("select-page");
  const matching = document.getElementById("select-matching");
  const matchingButton = document.getElementById("select-matching-button");
  const boxes = Array.from(form.querySelectorAll('input[type="checkbox"][name="ids"]'));
  const total = Number(form.querySelector('input[name="expected"]').value);

  function update() {
    const ticked = boxes.filter(box => box.checked).length;
    const byFilter = scope.value === "filter";
    const n = byFilter ? total : ticked;
    bar.classList.toggle("es-bulkbar-idle", n === 0);
    count.textContent = n ? form.dataset.textSelected.replace("{n}", n) : "";
    pageBox.checked = ticked === boxes.length;
    pageBox.indeterminate = ticked > 0 && ticked < boxes.length;
    if (matching) matching.hidden = byFilter || ticked !== boxes.length;
  }

  pageBox.hidden = false;
  pageBox.addEventListener("change", () => {
    boxes.forEach(box => { box.checked = pageBox.checked; });
    if (!pageBox.checked) scope.value = "selection";
    update();
  });
  boxes.forEach(box => box.addEventListener("change", () => {
    if (!box.checked) scope.value = "selection";  // unticking one leaves "all matching"
    update();
  }));
  scope.addEventListener("change", () => {
    if (scope.value === "filter") boxes.forEach(box => { box.checked = true; });
    update();
  });
  if (matchingButton) {
    matchingButton.addEventListener("click", () => {
      scope.value = "filter";
      update();
      scope.focus();
    });
  }
  update();
})();
