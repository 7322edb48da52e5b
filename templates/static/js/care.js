/* 长者模式 (关怀版): larger text, more spacing, higher contrast, a larger cursor.
   Without JavaScript the header link still works on the current page (CSS :target);
   with it the choice is remembered across pages. Loaded in <head> so the mode applies before paint. */
(function () {
  var KEY = "gongkai-care";
  var root = document.documentElement;
  function stored() { try { return localStorage.getItem(KEY) === "on"; } catch (e) { return false; } }
  function store(on) { try { localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* private mode */ } }
  function apply(on) {
    root.classList.toggle("care", on);
    var toggle = document.getElementById("care-toggle");
    if (toggle) {
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      toggle.textContent = on ? "退出长者模式" : "长者模式";
    }
  }
  if (stored()) { root.classList.add("care"); }
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("care-toggle");
    apply(stored());
    if (!toggle) { return; }
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-pressed", root.classList.contains("care") ? "true" : "false");
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      var on = !root.classList.contains("care");
      store(on);
      apply(on);
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); toggle.click(); }
    });
  });
}());
