// Behaviour every page shares, without a framework; the pages work without it (the menu is then always open,
// tables scroll sideways, values are copied by hand). The Content-Security-Policy allows scripts from 'self' only.
(function () {
  "use strict";

  // The header menu on narrow screens: a disclosure button (aria-expanded) that shows and hides the navigation.
  function setUpMenu() {
    var button = document.querySelector("[data-menu-toggle]");
    var nav = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!nav) return;
    button.hidden = false;
    nav.setAttribute("data-collapsible", "");
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }

  // Tables become stacked cards on narrow screens (CSS under table.stacked): each cell is labelled with its
  // column's header, copied here into data-label so that no template has to repeat it.
  function labelTables(root) {
    var tables = root.querySelectorAll ? root.querySelectorAll("main table") : [];
    if (root.matches && root.matches("main table")) tables = [root];
    Array.prototype.forEach.call(tables, function (table) {
      if (table.classList.contains("no-stack") || !table.tHead) return;
      var headerRow = table.tHead.rows[table.tHead.rows.length - 1];
      if (!headerRow) return;
      var labels = [];
      Array.prototype.forEach.call(headerRow.cells, function (cell) {
        for (var i = 0; i < (cell.colSpan || 1); i++) labels.push(cell.textContent.replace(/\s+/g, " ").trim());
      });
      Array.prototype.forEach.call(table.tBodies, function (body) { labelRows(body.rows, labels); });
      if (table.tFoot) labelRows(table.tFoot.rows, labels);
      table.classList.add("stacked");
    });
  }

  function labelRows(rows, labels) {
    Array.prototype.forEach.call(rows, function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        // A row header (th) is the card's title; every data cell is labelled with its column.
        if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && labels[column]) {
          cell.setAttribute("data-label", labels[column]);
        }
        column += cell.colSpan || 1;
      });
    });
  }

  // Copy buttons: <button data-copy="text" data-copied="Copied">. The clipboard API where the page may use it,
  // else a selected hidden text area and the older copy command.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      if (done) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function setUpCopyButtons() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-copy]");
      if (!button) return;
      var status = button.parentNode.querySelector("[data-copy-status]");
      copyText(button.getAttribute("data-copy")).then(function () {
        // One confirmation at a time: the last value copied is the one in the clipboard.
        Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (other) {
          other.classList.remove("copied");
          var otherStatus = other.parentNode.querySelector("[data-copy-status]");
          if (otherStatus) otherStatus.textContent = "";
        });
        button.classList.add("copied");
        if (status) status.textContent = button.getAttribute("data-copied") || "";
      }, function () {
        if (status) status.textContent = button.getAttribute("data-copy-failed") || "";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    labelTables(document);
    setUpCopyButtons();
    // Parts of pages htmx swaps in get their labels too.
    document.body.addEventListener("htmx:load", function (event) { labelTables(event.detail.elt); });
  });
})();
