/* Draws every chart on the page from its Vega-Lite spec (a JSON data block next to it).
   Runs without eval (Vega's expression interpreter), so the page's
   Content-Security-Policy can forbid inline and evaluated scripts. */
(function () {
  "use strict";
  var POLISH = { decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", "\u00a0zł"] };

  function render(el) {
    var source = document.getElementById(el.getAttribute("data-spec"));
    if (!source || !window.vegaEmbed || !window.vega) { return; }
    var spec = JSON.parse(source.textContent);
    var lang = (document.documentElement.lang || "pl").toLowerCase();
    var options = {
      actions: false,
      renderer: "svg",
      ast: true,
      expr: window.vega.expressionInterpreter,
      defaultStyle: false
    };
    if (lang.indexOf("pl") === 0) { options.formatLocale = POLISH; }
    window.vegaEmbed(el, spec, options).catch(function () {
      el.textContent = el.getAttribute("data-error") || "";
    });
  }

  function renderAll(root) {
    var nodes = (root || document).querySelectorAll("[data-spec]");
    Array.prototype.forEach.call(nodes, render);
  }

  document.addEventListener("DOMContentLoaded", function () { renderAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { renderAll(event.target); });
})();
