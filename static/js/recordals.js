// Recordal pages: add formset lines and suggest recordals while typing (portal.js asks data-confirm questions).
(function () {
  "use strict";

  function addFormsetLine(prefix) {
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.querySelector('template[data-formset-template="' + prefix + '"]');
    var lines = document.querySelector('[data-formset="' + prefix + '"]');
    if (!total || !template || !lines) { return; }
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    lines.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
  }

  function renderSuggestions(list, results) {
    list.textContent = "";
    results.forEach(function (r) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = r.url;
      if (r.thumbnail) {
        var img = document.createElement("img");
        img.src = r.thumbnail;
        img.alt = "";
        img.className = "thumb";
        link.appendChild(img);
      }
      link.appendChild(document.createTextNode(
        [r.number, r.title, "·", r.holder, r.nice_classes.length ? "(" + r.nice_classes.join(", ") + ")" : ""].join(" ")
      ));
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
  }

  function setUpSuggestions(form) {
    var input = form.querySelector('input[name="q"]');
    var list = form.querySelector("[data-suggestions]");
    if (!input || !list) { return; }
    var timer = null;
    var controller = null;
    input.setAttribute("autocomplete", "off");
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2) { renderSuggestions(list, []); return; }
        if (controller) { controller.abort(); }
        controller = new AbortController();
        fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(q), {
          credentials: "same-origin", signal: controller.signal, headers: { "Accept": "application/json" }
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { renderSuggestions(list, data.results || []); })
          .catch(function () { /* a newer keystroke aborted this request */ });
      }, 200);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (button) {
      event.preventDefault();
      addFormsetLine(button.dataset.formsetAdd);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-suggest-url]").forEach(setUpSuggestions);
  });
})();
