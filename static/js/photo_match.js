/* The filing form: each photo attached to an item is compared with the recorded images
   (POST /api/photo-matches/); the recordals whose images look like it are offered, nearest first,
   and "Use this recordal" fills the item's recordal picker. */
(function () {
  "use strict";

  var MAX_PER_BATCH = 3;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
  }

  function render(fs, data) {
    var box = fs.querySelector("[data-photo-matches]");
    var found = Object.keys(fs.photoMatches).map(function (key) { return fs.photoMatches[key]; });
    found.sort(function (a, b) { return a.distance - b.distance || a.recordal - b.recordal; });
    box.textContent = "";
    box.hidden = false;
    if (!found.length) {
      var none = document.createElement("p");
      none.className = "help";
      none.textContent = fs.photoPlainOnly ? data.msgTooPlain : data.msgNoPhotoMatch;
      box.appendChild(none);
      return;
    }
    var title = document.createElement("p");
    title.className = "matches-title";
    title.textContent = data.msgMatchesTitle;
    var list = document.createElement("ul");
    list.className = "match-list";
    found.slice(0, 5).forEach(function (row) {
      var li = document.createElement("li");
      var img = document.createElement("img");
      img.src = row.thumbnail_url; img.alt = ""; img.width = 56; img.height = 56;
      var text = document.createElement("span");
      text.textContent = row.number + " · " + row.title;
      var small = document.createElement("small");
      small.textContent = row.holder + " · " + fill(data.msgAlike, { similarity: row.similarity });
      text.appendChild(small);
      var use = document.createElement("button");
      use.type = "button";
      use.className = "button secondary";
      use.textContent = data.msgUseRecordal;
      use.setAttribute("aria-label", data.msgUseRecordal + ": " + row.number);
      use.addEventListener("click", function () {
        var picker = fs.querySelector("[data-picker]");
        picker.dispatchEvent(new CustomEvent("portal:choose-recordal", {
          detail: { id: row.recordal, number: row.number, title: row.title, holder: row.holder, thumbnail: row.thumbnail_url }
        }));
      });
      li.appendChild(img); li.appendChild(text); li.appendChild(use);
      list.appendChild(li);
    });
    box.appendChild(title);
    box.appendChild(list);
  }

  function compare(fs, files, form) {
    var data = form.dataset;
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    if (!fs.photoMatches) { fs.photoMatches = {}; fs.photoPlainOnly = true; }
    Array.prototype.slice.call(files, 0, MAX_PER_BATCH).forEach(function (file) {
      if (file.type && file.type.indexOf("image/") !== 0) { return; }
      var body = new FormData();
      body.append("image", file, file.name);
      fetch(data.photoMatchUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token }
      })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) {
          if (!answer) { return; }
          if (answer.comparable) { fs.photoPlainOnly = false; }
          answer.results.forEach(function (row) {
            var known = fs.photoMatches[row.recordal];
            if (!known || row.distance < known.distance) { fs.photoMatches[row.recordal] = row; }
          });
          render(fs, data);
        })
        .catch(function () { /* suggestions are a help; the filing works without them */ });
    });
  }

  function filesOf(event) {
    var form = event.target.closest && event.target.closest("[data-case-form]");
    var fs = event.target.closest && event.target.closest("[data-item-form]");
    if (!form || !fs || !form.dataset.photoMatchUrl) { return; }
    if (event.type === "change" && event.target.matches("[data-photos-input]") && event.target.files.length) {
      compare(fs, event.target.files, form);
    } else if (event.type === "drop" && event.dataTransfer && event.dataTransfer.files.length) {
      compare(fs, event.dataTransfer.files, form);
    }
  }

  // Capture: the filing form empties the file input once it has taken the files.
  document.addEventListener("change", filesOf, true);
  document.addEventListener("drop", filesOf, true);
})();
