/* The bulk issue of certificates: polls the job's JSON until it is done or failed.
   The status address and the translated messages are data-* attributes of #job. */
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
        message.textContent = box.dataset.doneText.replace("{issued}", job.result.issued)
          .replace("{replaced}", job.result.replaced).replace("{unchanged}", job.result.unchanged);
        document.getElementById("job-done").classList.remove("d-none");
      } else if (job.status === "failed") {
        message.textContent = box.dataset.failedText.replace("{error}", job.error);
      } else { setTimeout(poll, 1000); }
    }).catch(() => setTimeout(poll, 3000));
  }
  if (box.dataset.status !== "done" && box.dataset.status !== "failed") poll();
})();
