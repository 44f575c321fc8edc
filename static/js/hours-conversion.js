/* Shows, next to the hours field of the outside-training form, how many clock hours
   the certificate's hours are worth. Progressive enhancement only: the server does the
   conversion that counts and shows it again before the learner submits. */
(function () {
  "use strict";

  var MINUTES = { clock: 60, contact: 50, ceu: 500 };
  var UNIT_WORDS = { clock: "clock hours", contact: "contact hours", ceu: "CEUs" };

  // Hours are worked out in hundredths (the form accepts two decimals), so no
  // floating-point rounding shows up in the numbers.
  function toHundredths(text) {
    var match = /^\s*(\d{1,4})(?:\.(\d{1,2}))?\s*$/.exec(text);
    if (!match) { return null; }
    var fraction = (match[2] || "").padEnd(2, "0");
    return parseInt(match[1], 10) * 100 + parseInt(fraction, 10);
  }

  function show(hundredths) {
    var whole = Math.floor(hundredths / 100);
    var rest = String(hundredths % 100).padStart(2, "0").replace(/0+$/, "");
    return rest ? whole + "." + rest : String(whole);
  }

  function explain(amount, unit) {
    var perUnit = MINUTES[unit];
    if (!perUnit) { return ""; }
    var minutes100 = amount * perUnit; // minutes, in hundredths: exact
    // Clock hours rounded down to the quarter hour, as the ledger records them.
    var clock100 = Math.floor(minutes100 / 1500) * 25;
    var exact100 = Math.round(minutes100 / 60);
    var amountText = show(amount);
    var text;
    if (unit === "clock") {
      text = amountText + " clock hours";
    } else {
      var steps = unit === "ceu" ? " × 10 contact hours × 50 minutes" : " × 50 minutes";
      text = amountText + " " + UNIT_WORDS[unit] + steps + " = " + show(minutes100) +
        " minutes = " + show(exact100) + " clock hours";
    }
    if (minutes100 % 1500 !== 0) {
      text += ", recorded as " + show(clock100) + " (rounded down to the quarter hour)";
    }
    if (clock100 === 0) {
      return "That is less than a quarter of a clock hour, the smallest amount recorded.";
    }
    if (unit === "clock" && clock100 === amount) {
      return "Recorded as " + text + ".";
    }
    return "Worth " + show(clock100) + " clock hours: " + text + ".";
  }

  function setUp(output) {
    var hours = document.getElementById(output.dataset.hoursInput);
    var unit = document.getElementById(output.dataset.unitInput);
    if (!hours || !unit) { return; }
    var wrapper = output.closest("[data-conversion-preview]");
    function update() {
      var amount = toHundredths(hours.value);
      var text = amount && amount > 0 ? explain(amount, unit.value) : "";
      output.textContent = text;
      if (wrapper) { wrapper.hidden = !text; }
    }
    hours.addEventListener("input", update);
    unit.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("output[data-hours-input]").forEach(setUp);
})();
