// Buttons marked data-training-print open the browser's print dialogue.
document.querySelectorAll("[data-training-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
