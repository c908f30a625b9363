/* Confirmations pages: countdowns, the live case page, the filing form's items, the decision confirm step. */
(function () {
  "use strict";

  function formatLeft(ms) {
    if (ms <= 0) { return "0:00:00"; }
    var s = Math.floor(ms / 1000);
    var d = Math.floor(s / 86400); s -= d * 86400;
    var h = Math.floor(s / 3600); s -= h * 3600;
    var m = Math.floor(s / 60); s -= m * 60;
    var hms = h + ":" + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
    return (d ? d + "d " : "") + hms;
  }

  function tickCountdowns() {
    document.querySelectorAll(".countdown[data-deadline]").forEach(function (el) {
      var deadline = new Date(el.getAttribute("data-deadline"));
      var left = deadline.getTime() - Date.now();
      if (!el.hasAttribute("data-label")) { el.setAttribute("data-label", el.textContent.trim()); }
      var label = el.getAttribute("data-label");
      el.textContent = (label ? label + " · " : "") + formatLeft(left);
      el.classList.toggle("overdue", left <= 0);
      el.classList.toggle("urgent", left > 0 && left < 2 * 3600 * 1000);
    });
  }

  function liveCase() {
    var table = document.querySelector("[data-live-case]");
    if (!table) { return; }
    var url = table.getAttribute("data-status-url");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          data.items.forEach(function (item) {
            var row = table.querySelector('tr[data-item-id="' + item.id + '"]');
            if (row && row.getAttribute("data-status") !== item.status) {
              var holder = document.createElement("tbody");
              holder.innerHTML = item.html;
              var fresh = holder.querySelector("tr");
              fresh.classList.add("changed");
              row.replaceWith(fresh);
            }
          });
          tickCountdowns();
        })
        .catch(function () { /* try again at the next tick */ });
    }
    setInterval(poll, 3000);
  }

  function caseForm() {
    var form = document.querySelector("[data-case-form]");
    if (!form) { return; }
    var items = form.querySelector("[data-items]");
    var template = form.querySelector("template[data-item-template]");
    var total = form.querySelector('input[name="items-TOTAL_FORMS"]');
    function renumber() {
      items.querySelectorAll("[data-item-form]").forEach(function (fs, i) {
        fs.querySelector("[data-item-number]").textContent = i + 1;
      });
    }
    form.querySelector("[data-add-item]").addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var wrap = document.createElement("div");
      wrap.innerHTML = html;
      items.appendChild(wrap.firstElementChild);
      total.value = String(index + 1);
      renumber();
    });
    items.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-item]");
      if (!button || items.querySelectorAll("[data-item-form]").length < 2) { return; }
      var fs = button.closest("[data-item-form]");
      if (fs === items.lastElementChild) {
        fs.remove();
        total.value = String(parseInt(total.value, 10) - 1);
        renumber();
      }
    });
    var url = form.getAttribute("data-recordal-url");
    items.addEventListener("input", function (event) {
      if (!event.target.matches("[data-recordal-search]")) { return; }
      var select = event.target.closest("[data-item-form]").querySelector("select[data-recordal-picker]");
      var q = event.target.value.trim();
      if (q.length < 2) { return; }
      fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var current = select.value;
          select.innerHTML = "";
          data.results.forEach(function (row) {
            var option = document.createElement("option");
            option.value = row.id; option.textContent = row.label;
            select.appendChild(option);
          });
          if (current) { select.value = current; }
        });
    });
  }

  function decisionForm() {
    var form = document.querySelector("[data-decision-form]");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      var chosen = form.querySelector('input[name="decision"]:checked');
      var quote = document.querySelector("[data-bond-quote]");
      var text = (chosen ? chosen.parentElement.textContent.trim() : "") + "\n" + (quote ? quote.textContent.trim() : "");
      if (!window.confirm(text)) { event.preventDefault(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    tickCountdowns();
    setInterval(tickCountdowns, 1000);
    liveCase();
    caseForm();
    decisionForm();
  });
})();
