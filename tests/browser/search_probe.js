// Installed before any page script (Playwright init script) by tests that read search
// results. The site search is Pagefind's Component UI: the input sends its text to the
// instance's triggerSearch() once the reader pauses (300 ms debounce), which calls the
// Pagefind API's search(); the UI shows the answer of the latest call only and announces it
// with a "results" event. Until the next query is sent, the answer to the previous one
// stays on screen under the longer text typed. The probe records which query the
// results shown belong to (window.__searchProbe.answered) and the URL of their first page
// (.first), so a test can wait until the results of the whole query typed are on screen,
// never reading those of a partial one.
// window.__searchProbe.only = ["c"] holds every other query back (before the search starts)
// until release() is called: it makes the race between typing and answering deterministic, for
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
      probe.latest = term;  // the UI's current search is always the latest call
      return search.apply(api, arguments);
    };
    return api;
  }

  function watch(instance) {
    // The input sends its text to triggerSearch() once the reader pauses (its debounce):
    // a query held there leaves the answer to the one before on screen, as a slow search does.
    var trigger = instance.triggerSearch;
    instance.triggerSearch = function (term) {
      var self = this;
      var args = arguments;
      var send = function () {
        probe.asked.push(term);
        return trigger.apply(self, args);
      };
      if (probe.only && probe.only.indexOf(term) < 0) {
        probe.held.push(send);
        return;
      }
      return send();
    };
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
