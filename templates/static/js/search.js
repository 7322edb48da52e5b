/* The search page: Pagefind's UI (bundled with the index, no third-party host), with ?q= from the header form. */
window.addEventListener("DOMContentLoaded", function () {
  // A large site's index comes in slices (pagefind/merge.js lists them); the UI searches them together.
  var script = document.querySelector("script[src$='pagefind-ui.js']");
  var merge = (window.gongkaiIndexes || []).map(function (path) {
    return { bundlePath: new URL(path, script.src).pathname };
  });
  var ui = new PagefindUI({ element: "#search", showSubResults: true, showImages: false, resetStyles: false,
                            mergeIndex: merge });
  // Pagefind's input has only a placeholder; screen readers need a name for it.
  function label() {
    var input = document.querySelector("#search input[type=text], #search input[type=search]");
    if (input) { input.setAttribute("aria-label", "搜索关键词"); } else { window.requestAnimationFrame(label); }
  }
  label();
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { ui.triggerSearch(query); }
});
