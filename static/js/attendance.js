/* Live attendance: the chart by country and the tables, refreshed every 5 seconds from the JSON
   at data-url of #attendance. The first figures are the JSON block #attendance-data and the
   chart's dataset label is data-label of the canvas (no inline script: see the CSP). */
(function () {
  "use strict";
  const box = document.getElementById("attendance");
  const initialNode = document.getElementById("attendance-data");
  const canvas = document.getElementById("country-chart");
  if (!box || !initialNode || !canvas || typeof Chart === "undefined") return;
  const initial = JSON.parse(initialNode.textContent);
  const chart = new Chart(canvas, {
    type: "bar",
    data: {labels: initial.by_country.map(r => r.name),
           datasets: [{label: canvas.dataset.label, data: initial.by_country.map(r => r.count), backgroundColor: "#1452b8"}]},
    options: {responsive: true, maintainAspectRatio: false, animation: false, plugins: {legend: {display: false}},
              scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
  });
  function rows(tbody, items) {
    tbody.replaceChildren(...items.map(item => {
      const tr = document.createElement("tr");
      const name = document.createElement("td"); name.textContent = item.name;
      const count = document.createElement("td"); count.className = "text-end"; count.textContent = item.count;
      tr.append(name, count); return tr;
    }));
  }
  function refresh() {
    fetch(box.dataset.url, {credentials: "same-origin"}).then(r => r.json()).then(data => {
      chart.data.labels = data.by_country.map(r => r.name);
      chart.data.datasets[0].data = data.by_country.map(r => r.count);
      chart.update();
      rows(document.getElementById("by-country"), data.by_country);
      rows(document.getElementById("by-city"), data.by_city);
      data.lists.forEach(row => {
        const tr = document.querySelector('#lists-table tr[data-key="' + CSS.escape(row.key) + '"]');
        if (!tr) return;
        tr.querySelector('[data-field="checked_in"]').textContent = row.checked_in;
        tr.querySelector('[data-field="present"]').textContent = row.present;
      });
      box.dataset.refreshed = String(Number(box.dataset.refreshed || 0) + 1);
    }).catch(() => {});
  }
  setInterval(refresh, 5000);
})();
