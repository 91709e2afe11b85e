// When a form comes back with errors, move keyboard and screen-reader focus to the list of problems.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
