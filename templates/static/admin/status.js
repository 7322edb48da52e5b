// The 编辑后台 beside `serve`: after each save the preview rebuilds; this box shows what the build said, in the
// editor's words (the same messages as the preview's box), so that a form the build refuses is told at once.
// On a published site there is no /admin/status.json, and nothing is shown.
(function () {
  "use strict";
  var box = null;
  var last = "";
  function show(state) {
    var key = JSON.stringify(state);
    if (key === last) return;
    last = key;
    if (!box) {
      box = document.createElement("div");
      box.id = "gongkai-problems";
      box.setAttribute("role", "status");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:40vh;overflow:auto;padding:.6em 1em;" +
        "z-index:99999;font:15px/1.6 sans-serif;white-space:pre-wrap;border-top:4px solid #c00;background:#fff4f4;color:#600";
      document.body.appendChild(box);
    }
    if (!state.problems.length) { box.style.display = "none"; return; }
    box.style.display = "block";
    box.textContent = (state.updated ? "预览已更新，另有以下警告：\n" : "预览未更新，请修改以下错误：\n") +
      state.problems.join("\n");
  }
  function poll() {
    fetch("status.json", {cache: "no-store"}).then(function (r) {
      if (!r.ok) throw new Error("no status");
      return r.json();
    }).then(function (state) { show(state); setTimeout(poll, 1500); })
      .catch(function () { /* not beside serve: nothing to show */ });
  }
  poll();
})();
