// Behaviour shared by every page. No inline script anywhere (the CSP forbids it).
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // Buttons and forms that ask before acting: data-confirm="Are you sure?"
  function confirmations() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
      if (message && !window.confirm(message)) event.preventDefault();
    }, true);
  }

  // Unread notices in the header, refreshed every 10 seconds and whenever the tab comes back.
  function unreadBadge() {
    var badge = document.querySelector("[data-unread-count]");
    if (!badge) return;
    function refresh() {
      if (document.hidden) return;
      fetch(badge.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data || String(data.unread) === badge.textContent) return;
          badge.textContent = data.unread;
          badge.hidden = data.unread === 0;
        })
        .catch(function () {});
    }
    refresh();
    window.setInterval(refresh, 10000);
    document.addEventListener("visibilitychange", refresh);
  }

  // Script texts come from Django's JavaScript catalogue (loaded before this file), in the page's language.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, other, n) { return n === 1 ? one : other; };
  var interpolate = window.interpolate || function (text, values, named) {
    return named
      ? text.replace(/%\((\w+)\)s/g, function (whole, key) { return values[key]; })
      : text.replace(/%s/g, function () { return values.shift(); });
  };
  window.portalText = { gettext: gettext, ngettext: ngettext, interpolate: interpolate };

  // Countdowns, in the page's language: <span class="countdown" data-deadline="2026-11-26T00:00:00+08:00">.
  function countdowns() {
    var nodes = document.querySelectorAll("[data-deadline]");
    if (!nodes.length) return;
    function text(left) {
      var seconds = Math.floor(left / 1000);
      var days = Math.floor(seconds / 86400);
      var hours = Math.floor((seconds % 86400) / 3600);
      var mins = Math.floor((seconds % 3600) / 60);
      var secs = seconds % 60;
      var parts = [];
      if (days) parts.push(interpolate(gettext("%s d"), [days]));
      if (days || hours) parts.push(interpolate(gettext("%s h"), [hours]));
      parts.push(interpolate(gettext("%s min"), [mins]));
      if (!days) parts.push(interpolate(gettext("%s s"), [secs]));
      return interpolate(gettext("%s left"), [parts.join(" ")]);
    }
    function render() {
      var now = Date.now();
      document.querySelectorAll("[data-deadline]").forEach(function (node) {
        var left = Date.parse(node.dataset.deadline) - now;
        if (isNaN(left)) return;
        if (left <= 0) {
          node.textContent = gettext("deadline passed");
          node.classList.add("overdue");
          node.classList.remove("urgent");
          return;
        }
        node.textContent = text(left);
        node.classList.toggle("urgent", left < 24 * 3600 * 1000);
      });
    }
    render();
    window.setInterval(render, 1000);
  }

  // Photo galleries: <div data-lightbox> with <a href="full.jpg"><img alt="..."></a>. A tap opens the
  // photo large; arrows, swipes and the buttons move between photos; a tap on the photo zooms; Escape closes.
  function lightbox() {
    var galleries = document.querySelectorAll("[data-lightbox]");
    if (!galleries.length || typeof HTMLDialogElement !== "function") return;
    var words = { close: gettext("Close"), prev: gettext("Previous photo"), next: gettext("Next photo") };
    var dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-label", gettext("Photo"));
    dialog.innerHTML =
      '<figure><div class="frame"><img alt=""></div><figcaption aria-live="polite"></figcaption></figure>' +
      '<button type="button" class="lb-button lb-close">×</button>' +
      '<button type="button" class="lb-button lb-prev">‹</button>' +
      '<button type="button" class="lb-button lb-next">›</button>';
    document.body.appendChild(dialog);
    var img = dialog.querySelector("img");
    var caption = dialog.querySelector("figcaption");
    var prev = dialog.querySelector(".lb-prev");
    var next = dialog.querySelector(".lb-next");
    var close = dialog.querySelector(".lb-close");
    close.setAttribute("aria-label", words.close);
    prev.setAttribute("aria-label", words.prev);
    next.setAttribute("aria-label", words.next);
    var links = [];
    var index = 0;
    var opener = null;
    function show(i) {
      index = (i + links.length) % links.length;
      var link = links[index];
      var thumb = link.querySelector("img");
      img.classList.remove("zoomed");
      img.src = link.href;
      img.alt = thumb ? thumb.alt : "";
      caption.textContent = img.alt + " · " +
        interpolate(gettext("%(number)s of %(total)s"), { number: index + 1, total: links.length }, true);
      prev.hidden = next.hidden = links.length < 2;
    }
    galleries.forEach(function (gallery) {
      gallery.addEventListener("click", function (event) {
        var link = event.target.closest("a[href]");
        if (!link || event.ctrlKey || event.metaKey) return;
        event.preventDefault();
        links = Array.prototype.slice.call(gallery.querySelectorAll("a[href]"));
        opener = link;
        show(links.indexOf(link));
        dialog.showModal();
        close.focus();
      });
    });
    prev.addEventListener("click", function () { show(index - 1); });
    next.addEventListener("click", function () { show(index + 1); });
    close.addEventListener("click", function () { dialog.close(); });
    img.addEventListener("click", function () { img.classList.toggle("zoomed"); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(index - 1); event.preventDefault(); }
      if (event.key === "ArrowRight") { show(index + 1); event.preventDefault(); }
    });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
    var startX = null;
    dialog.addEventListener("touchstart", function (event) {
      startX = event.touches.length === 1 && !img.classList.contains("zoomed") ? event.touches[0].clientX : null;
    }, { passive: true });
    dialog.addEventListener("touchend", function (event) {
      if (startX === null) return;
      var dx = event.changedTouches[0].clientX - startX;
      if (Math.abs(dx) > 50) show(index + (dx < 0 ? 1 : -1));
      startX = null;
    });
  }

  // The error summary takes the focus; its links move to the field (scrolled so its label shows).
  function errorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var around = field.closest("fieldset, .field") || field;
      around.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  // Tables become cards on a phone: each cell is labelled by its column's header.
  function labelCells(root) {
    (root || document).querySelectorAll("table.table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!heads.length) return;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (cell.colSpan > 1) return; // an empty state's one cell belongs to no column
          if (!cell.hasAttribute("data-label") && heads[index] !== undefined) cell.setAttribute("data-label", heads[index]);
        });
      });
    });
  }

  // Print buttons: <button data-print>.
  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  onReady(function () {
    errorSummary();
    printButtons();
    labelCells();
    confirmations();
    unreadBadge();
    countdowns();
    lightbox();
  });
})();
