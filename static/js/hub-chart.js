/* The event hub's charts (registrations over time): each <canvas data-hub-chart="ID"> draws the
   JSON block #ID ({labels: ISO dates, datasets: [{label, data}]}) as lines. A static file, so the
   Content-Security-Policy can forbid inline scripts; the table beside each chart holds the same
   numbers for screen readers and browsers without JavaScript. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  const colours = ["#1452b8", "#0f7b6c", "#8a4baf"];
  document.querySelectorAll("canvas[data-hub-chart]").forEach(function (canvas) {
    const source = document.getElementById(canvas.dataset.hubChart);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    canvas.chart = new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, i) {
          return {label: set.label, data: set.data, borderColor: colours[i % colours.length],
                  backgroundColor: colours[i % colours.length], pointRadius: 0, tension: 0.2};
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: {mode: "index", intersect: false},
        plugins: {legend: {position: "bottom"}},
        scales: {y: {beginAtZero: true, ticks: {precision: 0}}, x: {ticks: {maxTicksLimit: 8}}}
      }
    });
  });
})();
