/* Send the assertion back to Webcert at once; the "Fortsätt" button does it without JavaScript. */
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) { form.submit(); }
});
