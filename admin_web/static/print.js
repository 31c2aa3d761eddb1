// Print buttons on the printable pages (the CSP forbids inline scripts, so this is a file).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
