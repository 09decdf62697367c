// Renders every element with a data-vl-spec attribute using the locally served Vega bundle.
(function () {
  "use strict";
  function renderAll() {
    document.querySelectorAll("[data-vl-spec]").forEach(function (el) {
      var spec = JSON.parse(el.getAttribute("data-vl-spec"));
      window
        .vegaEmbed(el, spec, { actions: false, renderer: "svg" })
        .then(function () {
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
