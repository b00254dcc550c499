// Filter the municipality index as you type. Matches names and districts with or without
// diacritics and in either script; the page stays complete and usable without JavaScript.
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
  function setup() {
    var input = document.getElementById("lsg-filter");
    if (!input) return;
    input.addEventListener("input", function () {
      var q = fold(input.value.trim());
      document.querySelectorAll("tr[data-search]").forEach(function (row) {
        row.hidden = q !== "" && fold(row.getAttribute("data-search")).indexOf(q) < 0;
      });
    });
  }
  if (window.document$) { window.document$.subscribe(setup); } else { document.addEventListener("DOMContentLoaded", setup); }
})();
