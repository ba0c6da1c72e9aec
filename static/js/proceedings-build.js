/* The proceedings book's build progress: polls the job's JSON until it is done or failed.
   The status address is data-status-url of #build-progress; the translated texts are the JSON
   block #build-texts (which the browser does not run). */
(function () {
  "use strict";
  const box = document.getElementById("build-progress");
  const textsNode = document.getElementById("build-texts");
  if (!box || !textsNode) return;
  const T = JSON.parse(textsNode.textContent);
  const bar = document.getElementById("progress-bar");
  const stageText = document.getElementById("progress-stage");
  function show(job) {
    bar.setAttribute("aria-valuenow", job.progress);
    bar.firstElementChild.style.width = job.progress + "%";
    box.dataset.status = job.status;
    if (job.status === "done") {
      const link = document.createElement("a");
      link.href = window.location.pathname;
      link.textContent = T.done;
      stageText.replaceChildren(link);
      return true;
    }
    if (job.status === "failed") { stageText.textContent = T.failed; return true; }
    stageText.textContent = T.stages[job.stage] || T.waiting;
    return false;
  }
  function poll() {
    fetch(box.dataset.statusUrl, {headers: {Accept: "application/json"}})
      .then(r => r.json())
      .then(job => { if (!show(job)) { setTimeout(poll, 1000); } })
      .catch(() => setTimeout(poll, 3000));
  }
  poll();
})();
