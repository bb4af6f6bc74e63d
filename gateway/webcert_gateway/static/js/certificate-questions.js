/* The panel "Ärendekommunikation" beside a certificate (§7). The page works without this file
   (every dialog is then a page, every box has its button); it adds:
   - QA-1 "All påbörjad ärendekommunikation med Försäkringskassan sparas automatiskt": an answer,
     a "Kan ej komplettera" text and the unit's own question are saved as they are typed;
   - "Kan ej komplettera" (Figur 31) opens as a dialog; "Vidarebefordra" opens the mail program
     and then asks Ja/Nej;
   The "Hanterad" box is sent as soon as it changes by webcert.js (``data-wc-autosubmit``; a
   complement request then shows the service's confirmation box).
   No inline script (CSP). */
(function () {
  "use strict";

  var SAVE_AFTER_MS = 800;
  var TEXT = {
    saving: "Sparar …",
    saved: "Meddelandet är sparat.",
    failed: "Meddelandet kunde inte sparas. Det du skrivit finns kvar här; försök igen."
  };

  function openDialog(id) {
    var dialog = document.getElementById(id);
    if (!dialog || typeof dialog.showModal !== "function") { return false; }
    if (!dialog.open) { dialog.showModal(); }
    return true;
  }

  // --- autosave (QA-1) ---------------------------------------------------------------------------
  function Autosave(form, csrf) {
    this.form = form;
    this.csrf = csrf;
    this.url = form.getAttribute("data-wc-autosave");
    this.text = form.querySelector("[data-wc-autosave-text]");
    this.subject = form.querySelector("[data-wc-autosave-subject]");
    this.status = form.querySelector("[data-wc-autosave-status]");
    this.timer = null;
    this.dirty = false;
  }

  Autosave.prototype.changed = function () {
    var self = this;
    this.dirty = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.save(false); }, SAVE_AFTER_MS);
  };

  Autosave.prototype.tell = function (text, failed) {
    if (!this.status) { return; }
    this.status.textContent = text;
    if (failed) { this.status.setAttribute("data-state", "error"); } else { this.status.removeAttribute("data-state"); }
  };

  Autosave.prototype.save = function (leaving) {
    var self = this;
    if (!this.dirty || !this.text) { return; }
    this.dirty = false;
    var body = { text: this.text.value };
    if (this.subject) { body.subject = this.subject.value || null; }
    if (!leaving) { this.tell(TEXT.saving, false); }
    fetch(this.url, {
      method: "PUT", credentials: "same-origin", keepalive: leaving === true,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": this.csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) { self.tell((data && data.message) || TEXT.saved, false); return; }
        var error = (data && data.error) || {};
        if (response.status === 401 && error.redirect) { window.location.assign(error.redirect); return; }
        self.dirty = true;
        self.tell(error.message || TEXT.failed, true);
      });
    }).catch(function () {
      self.dirty = true;
      self.tell(TEXT.failed, true);
    });
  };

  function enhanceAutosave(panel) {
    var csrf = panel.getAttribute("data-csrf");
    var all = [];
    panel.querySelectorAll("form[data-wc-autosave]").forEach(function (form) {
      var saver = new Autosave(form, csrf);
      all.push(saver);
      form.addEventListener("input", function () { saver.changed(); });
      form.addEventListener("change", function () { saver.changed(); });
      // Sending takes what is typed; nothing is left to save afterwards.
      form.addEventListener("submit", function () { clearTimeout(saver.timer); saver.dirty = false; });
    });
    // Leaving the page keeps what is typed (the request outlives the page).
    window.addEventListener("pagehide", function () {
      all.forEach(function (saver) { clearTimeout(saver.timer); saver.save(true); });
    });
  }

  // --- dialogs, forwarding, "Hanterad" ---------------------------------------------------------------
  function enhanceDialogs(panel) {
    panel.querySelectorAll("[data-wc-question-dialog]").forEach(function (link) {
      link.addEventListener("click", function (e) {
        if (openDialog(link.getAttribute("data-wc-question-dialog"))) { e.preventDefault(); }
      });
    });
    // §7: the mail program opens with the link; then "välj om du vill markera frågan/svaret som
    // vidarebefordrad genom att klicka på Ja eller Nej".
    panel.querySelectorAll("[data-wc-question-forward]").forEach(function (link) {
      link.addEventListener("click", function () {
        var id = link.getAttribute("data-wc-question-forward");
        setTimeout(function () { openDialog(id); }, 0);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.querySelector("[data-wc-questions]");
    if (!panel) { return; }
    enhanceAutosave(panel);
    enhanceDialogs(panel);
    // "Öppna" in "Ej hanterade ärenden" comes here with the question (?arende=, or its card's
    // anchor): bring its card into view.
    var current = panel.querySelector(".wc-qcard--highlighted");
    if (!current && window.location.hash.indexOf("#arende-") === 0) {
      current = document.getElementById(window.location.hash.slice(1));
    }
    if (current && typeof current.scrollIntoView === "function") {
      current.scrollIntoView({ block: "nearest" });
      current.focus({ preventScroll: true });
    }
  });
})();
