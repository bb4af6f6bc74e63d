/* Certificate lists (CERT-2, CERT-14): the "Vidarebefordrad" box is saved as soon as it changes
   (§5.4 "Om du väljer Ja blir kryssrutan vid utkastet markerad"). Without this file each box has its
   own "Spara" button; with it the button is hidden and the form is sent on change. */
(function () {
  "use strict";

  function enhanceForwardedForms() {
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

  document.addEventListener("DOMContentLoaded", enhanceForwardedForms);
})();
