/* A background job's progress bar (a badge print run, the bulk issue of certificates): polls the
   job's JSON until it is done or failed. Everything comes in data-* attributes of #job: the status
   address, the translated texts, and the id of what to reveal when done. In data-done-text each
   {name} is replaced by the job's result[name] (e.g. {badges}, {issued}). */
(function () {
  "use strict";
  const box = document.getElementById("job");
  if (!box) return;
  const bar = document.getElementById("job-bar");
  const message = document.getElementById("job-message");
  function poll() {
    fetch(box.dataset.statusUrl, {headers: {"Accept": "application/json"}}).then(r => r.json()).then(job => {
      bar.style.width = job.progress + "%"; bar.textContent = job.progress + "%";
      bar.parentElement.setAttribute("aria-valuenow", job.progress);
      box.dataset.status = job.status;
      if (job.status === "done") {
        message.textContent = box.dataset.doneText.replace(/\{(\w+)\}/g, (all, name) => (job.result || {})[name] ?? all);
        document.getElementById(box.dataset.doneReveal).classList.remove("d-none");
      } else if (job.status === "failed") {
        message.textContent = box.dataset.failedText.replace("{error}", job.error);
      } else { setTimeout(poll, 1000); }
    }).catch(() => setTimeout(poll, 3000));
  }
  if (box.dataset.status !== "done" && box.dataset.status !== "failed") poll();
})();
