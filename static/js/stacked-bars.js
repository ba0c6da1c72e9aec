/* Horizontal stacked bar charts (registrations by country, action items by focus area).
   A static file, so the Content-Security-Policy can forbid inline scripts: each chart is a
   <canvas data-chart-source="ID"> whose data ({labels, datasets}) is the JSON block #ID, which the
   browser does not run. data-chart-legend="bottom" puts the legend below; data-chart-fill keeps the
   chart to its container's height instead of the canvas's aspect ratio. */
(function () {
  "use strict";
  document.querySelectorAll("canvas[data-chart-source]").forEach(function (canvas) {
    const source = document.getElementById(canvas.dataset.chartSource);
    if (!source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const options = {
      indexAxis: "y",
      responsive: true,
      scales: {x: {stacked: true, ticks: {precision: 0}}, y: {stacked: true}}
    };
    if (canvas.dataset.chartLegend) options.plugins = {legend: {position: canvas.dataset.chartLegend}};
    if ("chartFill" in canvas.dataset) options.maintainAspectRatio = false;
    canvas.chart = new Chart(canvas, {type: "bar", data: {labels: data.labels, datasets: data.datasets}, options: options});
  });
})();
