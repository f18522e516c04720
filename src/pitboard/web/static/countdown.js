// Ticks the "starts in" countdown of the calendar once a second (the server sent the first value).
(function () {
  var el = document.querySelector(".countdown[data-start]");
  if (!el) return;
  var start = Date.parse(el.getAttribute("data-start"));
  var strong = el.querySelector("strong");
  if (isNaN(start) || !strong) return;
  var skew = Date.parse(el.getAttribute("data-now")) - Date.now();
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.floor((start - (Date.now() + (isNaN(skew) ? 0 : skew))) / 1000);
    if (left <= 0) { strong.textContent = "under way"; return; }
    var d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600);
    var m = Math.floor(left % 3600 / 60), s = left % 60;
    strong.textContent = (d ? d + " d " : "") + pad(h) + ":" + pad(m) + ":" + pad(s);
    setTimeout(tick, 1000);
  }
  tick();
})();
