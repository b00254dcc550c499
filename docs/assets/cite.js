// The citation under every page ends with "accessed [date]": fill in today's date in the
// page's language. Without JavaScript the placeholder stays, for the reader to fill in.
// A site built without a public address cites each page by its path (.cite-here): show
// the address the page is actually read at instead.
(function () {
  function fill() {
    var lang = document.documentElement.lang || "sr-Latn";
    var today;
    try {
      today = new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric" }).format(new Date());
    } catch (e) {
      return;
    }
    // The sentence's own full stop follows: drop the one Serbian dates end with.
    today = today.replace(/\.$/, "");
    document.querySelectorAll(".cite-accessed").forEach(function (el) { el.textContent = today; });
    var here = location.href.split("#")[0].split("?")[0];
    document.querySelectorAll(".cite-here").forEach(function (el) { el.textContent = here; });
  }
  if (window.document$) { window.document$.subscribe(fill); } else { document.addEventListener("DOMContentLoaded", fill); }
})();
