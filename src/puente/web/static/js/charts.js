// Renders every element with a data-vl-spec attribute using the locally served Vega bundle.
// On a narrow screen (a phone) a legend goes under its chart, so the chart keeps the width.
(function () {
  "use strict";
  var NARROW = 560; // px: below this a legend beside the chart would take half of it

  function fitted(el, spec) {
    if (el.clientWidth >= NARROW) return spec;
    var config = Object.assign({}, spec.config || {});
    config.legend = Object.assign({}, config.legend || {}, { orient: "bottom", direction: "horizontal" });
    return Object.assign({}, spec, { config: config });
  }

  function renderAll() {
    document.querySelectorAll("[data-vl-spec]").forEach(function (el) {
      var spec = fitted(el, JSON.parse(el.getAttribute("data-vl-spec")));
      window
        .vegaEmbed(el, spec, { actions: false, renderer: "svg" })
        .then(function () {
          // A mark Vega leaves unnamed (a background outline) says nothing to a screen
          // reader: the chart's own label (role="img") speaks for it.
          el.querySelectorAll('[role="graphics-symbol"]:not([aria-label])').forEach(function (n) {
            n.setAttribute("aria-hidden", "true");
          });
          el.setAttribute("data-rendered", "true");
        })
        .catch(function (err) {
          el.setAttribute("data-rendered", "error");
          el.textContent = "Chart failed: " + err;
          console.error(err);
        });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
