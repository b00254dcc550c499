// Material runs a search on keyup only, so a query pasted with the mouse, chosen from the
// browser's autofill or composed with an input method (a Cyrillic word typed through an
// on-screen keyboard) finds nothing until another key is pressed. Every finished change of
// the search field's text is passed on as a keyup; Material ignores a repeated value.
document.addEventListener("input", function (event) {
  var target = event.target;
  if (event.isComposing || !target.matches || !target.matches("input.md-search__input")) return;
  target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
}, true);
