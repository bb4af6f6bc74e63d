/* "Ej hanterade ärenden" (§7 "Vidarebefordra ärendekommunikation"): "Vidarebefordra" opens the mail client with
   the link to the certificate and then asks "Markera som vidarebefordrad?" in a dialog. Without this file the
   link opens the same question as a page, with the e-mail link on it. No framework; no inline script (CSP). */
(function () {
  "use strict";

  function enhanceForwardLinks() {
    var dialog = document.getElementById("forward-question-dialog");
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    var form = dialog.querySelector("form[data-wc-forward-form]");
    document.querySelectorAll("a[data-wc-mailto][data-wc-forward-action]").forEach(function (link) {
      link.addEventListener("click", function (e) {
        e.preventDefault();
        form.setAttribute("action", link.getAttribute("data-wc-forward-action"));
        // The mail client first (§7 steps 3-4), then the question (step 5).
        window.location.href = link.getAttribute("data-wc-mailto");
        setTimeout(function () { if (!dialog.open) { dialog.showModal(); } }, 0);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", enhanceForwardLinks);
})();
