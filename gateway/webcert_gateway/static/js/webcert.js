/* Webcert: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // The risk dialog (§5.8) and the information box (§3) open as real modal dialogs:
  // focus stays inside and the page behind is inert.
  function openModals() {
    document.querySelectorAll("dialog[data-wc-modal]").forEach(function (dialog) {
      if (typeof dialog.showModal !== "function") { return; }
      if (dialog.open) { dialog.close(); }
      dialog.showModal();
      if (dialog.hasAttribute("data-wc-no-escape")) {
        // Escape must not slip past the choice: accept or cancel (which logs out).
        dialog.addEventListener("cancel", function (event) { event.preventDefault(); });
      }
    });
  }

  // §3 Figur 2: workplaces are shown when the plus sign in the left margin is clicked.
  function setExpanded(toggle, list, expanded) {
    toggle.setAttribute("aria-expanded", expanded ? "true" : "false");
    toggle.textContent = expanded ? "\u2212" : "+";
    list.hidden = !expanded;
  }

  function enhanceUnitList() {
    document.querySelectorAll(".wc-units__toggle").forEach(function (toggle) {
      var list = document.getElementById(toggle.getAttribute("aria-controls"));
      if (!list) { return; }
      var holdsCurrent = list.querySelector("[aria-current]") !== null;
      toggle.hidden = false;
      setExpanded(toggle, list, holdsCurrent);
      toggle.addEventListener("click", function () {
        setExpanded(toggle, list, toggle.getAttribute("aria-expanded") !== "true");
      });
    });
  }

  // A form of one checkbox that is saved as soon as the box changes: "Vidarebefordrad" in the
  // certificate lists (§5.4 "Om du väljer Ja blir kryssrutan vid utkastet markerad") and
  // "Hanterad" beside a certificate (§7). Without script each box has its own button; with it the
  // button is hidden and the form is sent on change, once.
  function enhanceAutosubmit() {
    document.querySelectorAll("form[data-wc-autosubmit]").forEach(function (form) {
      var box = form.querySelector("input[type=checkbox]");
      var button = form.querySelector("button[type=submit]");
      if (!box || box.disabled || !button) { return; }
      var sending = false;
      button.hidden = true;
      box.addEventListener("change", function () {
        // One request; the page comes back with the saved state. (A disabled box would not be sent.)
        if (sending) { return; }
        sending = true;
        form.setAttribute("aria-busy", "true");
        if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    openModals();
    enhanceUnitList();
    enhanceAutosubmit();
  });
})();
