/* 长者模式 (关怀版): larger text, more spacing, higher contrast, a larger cursor.
   Without JavaScript the header link still works on the current page (CSS :target);
   with it the choice is remembered across pages. Loaded in <head> so the mode applies before paint.
   Also here, because every page loads this file: the article's 字号 大/中/小 and 打印 buttons (shown only
   where JavaScript runs), and the wording of dates that depend on the day the page is read, and the hint above a table
   that scrolls sideways. */
(function () {
  var KEY = "gongkai-care", SIZE = "gongkai-size";
  var root = document.documentElement;
  function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function store(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  function stored() { return read(KEY) === "on"; }
  function apply(on) {
    root.classList.toggle("care", on);
    var toggle = document.getElementById("care-toggle");
    if (toggle) {
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      toggle.textContent = on ? "退出长者模式" : "长者模式";
    }
  }
  function size(name) {
    root.classList.remove("size-l", "size-s");
    if (name === "l" || name === "s") { root.classList.add("size-" + name); }
    var buttons = document.querySelectorAll("[data-size]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute("data-size") === (name || "m") ? "true" : "false");
    }
  }
  /* "2020-04-05" read as a day in China, whatever the reader's clock zone */
  function day(text) { return new Date(text + "T00:00:00+08:00"); }
  function refineDates() {
    var now = new Date(), spans = document.querySelectorAll(".date-state[data-closes]");
    for (var i = 0; i < spans.length; i++) {
      var opens = day(spans[i].getAttribute("data-opens")), closes = day(spans[i].getAttribute("data-closes"));
      var end = new Date(closes.getTime() + 86400000), left = Math.ceil((end - now) / 86400000);
      spans[i].textContent = now < opens ? "（尚未开始）" : now >= end ? "（已结束）" : "（正在征求意见，还剩 " + left + " 天）";
      spans[i].setAttribute("role", "status");
    }
  }
  if (stored()) { root.classList.add("care"); }
  size(read(SIZE));
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("care-toggle");
    apply(stored());
    size(read(SIZE));
    refineDates();
    /* the 政府信息公开 tree opens folded on a narrow screen, where it would push the page down */
    var tree = document.querySelector(".column-nav-box");
    if (tree && window.matchMedia("(max-width: 900px)").matches) { tree.open = false; }
    /* say "slide sideways" only above a table that is wider than its region on this screen */
    var regions = document.querySelectorAll(".table-scroll");
    for (var r = 0; r < regions.length; r++) {
      if (regions[r].scrollWidth > regions[r].clientWidth + 1) { regions[r].classList.add("overflows"); }
    }
    var tools = document.querySelector(".page-tools");
    if (tools) {
      tools.hidden = false;
      tools.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (!button) { return; }
        if (button.hasAttribute("data-print")) { window.print(); return; }
        store(SIZE, button.getAttribute("data-size"));
        size(button.getAttribute("data-size"));
      });
    }
    if (!toggle) { return; }
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-pressed", root.classList.contains("care") ? "true" : "false");
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var on = !root.classList.contains("care");
      store(KEY, on ? "on" : "off");
      apply(on);
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); toggle.click(); }
    });
  });
}());
