// After a counter intake, the dossier page prints the receipt (form 01): the PDF loads in a hidden frame of this
// page and its print dialog opens, with no new window for a popup blocker to stop. The link beside it opens the
// same PDF in a new tab (a click, never blocked); the button prints it again.
(function () {
  "use strict";
  const frame = document.getElementById("receipt-frame");
  if (!frame) return;

  function print() {
    if (navigator.webdriver) return; // a browser driven by tests has no print dialog (headless Chromium crashes)
    try {
      frame.contentWindow.focus();
      frame.contentWindow.print();
    } catch (error) {
      // A browser that cannot print a framed PDF keeps the link to open it.
    }
  }

  frame.addEventListener("load", function () {
    window.setTimeout(print, 500); // let the PDF viewer draw the document first
  }, { once: true });
  frame.src = frame.dataset.src;
  const again = document.getElementById("receipt-print");
  if (again) {
    again.hidden = false;
    again.addEventListener("click", print);
  }
})();
