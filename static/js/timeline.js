/* The live timeline of a case or item page: asks every few seconds for the events after the last one shown
   (?after=<sequence number>), adds them, updates the status badge and says what arrived in a polite live
   region. It pauses while the tab is hidden and asks at once when it is shown again. */
(function () {
  "use strict";

  function start(list) {
    var url = list.getAttribute("data-events-url");
    var after = list.getAttribute("data-after") || "0";
    var seconds = parseInt(list.getAttribute("data-poll-seconds"), 10) || 12;
    var announce = list.parentNode.querySelector("[data-timeline-announce]");
    var badge = document.querySelector("[data-live-status]");
    var text = window.portalText;
    var busy = false;

    function say(message) {
      if (announce) { announce.textContent = message; }
    }

    function show(data) {
      var added = [];
      data.events.forEach(function (event) {
        if (list.querySelector('li[data-seq="' + event.seq + '"]')) { return; }
        var holder = document.createElement("ol");
        holder.innerHTML = event.html;
        var entry = holder.querySelector("li");
        if (!entry) { return; }
        entry.classList.add("changed");
        list.appendChild(entry);
        added.push(event.label);
      });
      var empty = list.querySelector("[data-timeline-empty]");
      if (added.length && empty) { empty.remove(); }
      after = String(data.last);
      var parts = [];
      if (added.length) {
        parts.push(text.interpolate(text.ngettext("New event: %(events)s.", "%(count)s new events: %(events)s.",
          added.length), { count: added.length, events: added.join("; ") }, true));
      }
      if (badge && data.status_label && badge.textContent.trim() !== data.status_label) {
        badge.textContent = data.status_label;
        badge.className = "badge status-" + data.status;
        parts.push(text.interpolate(text.gettext("Status now: %(status)s."), { status: data.status_label }, true));
        staleParts();
      }
      if (parts.length) { say(parts.join(" ")); }
    }

    // A decision form shown for the old status is replaced by a way to see what the new one allows.
    function staleParts() {
      Array.prototype.forEach.call(document.querySelectorAll("[data-stale-on-change]"), function (part) {
        if (part.tagName !== "SECTION") { part.remove(); return; }
        var note = document.createElement("p");
        note.textContent = text.gettext("This item has changed since the page was opened.") + " ";
        var reload = document.createElement("a");
        reload.href = window.location.pathname;
        reload.className = "button";
        reload.textContent = text.gettext("Show it as it is now");
        note.appendChild(reload);
        Array.prototype.slice.call(part.children, 1).forEach(function (child) { child.remove(); });
        part.appendChild(note);
        part.removeAttribute("data-stale-on-change");
      });
    }

    function poll() {
      if (busy || document.hidden) { return; }
      busy = true;
      var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "after=" + encodeURIComponent(after);
      fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) { show(data); } })
        .catch(function () { /* the next tick tries again */ })
        .then(function () { busy = false; });
    }

    window.setInterval(poll, seconds * 1000);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { poll(); } });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-live-timeline]"), start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
