// Tauar's page helpers (no build step). The search form sends Enter to the 30-character search
// (CAT-99) because its first submit button is «Поиск 30 знаков».
document.addEventListener("change", function (e) {
  var el = e.target;
  if (el && el.matches && el.matches("[data-autosubmit]")) {
    if (el.form) { el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit(); }
  }
});
