// Passkeys (WebAuthn): sign in on the login page, add one on the security page. The server checks everything.
(function () {
  "use strict";

  var text = window.portalText || { gettext: function (s) { return s; } };

  function toBytes(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    return Uint8Array.from(binary, function (c) { return c.charCodeAt(0); }).buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.detail || response.statusText);
        return data;
      });
    });
  }

  function credentialJSON(credential) {
    var r = credential.response;
    var out = { id: credential.id, rawId: toText(credential.rawId), type: credential.type, response: {
      clientDataJSON: toText(r.clientDataJSON)
    }, clientExtensionResults: credential.getClientExtensionResults() };
    if (r.attestationObject) {
      out.response.attestationObject = toText(r.attestationObject);
      out.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      out.response.authenticatorData = toText(r.authenticatorData);
      out.response.signature = toText(r.signature);
      out.response.userHandle = r.userHandle ? toText(r.userHandle) : null;
    }
    return out;
  }

  function wire(box, run) {
    if (!box || !window.PublicKeyCredential) return;
    box.hidden = false;
    var button = box.querySelector("[data-passkey-button]");
    var error = box.querySelector("[data-passkey-error]");
    button.addEventListener("click", function () {
      button.disabled = true;
      error.hidden = true;
      run().catch(function (problem) {
        error.textContent = problem && problem.name === "NotAllowedError"
          ? text.gettext("The passkey was not used. Try again, or use your password.")
          : (problem && problem.message) || text.gettext("The passkey did not work; use your password.");
        error.hidden = false;
        button.disabled = false;
      });
    });
  }

  function signIn(box) {
    wire(box, function () {
      return post(box.dataset.optionsUrl).then(function (options) {
        return navigator.credentials.get({ publicKey: {
          challenge: toBytes(options.challenge),
          rpId: options.rpId,
          timeout: options.timeout,
          userVerification: options.userVerification,
          allowCredentials: []
        } });
      }).then(function (credential) {
        var keep = document.getElementById("id_keep");
        return post(box.dataset.url, { credential: credentialJSON(credential), keep: keep && keep.checked, next: box.dataset.next });
      }).then(function (data) { window.location.assign(data.redirect); });
    });
  }

  function register(box) {
    wire(box, function () {
      return post(box.dataset.optionsUrl).then(function (options) {
        return navigator.credentials.create({ publicKey: {
          challenge: toBytes(options.challenge),
          rp: options.rp,
          user: { id: toBytes(options.user.id), name: options.user.name, displayName: options.user.displayName },
          pubKeyCredParams: options.pubKeyCredParams,
          timeout: options.timeout,
          authenticatorSelection: options.authenticatorSelection,
          attestation: options.attestation,
          excludeCredentials: (options.excludeCredentials || []).map(function (c) { return { id: toBytes(c.id), type: c.type }; })
        } });
      }).then(function (credential) {
        return post(box.dataset.url, { credential: credentialJSON(credential), name: navigator.platform || "" });
      }).then(function () { window.location.reload(); });
    });
  }

  function start() {
    signIn(document.querySelector("[data-passkey-login]"));
    register(document.querySelector("[data-passkey-register]"));
  }
  if (document.readyState !== "loading") start(); else document.addEventListener("DOMContentLoaded", start);
})();
