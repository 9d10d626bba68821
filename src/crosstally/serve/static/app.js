// crosstally serve: small enhancements; every page works without them.
"use strict";

// A running question: follow its progress, then open the report (without scripts the page
// reloads itself every second).
function followJob(box) {
  const id = box.dataset.job;
  const step = document.getElementById("job-step");
  const list = document.getElementById("job-progress");
  async function poll() {
    let job;
    try {
      const response = await fetch("/api/jobs/" + encodeURIComponent(id), {headers: {"Accept": "application/json"}});
      job = await response.json();
    } catch (err) {
      setTimeout(poll, 1000);
      return;
    }
    if (job.status === "done") { window.location.assign("/reports/" + encodeURIComponent(job.report_id)); return; }
    if (job.status === "failed") { window.location.reload(); return; }
    if (job.progress && job.progress.length) {
      step.textContent = job.progress[job.progress.length - 1];
      list.replaceChildren(...job.progress.map((line) => { const li = document.createElement("li"); li.textContent = line; return li; }));
    }
    setTimeout(poll, 400);
  }
  poll();
}

// Dropping files anywhere on the drop zone puts them in its file input.
function dropZone(zone) {
  const input = zone.querySelector("input[type=file]");
  const chosen = zone.querySelector(".chosen");
  const show = () => { if (chosen) chosen.textContent = Array.from(input.files).map((f) => f.name).join(", "); };
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    input.files = e.dataTransfer.files;
    show();
  });
  input.addEventListener("change", show);
}

// The estimate filters apply as soon as one changes.
function autoFilter(form) {
  form.querySelectorAll("select").forEach((s) => s.addEventListener("change", () => form.submit()));
}

// The quote a citation opened: in the middle of the screen, and focused for the keyboard.
function showQuote(mark) {
  mark.setAttribute("tabindex", "-1");
  mark.scrollIntoView({block: "center"});
  mark.focus({preventScroll: true});
}

document.addEventListener("DOMContentLoaded", () => {
  const job = document.getElementById("job");
  if (job && (job.dataset.status === "queued" || job.dataset.status === "running")) followJob(job);
  document.querySelectorAll(".drop").forEach(dropZone);
  document.querySelectorAll("form.filters").forEach(autoFilter);
  const quote = document.getElementById("quote");
  if (quote) showQuote(quote);
});
