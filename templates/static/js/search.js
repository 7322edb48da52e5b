/* The search page: Pagefind's UI (bundled with the index, no third-party host), with ?q= from the header form. */

/* Chinese is written without spaces, so a query has to be split into words the way the index was. The index
   was split with a large dictionary; the browser's word breaker knows fewer words and breaks the others into
   single characters (扶贫 → 扶 贫), each of which would then have to be a word of its own in the page. So its
   words are kept and each run of single characters is put back together: Pagefind finds that as a word, or as
   the start of one. A quoted query stays a quoted phrase. */
function gongkaiSearchTerms(query) {
  var quoted = /^\s*".+"\s*$/.test(query);
  var words = quoted ? query.trim().slice(1, -1) : query;
  if (!window.Intl || !Intl.Segmenter) { return query; }
  var parts = [];
  var run = "";
  Array.from(new Intl.Segmenter("zh-CN", { granularity: "word" }).segment(words)).forEach(function (piece) {
    if (piece.isWordLike && Array.from(piece.segment).length === 1) {
      run += piece.segment;
      return;
    }
    if (run) { parts.push(run); run = ""; }
    if (piece.isWordLike) { parts.push(piece.segment); }
  });
  if (run) { parts.push(run); }
  var terms = parts.join(" ");
  return quoted ? '"' + terms + '"' : terms;
}

/* Each result says what it is and when it was published (政策文件 · 2020-03-24) before its excerpt. */
function gongkaiResult(result) {
  var kind = (result.filters && result.filters["类型"] || [])[0] || "";
  var date = (result.meta && result.meta.date) || "";
  if (result.meta) { delete result.meta.date; }  /* shown in the line below, not as Pagefind's "Date:" tag */
  var info = [kind, date].filter(Boolean).join(" · ").replace(/[&<>"]/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
  });
  if (info) { result.excerpt = '<span class="result-info">' + info + "</span>" + result.excerpt; }
  return result;
}

window.addEventListener("DOMContentLoaded", function () {
  // A large site's index comes in slices (pagefind/merge.js lists them); the UI searches them together.
  var script = document.querySelector("script[src$='pagefind-ui.js']");
  var merge = (window.gongkaiIndexes || []).map(function (path) {
    return { bundlePath: new URL(path, script.src).pathname };
  });
  var ui = new PagefindUI({ element: "#search", showSubResults: false, showImages: false, resetStyles: false,
                            pageSize: 10, mergeIndex: merge, processTerm: gongkaiSearchTerms,
                            processResult: gongkaiResult });
  // Pagefind's input has only a placeholder; screen readers need a name for it.
  function label() {
    var input = document.querySelector("#search input[type=text], #search input[type=search]");
    if (input) { input.setAttribute("aria-label", "搜索关键词"); } else { window.requestAnimationFrame(label); }
  }
  label();
  // Pagefind's line "找到 N 个…的相关结果" changes without a word to screen readers; a live region says it.
  var box = document.getElementById("search");
  var status = document.getElementById("search-status");
  if (status && window.MutationObserver) {
    new MutationObserver(function () {
      var message = box.querySelector(".pagefind-ui__message");
      var text = message ? message.textContent.trim() : "";
      if (text !== status.textContent) { status.textContent = text; }
    }).observe(box, { childList: true, subtree: true, characterData: true });
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { ui.triggerSearch(query); }
});
