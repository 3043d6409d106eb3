// The admin's export page: "Select all" ticks or clears every field box. django-import-export
// wires this with an inline onchange attribute, which the Content-Security-Policy blocks.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".select-toggle");
  if (toggle) {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
