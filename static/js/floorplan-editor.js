// The floor plan editor's shortcut: a click on a hall's drawing fills the "Add a booth" form with
// that hall and the clicked cell (column x, row y). The form works without it, by typing the numbers.
(function () {
  "use strict";
  var form = document.getElementById("booth-form");
  if (!form) return;
  var status = document.getElementById("booth-picked");
  var template = status ? status.textContent : "";
  document.querySelectorAll("svg.fp-hall[data-hall-id]").forEach(function (svg) {
    svg.style.cursor = "crosshair";
    svg.addEventListener("click", function (event) {
      var matrix = svg.getScreenCTM();
      if (!matrix) return;
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var cell = point.matrixTransform(matrix.inverse());
      var x = Math.floor(cell.x), y = Math.floor(cell.y);
      if (x < 0 || y < 0 || x >= +svg.dataset.width || y >= +svg.dataset.height) return;
      form.querySelector("#booth-hall_id").value = svg.dataset.hallId;
      form.querySelector("#booth-x").value = x;
      form.querySelector("#booth-y").value = y;
      if (status) {
        status.textContent = template.replace("{x}", x).replace("{y}", y);
        status.hidden = false;
      }
      form.querySelector("#booth-number").focus();
    });
  });
})();
