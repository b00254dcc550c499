// Installed before any page script (Playwright init script) by tests that read search
// results. Material's search runs in a web worker: the page posts each query
// ({type: 2, data: query}) and the worker answers each in turn ({type: 3, data: result}).
// The probe records which query the latest answer belongs to, so a test can wait until
// the results of the whole query typed are shown, never reading those of a partial one.
// window.__searchProbe.only = ["c"] keeps every other query from reaching the worker
// until release() is called: it makes the race between typing and answering
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
    constructor(url, options) {
      super(url, options);
      // One listener of the probe's own, added before the page's: it sees each answer
      // first, once, however often the page adds or removes its listeners.
      super.addEventListener("message", function (event) {
        var message = event.data;
        if (message && message.type === 3) {
          probe.answered = probe.asked.shift();
          probe.items = message.data.items;
        }
      });
    }
    postMessage(message) {
      if (message && message.type === 2) {
        var worker = this;
        var args = arguments;
        var send = function () {
          probe.asked.push(message.data);
          return Real.prototype.postMessage.apply(worker, args);
        };
        if (probe.only && probe.only.indexOf(message.data) < 0) {
          probe.held.push(send);
          return;
        }
        return send();
      }
      return super.postMessage.apply(this, arguments);
    }
  };
})();
