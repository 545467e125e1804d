// Progressive enhancement: warn before leaving a step whose answers changed and were not
// saved yet. Any button of the form ("Volgende", "Vorige", "Opslaan en later verder") saves.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-unsaved-warning]")) {
    let changed = false;
    form.addEventListener("input", () => { changed = true; });
    form.addEventListener("change", () => { changed = true; });
    form.addEventListener("submit", () => { changed = false; });
    window.addEventListener("beforeunload", (event) => {
      if (!changed) return;
      event.preventDefault();
      event.returnValue = "";  // older browsers need a value to show their own warning
    });
  }
});
