/* Confirmations pages: the live case page, the filing form (items, recordal picker, photos, upload
   progress) and the decision forms (the holder's confirm step, the inbox's bulk decision).
   Countdowns and the photo lightbox live in portal.js. */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "en";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
  }

  function money(value) {
    return new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
  }

  // ---- The case page follows the holders' answers without a reload. ----
  function liveCase() {
    var table = document.querySelector("[data-live-case]");
    if (!table) { return; }
    var url = table.getAttribute("data-status-url");
    var caseBadge = document.querySelector("[data-case-status]");
    var announce = document.querySelector("[data-live-announce]");
    var text = window.portalText;
    var busy = false;
    var last = "";  // the last case event the rows reflect: asked again, an unchanged case sends no rows
    function poll() {
      if (busy || document.hidden) { return; }
      busy = true;
      fetch(url + (last ? "?after=" + encodeURIComponent(last) : ""), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          var kept = false;  // a changed row left alone under the user's cursor: ask for every row again
          data.items.forEach(function (item) {
            var row = table.querySelector('tr[data-item-id="' + item.id + '"]');
            if (!row || row.getAttribute("data-status") === item.status) { return; }
            if (row.contains(document.activeElement) && document.activeElement.matches("input, select, textarea")) { kept = true; return; }
            var holder = document.createElement("tbody");
            holder.innerHTML = item.html;
            var fresh = holder.querySelector("tr");
            fresh.classList.add("changed");
            row.replaceWith(fresh);
            var badge = fresh.querySelector(".badge[class*='status-']");
            if (announce && badge) {
              announce.textContent = text.interpolate(text.gettext("Item %(id)s is now: %(status)s"),
                { id: item.id, status: badge.textContent.trim() }, true);
            }
          });
          if (data.last && !kept) { last = String(data.last); }
          if (caseBadge && data.status_label && caseBadge.textContent !== data.status_label) {
            caseBadge.textContent = data.status_label;
            caseBadge.className = "badge status-" + data.status;
          }
        })
        .catch(function () { /* try again at the next tick */ })
        .then(function () { busy = false; });
    }
    window.setInterval(poll, 3000);
    document.addEventListener("visibilitychange", poll);
  }

  // ---- The holder's decision: choose, see the bond, confirm and send. ----
  function decisionForm(form) {
    var step = form.querySelector("[data-confirm-step]");
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="items"][type="checkbox"]'));
    var selection = form.querySelector("[data-selection]");
    var controls = form.querySelector("[data-bulk-controls]");
    var panel = form.querySelector("[data-bulk-panel]");
    var text = window.portalText;

    function checked(name) {
      var input = form.querySelector('input[name="' + name + '"]:checked');
      return input ? input.value : "";
    }

    function update() {
      var decision = checked("decision");
      var bond = checked("bond");
      form.querySelectorAll("[data-show-if]").forEach(function (node) {
        node.hidden = node.getAttribute("data-show-if") !== decision;
      });
      var key = decision === "infringing" ? decision + " " + bond : decision;
      var chosen = boxes.filter(function (box) { return box.checked; });
      var total = chosen.reduce(function (sum, box) { return sum + parseFloat(box.dataset.amount || "0"); }, 0);
      var values = { count: chosen.length, total: money(total) };
      if (selection) {
        if (!selection.dataset.empty) { selection.dataset.empty = selection.textContent; }
        selection.textContent = chosen.length
          ? text.interpolate(text.ngettext(
            "%(count)s item ticked · case bond %(total)s CNY: tick another to decide them together.",
            "%(count)s items ticked · case bonds in total %(total)s CNY.",
            chosen.length), values, true)
          : selection.dataset.empty;
      }
      var enough = chosen.length >= 2;
      if (panel) { panel.hidden = !enough; }
      if (controls) { controls.disabled = !enough; }
      form.querySelectorAll("[data-summary]").forEach(function (node) {
        if (!node.dataset.template) { node.dataset.template = node.textContent; }
        node.textContent = fill(node.dataset.template, values);
        node.hidden = node.getAttribute("data-summary") !== key;
      });
      if (step) { step.hidden = !decision || (decision === "infringing" && !bond) || (controls && !enough); }
    }

    form.addEventListener("change", function (event) {
      update();
      if (event.target.name === "decision" && step && !step.hidden) {
        step.scrollIntoView({ block: "nearest" });
      }
    });
    update();
  }

  // ---- The filing form ----
  var SIGNATURES = [
    [0xff, 0xd8, 0xff], // JPEG
    [0x89, 0x50, 0x4e, 0x47], // PNG
    [0x47, 0x49, 0x46, 0x38], // GIF
    [0x42, 0x4d], // BMP
    [0x49, 0x49, 0x2a, 0x00], // TIFF, little-endian
    [0x4d, 0x4d, 0x00, 0x2a] // TIFF, big-endian
  ];

  function looksLikeImage(bytes) {
    var text = String.fromCharCode.apply(null, Array.prototype.slice.call(bytes, 0, 12));
    if (text.slice(0, 4) === "RIFF" && text.slice(8, 12) === "WEBP") { return true; }
    if (text.slice(4, 8) === "ftyp") { return true; } // HEIC / AVIF from phone cameras
    return SIGNATURES.some(function (sig) {
      return sig.every(function (byte, i) { return bytes[i] === byte; });
    });
  }

  function caseForm(form, restored) {
    var data = form.dataset;
    var items = form.querySelector("[data-items]");
    var template = form.querySelector("template[data-item-template]");
    var total = form.querySelector('input[name="items-TOTAL_FORMS"]');
    var maxBytes = parseInt(data.maxBytes, 10);
    var progress = form.querySelector("[data-progress]");
    var submit = form.querySelector('button[type="submit"]');

    function fieldsets() { return Array.prototype.slice.call(items.querySelectorAll("[data-item-form]")); }

    function reindex() {
      fieldsets().forEach(function (fs, i) {
        fs.querySelector("[data-item-number]").textContent = i + 1;
        fs.querySelectorAll("[name], [id], [for], [aria-controls], [aria-describedby]").forEach(function (node) {
          ["name", "id", "for", "aria-controls", "aria-describedby"].forEach(function (attr) {
            var value = node.getAttribute(attr);
            if (value) {
              node.setAttribute(attr, value.replace(/items-\d+-/g, "items-" + i + "-").replace(/photos-\d+/g, "photos-" + i));
            }
          });
        });
      });
      total.value = String(fieldsets().length);
      form.querySelectorAll("[data-remove-item]").forEach(function (button) { button.hidden = fieldsets().length < 2; });
    }

    // The recordal picker: results as you type from the recordals search (fuzzy), keyboard and pointer.
    function picker(fs) {
      var box = fs.querySelector("[data-picker]");
      var input = box.querySelector("input[type=search]");
      var hidden = box.querySelector("input[type=hidden]");
      var list = box.querySelector("[data-picker-results]");
      var chosen = box.querySelector("[data-chosen]");
      var timer = null;
      var controller = null;
      var active = -1;
      var results = [];

      function close() {
        list.hidden = true;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
        active = -1;
      }
      function highlight(i) {
        var options = list.querySelectorAll("li");
        if (!options.length) { return; }
        active = (i + options.length) % options.length;
        options.forEach(function (li, j) { li.setAttribute("aria-selected", j === active ? "true" : "false"); });
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      }
      function choose(row) {
        hidden.value = row.id;
        input.value = row.number + " · " + row.title;
        chosen.textContent = "";
        if (row.thumbnail) {
          var img = document.createElement("img");
          img.src = row.thumbnail; img.alt = "";
          chosen.appendChild(img);
        }
        var text = document.createElement("span");
        text.textContent = "✓ " + row.number + " · " + row.title;
        var small = document.createElement("small");
        small.textContent = row.holder + (row.nice_classes && row.nice_classes.length ? " · " + row.nice_classes.join(", ") : "");
        text.appendChild(small);
        chosen.appendChild(text);
        chosen.hidden = false;
        var error = box.querySelector(".error");
        if (error) { error.remove(); }
        close();
      }
      function render() {
        list.textContent = "";
        results.forEach(function (row, i) {
          var li = document.createElement("li");
          li.id = input.id + "-option-" + i;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          if (row.thumbnail) {
            var img = document.createElement("img");
            img.src = row.thumbnail; img.alt = "";
            li.appendChild(img);
          } else {
            var blank = document.createElement("span");
            blank.className = "nothumb";
            li.appendChild(blank);
          }
          var text = document.createElement("span");
          text.textContent = row.number + " · " + row.title;
          var small = document.createElement("small");
          small.textContent = row.holder + (row.nice_classes && row.nice_classes.length ? " · " + row.nice_classes.join(", ") : "");
          text.appendChild(small);
          li.appendChild(text);
          li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(row); });
          list.appendChild(li);
        });
        if (!results.length) {
          var none = document.createElement("li");
          none.textContent = data.msgNoMatch;
          none.setAttribute("aria-disabled", "true");
          list.appendChild(none);
        }
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
      }
      input.addEventListener("input", function () {
        hidden.value = "";
        chosen.hidden = true;
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          var q = input.value.trim();
          if (q.length < 2) { close(); return; }
          if (controller) { controller.abort(); }
          controller = new AbortController();
          fetch(data.searchUrl + "?q=" + encodeURIComponent(q), {
            credentials: "same-origin", signal: controller.signal, headers: { Accept: "application/json" }
          })
            .then(function (r) { return r.ok ? r.json() : { results: [] }; })
            .then(function (answer) { results = answer.results || []; render(); })
            .catch(function () { /* a newer keystroke aborted this request */ });
        }, 180);
      });
      input.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden && results.length) { render(); } highlight(active + 1); }
        else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
        else if (event.key === "Enter") {
          if (!list.hidden && results.length) { event.preventDefault(); choose(results[active < 0 ? 0 : active]); }
        } else if (event.key === "Escape") { close(); }
      });
      input.addEventListener("blur", function () { window.setTimeout(close, 150); });
      box.addEventListener("portal:choose-recordal", function (event) { choose(event.detail); });
    }

    // Photos: choose, take with the camera, or drop; previews; a bad file is refused by name.
    function photos(fs, files) {
      var zone = fs.querySelector("[data-dropzone]");
      var input = zone.querySelector("input[type=file]");
      var previews = fs.querySelector("[data-previews]");
      var errors = fs.querySelector("[data-photo-errors]");
      fs.photoFiles = [];
      fs.photoChecks = [];

      function preview(file) {
        var li = document.createElement("li");
        var url = URL.createObjectURL(file);
        var img = document.createElement("img");
        img.src = url; img.alt = file.name;
        var name = document.createElement("span");
        name.className = "name"; name.textContent = file.name;
        var remove = document.createElement("button");
        remove.type = "button"; remove.textContent = "×";
        remove.setAttribute("aria-label", fill(data.msgRemovePhoto, { name: file.name }));
        remove.addEventListener("click", function () {
          fs.photoFiles.splice(fs.photoFiles.indexOf(file), 1);
          URL.revokeObjectURL(url);
          li.remove();
          input.focus();
        });
        li.appendChild(img); li.appendChild(name); li.appendChild(remove);
        previews.appendChild(li);
      }
      function refuse(message) {
        var p = document.createElement("p");
        p.className = "error"; p.textContent = message;
        errors.appendChild(p);
      }
      function add(list) {
        errors.textContent = "";
        Array.prototype.forEach.call(list, function (file) {
          if (file.size > maxBytes) { refuse(fill(data.msgTooBig, { name: file.name })); return; }
          if (file.type && file.type.indexOf("image/") !== 0) { refuse(fill(data.msgNotImage, { name: file.name })); return; }
          var check = file.slice(0, 16).arrayBuffer().then(function (buffer) {
            if (looksLikeImage(new Uint8Array(buffer))) {
              fs.photoFiles.push(file);
              preview(file);
            } else {
              refuse(fill(data.msgNotImage, { name: file.name }));
            }
          });
          fs.photoChecks.push(check);
        });
      }
      input.addEventListener("change", function () { add(input.files); input.value = ""; });
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
      });
      ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () { zone.classList.remove("over"); });
      });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        if (event.dataTransfer && event.dataTransfer.files.length) { add(event.dataTransfer.files); }
      });
      if (files && files.length) {
        files.forEach(function (file) { fs.photoFiles.push(file); preview(file); });
        var note = fs.querySelector("[data-reselect-note]");
        if (note) { note.hidden = true; }
      }
    }

    function setUp(fs, files) {
      picker(fs);
      photos(fs, files);
      fs.querySelector("[data-remove-item]").addEventListener("click", function () {
        if (fieldsets().length < 2) { return; }
        fs.remove();
        reindex();
        fieldsets()[0].querySelector("input[type=search]").focus();
      });
    }

    fieldsets().forEach(function (fs, i) { setUp(fs, restored && restored[i]); });
    reindex();

    form.querySelector("[data-add-item]").addEventListener("click", function () {
      var index = fieldsets().length;
      var wrap = document.createElement("div");
      wrap.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var fs = wrap.firstElementChild;
      items.appendChild(fs);
      setUp(fs);
      reindex();
      fs.querySelector("input[type=search]").focus();
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var checks = [];
      fieldsets().forEach(function (fs) { checks = checks.concat(fs.photoChecks); });
      Promise.all(checks).then(function () { send(); });
    });

    function send() {
      var body = new FormData(form);
      var kept = fieldsets().map(function (fs) { return fs.photoFiles.slice(); });
      kept.forEach(function (files, i) {
        body.delete("photos-" + i);
        files.forEach(function (file) { body.append("photos-" + i, file, file.name); });
      });
      var xhr = new XMLHttpRequest();
      var label = progress.querySelector("[data-progress-label]");
      var bar = progress.querySelector("progress");
      progress.hidden = false;
      submit.disabled = true;
      bar.value = 0;
      label.textContent = fill(data.msgUploading, { percent: 0 });
      xhr.upload.addEventListener("progress", function (event) {
        if (!event.lengthComputable) { return; }
        var percent = Math.round((100 * event.loaded) / event.total);
        bar.value = percent;
        label.textContent = fill(data.msgUploading, { percent: percent });
      });
      xhr.upload.addEventListener("load", function () { label.textContent = data.msgChecking; });
      xhr.addEventListener("load", function () {
        var target = new URL(xhr.responseURL || form.action, window.location.href);
        var here = new URL(form.action, window.location.href);
        if (xhr.status === 200 && target.pathname !== here.pathname) {
          window.location.assign(target.href);
          return;
        }
        if (xhr.status !== 200) { failed(); return; }
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var fresh = doc.querySelector("main");
        var main = document.querySelector("main");
        main.replaceWith(document.importNode(fresh, true));
        var again = document.querySelector("[data-case-form]");
        caseForm(again, kept);
        var first = document.querySelector("main .error, main .form-errors");
        if (first) {
          first.scrollIntoView({ block: "center" });
          var field = first.closest(".field, [data-item-form]");
          var control = field && field.querySelector("input:not([type=hidden]), select, textarea");
          if (control) { control.focus({ preventScroll: true }); }
        }
      });
      xhr.addEventListener("error", failed);
      function failed() {
        submit.disabled = false;
        label.textContent = data.msgFailed;
      }
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "text/html");
      xhr.send(body);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    liveCase();
    var filing = document.querySelector("[data-case-form]");
    if (filing) { caseForm(filing); }
    document.querySelectorAll("[data-decision-form]").forEach(decisionForm);
  });
})();
