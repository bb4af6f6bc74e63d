/* The draft's form (certificate_draft.html): autosave (CERT-3), "Samtidig redigering" (§5.2),
   help texts behind an arrow (CERT-16), the text counters, diagnosis suggestions (DS-1) and the
   dialogs of "Vidarebefordra utkast" (§5.4) and "Radera". No framework; no inline script (CSP).

   The form's fields go to the gateway as [[name, value], ...]; the gateway turns them into the
   content the certificate service checks and stores, and answers with the new version and the
   questions and sections the answers hide. */
(function () {
  "use strict";

  var SAVE_DELAY_MS = 1000;
  var POLL_MS = 15000;
  var RETRY_FIRST_MS = 3000;
  var RETRY_MAX_MS = 30000;
  var SUGGEST_DELAY_MS = 250;
  var TEXT = {
    saved: "Utkastet är sparat",
    saving: "Sparar …",
    unsaved: "Ändringarna sparas …",
    invalid: "Utkastet kunde inte sparas. Rätta de markerade fälten.",
    failed: "Utkastet kunde inte sparas just nu. Ändringarna sparas när du fortsätter skriva.",
    stopped: "Utkastet sparas inte längre automatiskt.",
    changed: "Utkastet har ändrats av någon annan. Öppna utkastet igen för att se ändringarna.",
    gone: "Utkastet är inte längre ett utkast som kan redigeras. Öppna det igen för att se det.",
    left: function (n) { return n + " tecken kvar."; },
    max: function (n) { return "Högst " + n + " tecken. "; }
  };

  function qsa(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  // --- save state ----------------------------------------------------------------------------
  function Draft(form) {
    this.form = form;
    this.fields = form.querySelector("[data-wc-fields]");
    this.status = document.querySelector("[data-wc-save-status]");
    this.priority = document.querySelector("[data-wc-priority]");
    this.version = parseInt(form.querySelector("[data-wc-version]").value, 10);
    this.editToken = form.querySelector("[data-wc-edit-token]").value || null;
    this.csrf = form.getAttribute("data-csrf");
    this.dirty = false;
    this.inFlight = null;      // the running save's promise
    this.timer = null;
    this.stopped = false;
  }

  Draft.prototype.say = function (text, kind) {
    if (!this.status) { return; }
    this.status.textContent = text;
    this.status.setAttribute("data-state", kind || "");
  };

  Draft.prototype.changed = function () {
    if (this.stopped) { return; }
    this.dirty = true;
    this.say(TEXT.unsaved, "pending");
    clearTimeout(this.timer);
    this.timer = setTimeout(this.save.bind(this), SAVE_DELAY_MS);
  };

  Draft.prototype.pairs = function () {
    var pairs = [];
    qsa(this.form, "input, select, textarea").forEach(function (el) {
      var name = el.name || "";
      if (name.indexOf("q[") !== 0) { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      pairs.push([name, el.value]);
    });
    return pairs;
  };

  // Resolves when everything typed so far is saved (or cannot be).
  Draft.prototype.save = function (leaving) {
    var self = this;
    clearTimeout(this.timer);
    if (this.stopped) { return Promise.resolve(false); }
    if (this.inFlight) {
      return this.inFlight.then(function () { return self.dirty ? self.save(leaving) : true; });
    }
    if (!this.dirty) { return Promise.resolve(true); }
    this.dirty = false;
    this.say(TEXT.saving, "saving");
    var body = {
      version: this.version, edit_token: this.editToken,
      certificate_type: this.form.getAttribute("data-certificate-type"), fields: this.pairs()
    };
    this.inFlight = fetch(this.form.getAttribute("data-save-url"), {
      method: "PUT", credentials: "same-origin", keepalive: leaving === true,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": this.csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return self.answered(response.status, data);
      });
    }).catch(function () {
      self.dirty = true;
      self.say(TEXT.failed, "error");
      self.retryLater();
      return false;
    }).then(function (ok) {
      self.inFlight = null;
      return ok;
    });
    return this.inFlight;
  };

  Draft.prototype.answered = function (status, data) {
    var error = (data && data.error) || {};
    if (status === 200) {
      this.retryDelay = 0;
      this.setVersion(data.version);
      this.applyHidden(data.hidden_questions || [], data.hidden_sections || []);
      this.showProblems([]);
      if (!this.dirty) { this.say(TEXT.saved, "saved"); }
      return true;
    }
    if (status === 422) {
      this.showProblems(error.details || []);
      this.say(error.message || TEXT.invalid, "error");
      return false;
    }
    if (status === 401 && error.redirect) {
      window.location.assign(error.redirect);
      return false;
    }
    if (status === 409 || status === 403 || status === 404) {
      // §5.2: someone else opened the draft later and has priority (EDITED_BY_OTHER), or the
      // draft changed under us (STALE_VERSION, NOT_A_DRAFT): stop saving and say who and why.
      this.stop(error.message || TEXT.gone);
      return false;
    }
    this.dirty = true;
    this.say(error.message || TEXT.failed, "error");
    this.retryLater();
    return false;
  };

  // A save that failed for a passing reason (the network, a service, a PU outage that locks
  // Webcert for a while, PU-3) is tried again by itself, less and less often: what the user
  // typed is kept in the form and saved once the system answers again.
  Draft.prototype.retryLater = function () {
    var self = this;
    this.retryDelay = Math.min((this.retryDelay || RETRY_FIRST_MS / 2) * 2, RETRY_MAX_MS);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(function () { self.save(); }, this.retryDelay);
  };

  Draft.prototype.setVersion = function (version) {
    if (typeof version !== "number") { return; }
    this.version = version;
    qsa(document, "[data-wc-version]").forEach(function (input) { input.value = String(version); });
  };

  Draft.prototype.applyHidden = function (questions, sections) {
    var hiddenQ = {}, hiddenS = {};
    questions.forEach(function (id) { hiddenQ[id] = true; });
    sections.forEach(function (id) { hiddenS[id] = true; });
    qsa(this.form, "[data-question]").forEach(function (el) {
      el.hidden = hiddenQ[el.getAttribute("data-question")] === true;
    });
    qsa(this.form, "[data-section]").forEach(function (el) {
      el.hidden = hiddenS[el.getAttribute("data-section")] === true;
    });
  };

  // 422: each message at its question; the part it names marked invalid.
  Draft.prototype.showProblems = function (details) {
    var form = this.form;
    qsa(form, "[data-wc-errors]").forEach(function (box) {
      box.textContent = "";
      box.hidden = true;
      box.parentElement.classList.remove("wc-question--invalid");
    });
    qsa(form, "[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    details.forEach(function (detail) {
      var question = form.querySelector('[data-question="' + cssString(detail.question_id) + '"]');
      if (!question) { return; }
      var box = question.querySelector("[data-wc-errors]");
      var message = document.createElement("p");
      message.className = "ds-validation-message";
      message.setAttribute("data-color", "danger");
      message.textContent = detail.display || detail.message;
      box.appendChild(message);
      box.hidden = false;
      question.classList.add("wc-question--invalid");
      var selector = '[data-field="' + cssString(detail.field || detail.question_id) + '"]';
      qsa(question, selector).forEach(function (el) {
        if (el.matches("input, select, textarea")) { el.setAttribute("aria-invalid", "true"); }
        qsa(el, "input, select, textarea").forEach(function (c) { c.setAttribute("aria-invalid", "true"); });
      });
    });
  };

  Draft.prototype.stop = function (message) {
    this.stopped = true;
    this.dirty = false;
    clearTimeout(this.timer);
    if (this.fields) { this.fields.disabled = true; }
    if (this.priority) {
      this.priority.querySelector("[data-wc-priority-text]").textContent = message;
      this.priority.hidden = false;
    }
    this.say(TEXT.stopped, "stopped");
  };

  // §5.2: a user who only reads learns of the other editor too.
  Draft.prototype.poll = function () {
    var self = this;
    if (this.stopped || this.inFlight || document.hidden) { return; }
    fetch(this.form.getAttribute("data-status-url"), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (self.stopped || self.inFlight) { return; }
        if (response.status === 401 && data.error && data.error.redirect) {
          window.location.assign(data.error.redirect);
        } else if (response.status === 404) {
          self.stop(TEXT.gone);
        } else if (response.status !== 200) {
          return;
        } else if (data.other_editor) {
          self.stop(data.notice);
        } else if (data.status !== "DRAFT") {
          self.stop(TEXT.gone);
        } else if (typeof data.version === "number" && data.version > self.version) {
          self.stop(TEXT.changed);
        }
      });
    }).catch(function () { /* the next poll tries again */ });
  };

  function cssString(value) {
    return String(value).replace(/["\\]/g, "\\$&");
  }

  // Links and forms that must see everything saved first ("Signera intyget", "Visa vad som saknas").
  function afterSave(draft) {
    qsa(document, "[data-wc-after-save]").forEach(function (el) {
      var event = el.tagName === "FORM" ? "submit" : "click";
      el.addEventListener(event, function (e) {
        if (!draft.dirty && !draft.inFlight) { return; }
        e.preventDefault();
        draft.save().then(function () {
          if (el.tagName === "FORM") { el.submit(); } else { window.location.assign(el.href); }
        });
      });
    });
  }

  // --- help texts (CERT-16) and counters -------------------------------------------------------
  function enhanceHelp() {
    qsa(document, "[data-wc-help-toggle]").forEach(function (button) {
      var text = document.getElementById(button.getAttribute("aria-controls"));
      if (!text) { return; }
      button.hidden = false;
      text.hidden = true;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        text.hidden = !open;
      });
    });
  }

  function enhanceCounters(root) {
    qsa(root, "[data-wc-counter-for]").forEach(function (counter) {
      var area = document.getElementById(counter.getAttribute("data-wc-counter-for"));
      if (!area) { return; }
      var max = parseInt(area.getAttribute("data-wc-maxlength"), 10);
      var update = function () {
        counter.textContent = TEXT.max(max) + TEXT.left(Math.max(0, max - area.value.length));
      };
      area.addEventListener("input", update);
      update();
    });
  }

  // --- diagnoses (DS-1) -----------------------------------------------------------------------
  // The form allows 81 characters per description, and many ICD-10-SE descriptions are longer:
  // a chosen one goes in shortened at a word boundary, and the user is asked to check it.
  function shortened(text, max) {
    if (!max || text.length <= max) { return text; }
    var cut = text.slice(0, max);
    var space = cut.lastIndexOf(" ");
    return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:\u2013-]+$/, "");
  }

  function noteShortened(row, max, on) {
    var note = row.querySelector("[data-wc-shortened]");
    if (!on) { if (note) { note.remove(); } return; }
    if (!note) {
      note = document.createElement("p");
      note.className = "ds-validation-message";
      note.setAttribute("data-color", "warning");
      note.setAttribute("data-wc-shortened", "");
      note.setAttribute("data-testid", "diagnosis-shortened");
      row.appendChild(note);
    }
    note.textContent = "Beskrivningen har kortats till " + max + " tecken. Kontrollera texten.";
  }

  function enhanceDiagnoses(draft) {
    var url = draft.form.getAttribute("data-diagnoses-url");
    qsa(draft.form, "[data-wc-diagnosis-row]").forEach(function (row) {
      var code = row.querySelector('[data-wc-diagnosis="code"]');
      var description = row.querySelector('[data-wc-diagnosis="description"]');
      var list = row.querySelector("[data-wc-suggestions]");
      var group = row.closest("[data-wc-diagnoses]");
      var timer = null;
      function system() {
        var chosen = group.querySelector("[data-wc-code-system]:checked") ||
          group.querySelector('input[type="hidden"][data-wc-code-system]');
        return chosen ? chosen.value : "ICD_10_SE";
      }
      function clear() { list.textContent = ""; list.hidden = true; }
      function show(suggestions) {
        clear();
        suggestions.slice(0, 10).forEach(function (s) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "ds-button wc-suggestions__choice";
          button.setAttribute("data-variant", "tertiary");
          button.setAttribute("data-testid", "diagnosis-suggestion");
          button.textContent = s.code + " – " + s.description;
          button.addEventListener("click", function () {
            var max = parseInt(description.getAttribute("maxlength"), 10) || 0;
            code.value = s.code;
            description.value = shortened(s.description, max);
            noteShortened(row, max, description.value !== s.description);
            clear();
            description.focus();
            draft.changed();
          });
          item.appendChild(button);
          list.appendChild(item);
        });
        list.hidden = suggestions.length === 0;
      }
      function ask(param, value) {
        clearTimeout(timer);
        if ((param === "code" && value.length < 3) || value.length === 0) { clear(); return; }
        timer = setTimeout(function () {
          var query = "?code_system=" + encodeURIComponent(system()) + "&" + param + "=" + encodeURIComponent(value);
          fetch(url + query, { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
            .then(function (data) { show(data.suggestions || []); })
            .catch(clear);
        }, SUGGEST_DELAY_MS);
      }
      code.addEventListener("input", function () { ask("code", code.value.trim()); });
      description.addEventListener("input", function () { ask("description", description.value.trim()); });
      // Escape closes the list and cancels a lookup still waiting, so it cannot reopen it.
      row.addEventListener("keydown", function (e) { if (e.key === "Escape") { clearTimeout(timer); clear(); } });
    });
  }

  // --- dialogs --------------------------------------------------------------------------------
  function openDialog(id) {
    var dialog = document.getElementById(id);
    if (!dialog || typeof dialog.showModal !== "function") { return false; }
    if (!dialog.open) { dialog.showModal(); }
    return true;
  }

  function enhanceDialogs() {
    // "Radera": the confirmation as a dialog here; without script the link opens it as a page.
    qsa(document, "[data-wc-dialog-open]").forEach(function (link) {
      link.addEventListener("click", function (e) {
        if (openDialog(link.getAttribute("data-wc-dialog-open"))) { e.preventDefault(); }
      });
    });
    // §5.4: the mail client opens with the link; then "markera utkastet som vidarebefordrat?"
    qsa(document, "[data-wc-forward]").forEach(function (link) {
      link.addEventListener("click", function () {
        var id = link.getAttribute("data-wc-forward");
        setTimeout(function () { openDialog(id); }, 0);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceHelp();
    enhanceCounters(document);
    enhanceDialogs();
    var form = document.querySelector("[data-wc-certificate-form]");
    if (!form) { return; }
    var draft = new Draft(form);
    form.addEventListener("input", function () { draft.changed(); });
    form.addEventListener("change", function () { draft.changed(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); draft.save(); });
    enhanceDiagnoses(draft);
    afterSave(draft);
    setInterval(function () { draft.poll(); }, POLL_MS);
    // Leaving the page saves what is typed (the request outlives the page), without asking.
    window.addEventListener("pagehide", function () { if (draft.dirty) { draft.save(true); } });
    var focus = document.querySelector("[data-wc-focus]");
    if (focus) { focus.focus(); }
  });
})();
