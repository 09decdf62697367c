// Follows a batch screening job (the element with data-job, the job's JSON URL): updates the
// progress bar and the row count every second, and reloads the page when the job ends, so
// that the server renders the downloads or the error. Without JavaScript the page refreshes
// itself (a <noscript> meta refresh).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) return;
  var url = box.getAttribute("data-job");
  var bar = document.getElementById("job-progress");
  var done = document.getElementById("job-done");
  var fmt = new Intl.NumberFormat("en");

  function update(job) {
    box.setAttribute("data-state", job.state);
    if (bar) bar.value = job.rows_done;
    if (done) done.textContent = fmt.format(job.rows_done);
    if (job.state !== "queued" && job.state !== "running") {
      window.location.reload();
      return false;
    }
    return true;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (job) {
        if (update(job)) window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 500);
})();
