/* The signed certificate's page after signing (issue 5). The dialogs open from certificate-form.js
   like "Kopiera"; this file adds two things, and the page works without it:
   - CERT-9: while the certificate is on its way to the recipient, ask now and then (the status
     poll: no patient data, no PDL entry) whether that has changed, and reload the page when it
     has, so that "Skickat" and the time, or the failure, show by themselves;
   - CERT-13: the revocation's text box is required when the chosen reason needs a message.
   No inline script (CSP). */
(function () {
  "use strict";

  var POLL_MS = 5000;
  var GIVE_UP_MS = 10 * 60 * 1000;
  var TEXT = {
    waiting: "Sidan uppdateras när intyget har tagits emot.",
    reload: "Ladda om sidan för att se om intyget har tagits emot."
  };

  function changed(box, data) {
    if (data.delivery_state && data.delivery_state !== "pending") { return true; }
    return data.status !== box.getAttribute("data-status") ||
      String(data.version) !== box.getAttribute("data-version");
  }

  function pollDelivery(box) {
    var url = box.getAttribute("data-wc-delivery-poll");
    var hint = box.querySelector("[data-wc-delivery-hint]");
    var started = Date.now();
    var timer = null;
    if (hint) { hint.textContent = TEXT.waiting; }
    function ask() {
      if (document.hidden) { return; }
      if (Date.now() - started > GIVE_UP_MS) {
        // The recipient may be down for long (the worker keeps trying): stop asking, say how to look.
        clearInterval(timer);
        if (hint) { hint.textContent = TEXT.reload; }
        return;
      }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && changed(box, data)) {
            clearInterval(timer);
            window.location.reload();
          }
        })
        .catch(function () { /* the next round asks again */ });
    }
    timer = setInterval(ask, POLL_MS);
  }

  function enhanceRevoke(form) {
    var message = form.querySelector("[data-wc-revoke-message]");
    if (!message) { return; }
    function update() {
      var chosen = form.querySelector('input[name="reason"]:checked');
      var required = chosen !== null && chosen.hasAttribute("data-message-required");
      message.required = required;
      message.setAttribute("aria-required", required ? "true" : "false");
    }
    form.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-wc-delivery-poll]").forEach(pollDelivery);
    document.querySelectorAll("[data-wc-revoke-form]").forEach(enhanceRevoke);
  });
})();
