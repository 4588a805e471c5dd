// mentorkit: small enhancements; every page works without this file.
"use strict";

// A profile never saved: preselect the browser's time zone and say so; saving confirms it.
function detectTimeZone() {
  const select = document.querySelector("select[data-detect-time-zone]");
  if (!select) return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === select.value) return;
  const option = Array.from(select.options).find((o) => o.value === zone);
  if (!option) return;
  select.value = zone;
  const note = document.createElement("p");
  note.className = "helptext detected";
  note.setAttribute("role", "status");
  note.textContent = "Detected from your browser: " + zone + ". Save the profile to confirm it.";
  select.insertAdjacentElement("afterend", note);
}

// Forms with choices that reveal their own fields (data-reveal-by on a fieldset or field
// wrapper names the control and the values that show it). Without this file, every field shows.
function revealByChoice() {
  const parts = document.querySelectorAll("[data-reveal-by]");
  if (!parts.length) return;
  const update = () => {
    parts.forEach((part) => {
      const [name, values] = part.dataset.revealBy.split(":");
      const form = part.closest("form");
      const control = form && form.elements.namedItem(name);
      if (!control) return;
      const value = control.value !== undefined ? control.value : "";
      part.hidden = !values.split(",").includes(value);
    });
  };
  document.addEventListener("change", update);
  update();
}

// A link in a form's error summary moves the focus to its field, not only the view.
function errorSummaryLinks() {
  document.addEventListener("click", (event) => {
    const link = event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    const field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  detectTimeZone();
  revealByChoice();
  errorSummaryLinks();
});
