// Buttons marked data-print-page open the browser's print dialogue.
document.querySelectorAll("[data-print-page]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
