// Behaviour shared by every page. No inline script anywhere (the CSP forbids it).
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // The language switch submits itself.
  function autosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
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

  // Unread notices in the header, refreshed every 20 seconds.
  function unreadBadge() {
    var badge = document.querySelector("[data-unread-count]");
    if (!badge) return;
    function refresh() {
      fetch(badge.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          badge.textContent = data.unread;
          badge.hidden = data.unread === 0;
        })
        .catch(function () {});
    }
    refresh();
    window.setInterval(refresh, 20000);
  }

  // Countdowns: <span class="countdown" data-deadline="2026-11-26T00:00:00+08:00">.
  function countdowns() {
    var nodes = document.querySelectorAll("[data-deadline]");
    if (!nodes.length) return;
    var lang = document.documentElement.lang || "en";
    var zh = lang.indexOf("zh") === 0;
    function render() {
      var now = Date.now();
      nodes.forEach(function (node) {
        var left = Date.parse(node.dataset.deadline) - now;
        if (isNaN(left)) return;
        if (left <= 0) {
          node.textContent = zh ? "已过期限" : "deadline passed";
          node.classList.add("overdue");
          return;
        }
        var minutes = Math.floor(left / 60000);
        var days = Math.floor(minutes / 1440);
        var hours = Math.floor((minutes % 1440) / 60);
        var mins = minutes % 60;
        node.textContent = zh
          ? "剩余 " + (days ? days + " 天 " : "") + hours + " 小时 " + mins + " 分"
          : (days ? days + " d " : "") + hours + " h " + mins + " min left";
        node.classList.toggle("urgent", left < 24 * 3600 * 1000);
      });
    }
    render();
    window.setInterval(render, 30000);
  }

  onReady(function () {
    autosubmit();
    confirmations();
    unreadBadge();
    countdowns();
  });
})();
