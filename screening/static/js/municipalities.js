// Progressive enhancement of the municipality picker: a search box that filters the
// provinces' checkboxes. Without JavaScript the provinces open and close by themselves.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const picker of document.querySelectorAll("[data-municipality-picker]")) {
    const search = picker.querySelector("[data-municipality-search]");
    const input = search.querySelector("input");
    const count = search.querySelector("[data-municipality-count]");
    const provinces = [...picker.querySelectorAll("details.province")];
    const wasOpen = provinces.map((d) => d.open);
    search.hidden = false;
    const normalise = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    input.addEventListener("input", () => {
      const query = normalise(input.value.trim());
      let shown = 0;
      provinces.forEach((details, index) => {
        let matches = 0;
        for (const item of details.querySelectorAll("li")) {
          const hit = !query || normalise(item.textContent).includes(query);
          item.hidden = !hit;
          if (hit) matches += 1;
        }
        details.hidden = query !== "" && matches === 0;
        details.open = query ? matches > 0 : wasOpen[index];
        if (query) shown += matches;
      });
      count.textContent = query ? picker.dataset.countText.replace("{n}", String(shown)) : "";
    });
    // Enter in the search box filters; it must not submit the whole form.
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  }
});
