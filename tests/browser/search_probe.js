// Installed before any page script (Playwright init script) by tests that read search
// results. The site search is Pagefind's Component UI: each query the input sends (after
// its debounce) calls the Pagefind API's search(); the UI shows the answer of the latest
// call only and announces it with a "results" event. The probe records which query the
// results shown belong to (window.__searchProbe.answered) and the URL of their first page
// (.first), so a test can wait until the results of the whole query typed are on screen,
// never reading those of a partial one.
// window.__searchProbe.only = ["c"] holds every other query back from the search until
// release() is called: it makes the race between typing and answering deterministic, for
// the test that shows the waiting is needed.
(function () {
  var probe = (window.__searchProbe = {
    asked: [],
    latest: null,
    answered: null,
    first: null,
    only: null,
    held: [],
    release: function () {
      probe.only = null;
      probe.held.splice(0).forEach(function (deliver) { deliver(); });
    },
  });
  var answers = 0;

  function wrapApi(api) {
    var search = api.search;
    api.search = function (term) {
      var args = arguments;
      var send = function () {
        probe.latest = term;  // the UI's current search is always the latest call
        probe.asked.push(term);
        return search.apply(api, args);
      };
      if (probe.only && probe.only.indexOf(term) < 0) {
        return new Promise(function (resolve) { probe.held.push(function () { resolve(send()); }); });
      }
      return send();
    };
    return api;
  }

  function watch(instance) {
    var api = null;
    Object.defineProperty(instance, "__pagefind__", {
      configurable: true,
      get: function () { return api; },
      set: function (value) { api = value ? wrapApi(value) : value; },
    });
    instance.on("results", function (result) {
      var token = ++answers;
      var term = instance.searchTerm ? probe.latest : "";
      var items = (result && result.results) || [];
      if (!items.length) {
        probe.answered = term;
        probe.first = null;
        return;
      }
      items[0].data().then(function (data) {
        if (token !== answers) return;  // a newer answer came meanwhile
        probe.first = data.url;
        probe.answered = term;
      });
    });
  }

  var components;
  Object.defineProperty(window, "PagefindComponents", {
    configurable: true,
    get: function () { return components; },
    set: function (value) {
      components = value;
      watch(value.getInstanceManager().getInstance("default"));
    },
  });
})();
