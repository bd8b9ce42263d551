// recgate dashboard: sends the clip search without its empty filters, and keeps the bay cards current
// from the daemon's status events (each message's data is the status document, DaemonStatus); the cards
// keep the markup the server rendered.
(function () {
  "use strict";
  // The clip search sends only the filters that are filled in (the search refuses empty ones).
  var search = document.getElementById("clip-search");
  if (search) {
    search.addEventListener("submit", function () {
      Array.prototype.forEach.call(search.elements, function (field) {
        if (field.name && field.value === "") field.disabled = true;
      });
    });
    // Coming back to the page from the results (the browser's cache keeps it as it was): usable again.
    window.addEventListener("pageshow", function () {
      Array.prototype.forEach.call(search.elements, function (field) { field.disabled = false; });
    });
  }
})();

(function () {
  "use strict";
  var grid = document.getElementById("bay-grid");
  if (!grid || !window.EventSource) return;
  var labels = {};
  var healthLabels = {};
  try {
    labels = JSON.parse(grid.getAttribute("data-state-labels") || "{}");
    healthLabels = JSON.parse(grid.getAttribute("data-health-labels") || "{}");
  } catch (e) { labels = {}; healthLabels = {}; }
  var live = document.getElementById("live");

  function bytes(n) {
    var units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"], v = n, u = 0;
    while (Math.abs(v) >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return u === 0 ? n + " B" : v.toFixed(1) + " " + units[u];
  }
  function setText(card, selector, text) {
    var el = card.querySelector(selector);
    if (el && el.textContent !== text) el.textContent = text;
  }
  function setLive(on) {
    if (!live) return;
    live.setAttribute("data-live", on ? "on" : "off");
    live.textContent = grid.getAttribute(on ? "data-live-on" : "data-live-off");
  }

  function update(status) {
    var devices = {}, i;
    for (i = 0; i < status.devices.length; i++) devices[status.devices[i].source] = status.devices[i];
    status.bays.forEach(function (bay) {
      var card = grid.querySelector('.bay[data-bay="' + bay.bay + '"]');
      if (!card) return;
      var device = bay.device ? devices[bay.device] : null;
      var state = device ? device.state : (bay.device ? "unknown" : "empty");
      var serial = device && device.serial ? device.serial : "";
      if (card.getAttribute("data-serial") !== serial) {
        // Another device: the health details were for the one before.
        card.querySelectorAll(".probe").forEach(function (p) { p.textContent = "—"; p.setAttribute("data-status", "unknown"); });
        var faults = card.querySelector(".faults");
        if (faults) faults.textContent = "";
        var cell = card.querySelector(".serial");
        if (cell) {
          cell.textContent = serial ? "" : "—";
          if (serial) {
            var link = document.createElement("a");
            link.href = "/devices/" + encodeURIComponent(serial);
            link.textContent = serial;
            cell.appendChild(link);
          }
        }
      }
      card.setAttribute("data-serial", serial);
      card.setAttribute("data-source", bay.device || "");
      card.setAttribute("data-state", state);
      var badge = card.querySelector(".state");
      if (badge) { badge.setAttribute("data-state", state); badge.textContent = labels[state] || state; }
      setText(card, ".model", device && device.model ? device.model : "—");
      var health = device && device.health ? device.health : "unknown";
      var h = card.querySelector(".health-status");
      if (h && (device || bay.device === null) && h.getAttribute("data-status") !== health) {
        h.setAttribute("data-status", health);
        h.textContent = healthLabels[health] || health;
      }
      var session = null;
      status.sessions.forEach(function (s) {
        if (!device || s.device !== device.source) return;
        if (!session || ((s.state === "running" || s.state === "starting") && !(session.state === "running" || session.state === "starting"))) session = s;
      });
      var offload = card.querySelector(".offload");
      if (!offload) return;
      offload.hidden = !session;
      if (!session) return;
      var bar = offload.querySelector("progress");
      if (session.bytes_total && session.bytes_total > 0) {
        bar.max = session.bytes_total;
        bar.value = Math.min(session.bytes_done, session.bytes_total);
      } else {
        bar.removeAttribute("value");
      }
      setText(offload, ".bytes", bytes(session.bytes_done) + (session.bytes_total != null ? " / " + bytes(session.bytes_total) : ""));
      setText(offload, ".file", session.current_file || "");
    });
    var running = document.getElementById("queue-running");
    if (running) running.textContent = String(status.queue.running);
    var waiting = document.getElementById("queue-waiting");
    if (waiting) waiting.textContent = String(status.queue.waiting.length);
  }

  var source = new EventSource(grid.getAttribute("data-events") || "/api/events");
  source.onopen = function () { setLive(true); };
  source.onerror = function () { setLive(false); };
  source.onmessage = function (event) {
    try { update(JSON.parse(event.data)); setLive(true); } catch (e) { /* a malformed message changes nothing */ }
  };
})();
