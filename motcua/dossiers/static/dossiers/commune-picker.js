// The intake form's commune pickers: Enter or ↓ in a picker's search box goes on to its select (which the search
// has narrowed and set), rather than submitting the form.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.classList.contains("commune-search")) return;
    if (event.key !== "Enter" && event.key !== "ArrowDown") return;
    const select = document.getElementById(box.getAttribute("aria-controls"));
    if (!select) return;
    event.preventDefault();
    select.focus();
  });
})();
