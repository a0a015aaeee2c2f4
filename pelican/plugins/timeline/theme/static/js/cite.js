/* "Cite this": fill in today's date as the access date and show the full permalink. */
(function () {
  "use strict";
  var date = document.querySelector(".cite .cite-date");
  var link = document.querySelector(".cite .cite-url");
  if (date) {
    var lang = document.documentElement.lang || "en";  /* English dates day-month-year */
    date.textContent = new Date().toLocaleDateString(lang === "en" ? "en-GB" : lang,
      { day: "numeric", month: "long", year: "numeric" });
  }
  if (link) link.textContent = link.href;
})();
