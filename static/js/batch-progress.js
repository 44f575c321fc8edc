/* The bulk issue pages of the certificates admin.
   - The batch page: polls the batch's progress (JSON, the URL in data-url) every two
     seconds and updates the bar, the counts and the spoken summary, until the batch
     is done. Without JavaScript the page shows the state it was loaded with.
   - The check-and-confirm page: when some rows match nobody, the confirm button stays
     disabled until "skip the rows above" is ticked. The server enforces the same rule;
     this only saves a round trip. */
(function () {
  "use strict";

  var INTERVAL_MS = 2000;

  function setText(root, name, value) {
    var element = root.querySelector('[data-batch-field="' + name + '"]');
    if (element && value !== undefined && value !== null) {
      element.textContent = String(value);
    }
  }

  function render(root, state) {
    var bar = root.querySelector("[data-batch-bar]");
    var percent = Math.max(0, Math.min(100, Number(state.percent) || 0));
    if (bar) {
      bar.value = percent;
      bar.textContent = percent + "%";
    }
    var percentText = root.querySelector("[data-batch-percent]");
    if (percentText) { percentText.textContent = percent + "%"; }
    ["status_label", "total", "issued", "ready", "pending", "failed", "error"].forEach(
      function (name) { setText(root, name, state[name]); }
    );
    var summary = root.querySelector("[data-batch-summary]");
    // Only a changed sentence is written, so screen readers announce changes, not
    // every poll.
    if (summary && state.summary && summary.textContent !== state.summary) {
      summary.textContent = state.summary;
    }
    var error = root.querySelector("[data-batch-error]");
    if (error) { error.hidden = !state.error; }
    var failures = document.querySelector("[data-batch-failures]");
    if (failures && Number(state.failed) > 0) { failures.hidden = false; }
  }

  function poll(root) {
    var url = root.getAttribute("data-url");
    var timer = null;

    function stop() {
      if (timer !== null) { window.clearInterval(timer); timer = null; }
    }

    function tick() {
      fetch(url, {
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" },
        cache: "no-store"
      })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (state) {
          render(root, state);
          if (state.done) {
            stop();
            root.setAttribute("data-done", "true");
          }
        })
        .catch(function () {
          stop();
          var summary = root.querySelector("[data-batch-summary]");
          if (summary) {
            summary.textContent =
              "The progress could not be updated. Reload the page to see where the bulk issue stands.";
          }
        });
    }

    timer = window.setInterval(tick, INTERVAL_MS);
    tick();
  }

  function guardConfirm() {
    var tick = document.querySelector("[data-batch-skip]");
    var button = document.querySelector("[data-batch-confirm]");
    if (!tick || !button) { return; }
    function update() { button.disabled = !tick.checked; }
    tick.addEventListener("change", update);
    update();
  }

  function start() {
    var root = document.querySelector("[data-batch-progress]");
    if (root && root.getAttribute("data-done") !== "true" && root.getAttribute("data-url")) {
      poll(root);
    }
    guardConfirm();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
