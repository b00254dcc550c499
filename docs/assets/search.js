// The site search (Pagefind, decision 0022). Nothing of it is downloaded until the reader
// opens it: the header's search button, Ctrl+K / Cmd+K or "/" load Pagefind's UI from
// <site root>/pagefind/, give it this page's UI strings (#search-strings, from the message
// catalogs) and open its dialog. Pagefind searches the index of this page's <html lang>.
// The site root is Material's `base` (relative on pages, absolute on the not-found pages,
// which answer at any address), so the search works at any base path.
(function () {
  var DEBOUNCE_MS = 150;
  var opening = null;

  function siteRoot() {
    var config = JSON.parse(document.getElementById("__config").textContent);
    return new URL(config.base.replace(/\/?$/, "/"), location.href);
  }

  function load() {
    if (opening) return opening;
    var root = siteRoot();
    var bundle = new URL("pagefind/", root).href;
    opening = new Promise(function (resolve, reject) {
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = bundle + "pagefind-component-ui.css";
      document.head.appendChild(style);
      var script = document.createElement("script");
      script.type = "module";
      script.src = bundle + "pagefind-component-ui.js";
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    }).then(function () {
      // The strings first: set after the dialog is drawn, they would leave a stale copy.
      var strings = JSON.parse(document.getElementById("search-strings").textContent);
      window.PagefindComponents.getInstanceManager().getInstance("default").setTranslations(strings);
      var config = document.createElement("pagefind-config");
      config.setAttribute("bundle-path", bundle);
      config.setAttribute("base-url", root.pathname);
      document.body.appendChild(config);
      var modal = document.createElement("pagefind-modal");
      document.body.appendChild(modal);
      // Pagefind waits 300 ms after a key before it searches; on a phone that is a fifth of
      // the time a reader waits for results (decision 0022). 150 ms still lets a word typed
      // at a steady pace be searched once, not once per letter.
      var input = modal.querySelector("pagefind-input");
      if (input) input.setAttribute("debounce", String(DEBOUNCE_MS));
      return modal;
    });
    opening.catch(function () { opening = null; }); // a failed load may be retried
    return opening;
  }

  function open() {
    load().then(function (modal) { modal.open(); });
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".site-search-open")) open();
  });
  document.addEventListener("keydown", function (event) {
    var shortcut = (event.key === "k" && (event.ctrlKey || event.metaKey)) ||
      (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target));
    if (!shortcut || document.querySelector("pagefind-modal dialog[open]")) return;
    event.preventDefault();
    open();
  });
})();
