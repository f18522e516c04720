// The live tower: a snapshot, then changes, over the session's WebSocket; no library, no CDN.
(function () {
  "use strict";
  var root = document.querySelector(".tower[data-session]");
  if (!root) return;
  var session = root.getAttribute("data-session");
  var colours = JSON.parse(root.getAttribute("data-colours") || "{}");
  var cars = {}, header = {}, only = "", received = 0;
  var body = document.getElementById("rows");

  function lapTime(ms) {
    if (ms === null || ms === undefined) return "";
    var m = Math.floor(ms / 60000), s = ((ms % 60000) / 1000).toFixed(3);
    return m ? m + ":" + (s < 10 ? "0" : "") + s : s;
  }
  function clock(ms) {
    if (ms === null || ms === undefined) return "";
    var t = Math.max(0, Math.floor(ms / 1000)), h = Math.floor(t / 3600), m = Math.floor(t % 3600 / 60), s = t % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }
  // the stint clock and time in the lane run on the race clock: from when they began to now
  function since(from) {
    if (from === null || from === undefined || header.elapsed_ms === undefined) return null;
    return Math.max(0, header.elapsed_ms - from);
  }
  function cell(text, cls, name) {
    var td = document.createElement("td");
    if (name) td.setAttribute("data-field", name);
    td.textContent = text === null || text === undefined ? "" : String(text);
    if (cls) td.className = cls;
    return td;
  }
  var MARK = { session_best: "sb", class_best: "cb", personal_best: "pb" };
  function row(car) {
    var tr = document.createElement("tr");
    tr.className = "state-" + car.state + " status-" + car.status;
    var colour = colours[car["class"]] || "#57606a";
    var gap = only ? car.class_gap : car.gap, interval = only ? car.class_interval : car.interval;
    tr.appendChild(cell(only ? car.class_position : car.position, "num"));
    var cls = cell("", "num mid"), chip = document.createElement("span");
    chip.className = "chip"; chip.style.setProperty("--c", colour); chip.textContent = car.class_position;
    cls.appendChild(chip); tr.appendChild(cls);
    var no = cell(car.number, "num carno"); no.style.setProperty("--c", colour); tr.appendChild(no);
    var who = cell(car.driver || car.team || "", "crew");
    if (car.state === "in_pit" || car.state === "out_lap") {
      var tag = document.createElement("span");
      tag.className = car.state === "in_pit" ? "state-pit" : "state-out";
      tag.textContent = car.state === "in_pit" ? "PIT" : "OUT";
      who.appendChild(document.createTextNode(" ")); who.appendChild(tag);
    }
    if (car.team && car.driver) {  // the team under the driver, as on the results page
      var team = document.createElement("small");
      team.className = "team"; team.textContent = car.team;
      who.appendChild(team);
    }
    tr.appendChild(who);
    tr.appendChild(cell(car.vehicle || "", "wide vehicle"));
    tr.appendChild(cell(car.laps, "num"));
    tr.appendChild(cell(gap || "", "num gap"));
    tr.appendChild(cell(interval || "", "num mid"));
    tr.appendChild(cell(lapTime(car.last_lap_ms), "num mid " + (MARK[car.last_lap_marker] || "")));
    tr.appendChild(cell(lapTime(car.best_lap_ms), "num " + (MARK[car.best_lap_marker] || ""), "best"));
    for (var s = 0; s < SECTORS; s++) tr.appendChild(sector(car, s));
    tr.appendChild(cell(car.top_speed_kph || "", "num wide speed", "speed"));
    var lane = since(car.lane_from_ms);
    tr.appendChild(cell(car.pit_stops + (lane ? " · " + clock(lane) : ""), "num wide"));
    tr.appendChild(cell(clock(since(car.stint_from_ms)), "num wide", "stint"));
    tr.appendChild(cell(car.stint_laps || "", "num wide"));
    return tr;
  }
  // a sector: the last lap's time over the car's best, each coloured by the mark the server
  // sent (rules.sectors works them out; nothing is compared here)
  var SECTORS = 3;
  function sector(car, index) {
    var last = (car.sectors_ms || [])[index], best = (car.best_sectors_ms || [])[index];
    var td = cell("", "num mid sec", "s" + (index + 1));
    var now = document.createElement("span");
    now.className = "now " + (MARK[(car.sector_markers || [])[index]] || "");
    now.textContent = lapTime(last);
    td.appendChild(now);
    if (best !== null && best !== undefined) {
      var mine = document.createElement("small");
      mine.className = "best " + (MARK[(car.best_sector_markers || [])[index]] || "");
      mine.textContent = lapTime(best);
      td.appendChild(mine);
    }
    return td;
  }
  function render() {
    var list = Object.keys(cars).map(function (k) { return cars[k]; })
      .filter(function (c) { return !only || c["class"] === only; })
      .sort(function (a, b) { return a.position - b.position; });
    var fragment = document.createDocumentFragment();
    list.forEach(function (car) { fragment.appendChild(row(car)); });
    body.replaceChildren(fragment);
    var table = document.getElementById("tower-table");  // columns without data stay hidden
    table.classList.toggle("no-sectors", !list.some(function (c) { return (c.best_sectors_ms || []).length; }));
    table.classList.toggle("no-speed", !list.some(function (c) { return c.top_speed_kph; }));
    var flag = document.getElementById("flag");
    flag.textContent = (header.flag || "").replace("_", " ").toUpperCase() || "–";
    flag.className = "flag flag-" + (header.flag || "none");
    document.getElementById("elapsed").textContent = clock(header.elapsed_ms);
    var left = header.finished ? "finished" : header.remaining_laps !== null && header.remaining_laps !== undefined
      ? header.remaining_laps + " laps to go" : header.remaining_ms !== null && header.remaining_ms !== undefined
      ? clock(header.remaining_ms) + " to go" : "";
    document.getElementById("remaining").textContent = left;
    root.setAttribute("data-updates", String(received));
  }
  function apply(message) {
    received += 1;
    if (message.type === "snapshot") cars = {};
    (message.rows || []).forEach(function (car) { cars[car.number] = car; });
    Object.keys(message).forEach(function (k) { if (k !== "rows" && k !== "type") header[k] = message[k]; });
    render();
  }
  document.getElementById("classes").addEventListener("click", function (event) {
    var a = event.target.closest("a[data-class]");
    if (!a) return;
    event.preventDefault();
    only = a.getAttribute("data-class");
    Array.prototype.forEach.call(this.querySelectorAll("a"), function (x) { x.classList.toggle("on", x === a); });
    render();
  });
  var wait = 500;
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/api/v1/sessions/" + encodeURIComponent(session) + "/live");
    var state = document.getElementById("link");
    socket.onopen = function () { state.textContent = "live"; state.className = "link-state on"; wait = 500; };
    socket.onmessage = function (event) { apply(JSON.parse(event.data)); };
    socket.onclose = function (event) {
      state.textContent = event.code === 4404 ? "no live session" : "offline, reconnecting";
      state.className = "link-state";
      if (event.code !== 4404) { setTimeout(connect, wait); wait = Math.min(wait * 2, 10000); }
    };
  }
  connect();
})();
