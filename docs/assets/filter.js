// Filter the municipality list as you type. Matches names (Latin, Cyrillic, English; a city
// by the names of its city municipalities too) and districts, with or without diacritics and
// in either script. Districts without a match are hidden whole, so the first match comes
// right under the field. The query can come in the address (`?q=`, as the home page's
// "find your municipality" form sends it) and is kept there. Without JavaScript the page
// stays complete and usable.
(function () {
  var CYR = "абвгдђежзијклљмнњопрстћуфхцчџш";
  var LAT = ["a","b","v","g","d","dj","e","z","z","i","j","k","l","lj","m","n","nj","o","p","r","s","t","c","u","f","h","c","c","dz","s"];
  function fold(text) {
    var out = "";
    text = text.toLowerCase();
    for (var i = 0; i < text.length; i++) {
      var k = CYR.indexOf(text[i]);
      out += k >= 0 ? LAT[k] : text[i];
    }
    return out.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "dj");
  }
  function apply(input) {
    var q = fold(input.value.trim());
    var any = false;
    document.querySelectorAll("section.lsg-district").forEach(function (section) {
      var shown = 0;
      section.querySelectorAll("tr[data-search]").forEach(function (row) {
        row.hidden = q !== "" && fold(row.getAttribute("data-search")).indexOf(q) < 0;
        if (!row.hidden) shown++;
      });
      section.hidden = shown === 0;
      any = any || shown > 0;
    });
    var none = document.getElementById("lsg-filter-none");
    if (none) none.hidden = any;
    var url = new URL(location.href);
    if (input.value.trim()) url.searchParams.set("q", input.value.trim());
    else url.searchParams.delete("q");
    history.replaceState(history.state, "", url.href);
  }
  function setup() {
    var input = document.getElementById("lsg-filter");
    if (!input) return;
    input.addEventListener("input", function () { apply(input); });
    var q = new URL(location.href).searchParams.get("q");
    if (q) {
      input.value = q;
      apply(input);
    }
  }
  if (window.document$) { window.document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
