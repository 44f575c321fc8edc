/* "Copy link" buttons beside read-only share links. Progressive enhancement: the
   buttons are hidden in the HTML and shown only here, so without JavaScript people
   select the link in its field and copy it themselves.

   Markup: <input id="x" readonly> … <button data-copy-target="x" hidden>, and an
   element with role="status" in the same .certificate-share block for the result. */
(function () {
  "use strict";

  function announce(button, text) {
    var block = button.closest(".certificate-share");
    var status = block && block.querySelector("[role='status']");
    if (status) {
      // Emptied first so the same words are announced again on a second copy.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
  }

  function copyBySelection(input) {
    input.focus();
    input.select();
    input.setSelectionRange(0, input.value.length);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy(button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    if (!input) { return; }
    var copied = function () { announce(button, "Link copied."); };
    var failed = function () {
      input.focus();
      input.select();
      announce(button, "Could not copy automatically: the link is selected, so press Ctrl+C (or ⌘+C) to copy it.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(copied, function () {
        if (copyBySelection(input)) { copied(); } else { failed(); }
      });
    } else if (copyBySelection(input)) {
      copied();
    } else {
      failed();
    }
  }

  function init() {
    var buttons = document.querySelectorAll("button[data-copy-target]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
    // Selecting the whole link on focus makes copying by hand easy too.
    var inputs = document.querySelectorAll(".certificate-share__input");
    Array.prototype.forEach.call(inputs, function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
