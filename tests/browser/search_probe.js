// Installed before any page script (Playwright init script) by tests that read search
// results. Material's search runs in a web worker: the page posts each query
// ({type: 2, data: query}) and the worker answers each in turn ({type: 3, data: result}).
// The probe records which query the latest answer belongs to, so a test can wait until
// the results of the whole query typed are shown, never reading those of a partial one.
// window.__searchProbe.only = ["c"] keeps every answer to any other query from reaching
// the page until release() is called: it makes the race between typing and answering
// deterministic, for the test that shows the waiting is needed.
(function () {
  var Real = window.Worker;
  var probe = (window.__searchProbe = {
    asked: [],
    answered: null,
    items: null,
    only: null,
    held: [],
    release: function () {
      probe.only = null;
      probe.held.splice(0).forEach(function (deliver) { deliver(); });
    },
  });
  window.Worker = class extends Real {
    postMessage(message) {
      if (message && message.type === 2) probe.asked.push(message.data);
      return super.postMessage.apply(this, arguments);
    }
    addEventListener(type, listener, options) {
      if (type !== "message") return super.addEventListener(type, listener, options);
      return super.addEventListener(type, function (event) {
        var message = event.data;
        if (!message || message.type !== 3) return listener.call(this, event);
        var query = probe.asked.shift();
        var self = this;
        var deliver = function () {
          probe.answered = query;
          probe.items = message.data.items;
          listener.call(self, event);
        };
        if (probe.only && probe.only.indexOf(query) < 0) probe.held.push(deliver);
        else deliver();
      }, options);
    }
  };
})();
