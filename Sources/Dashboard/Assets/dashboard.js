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
    updateUnplaced(status);
    var running = document.getElementById("queue-running");
    if (running) running.textContent = String(status.queue.running);
    var waiting = document.getElementById("queue-waiting");
    if (waiting) waiting.textContent = String(status.queue.waiting.length);
  }

  // A device's running session, else its newest (sessions come newest first).
  function sessionOf(status, source) {
    var newest = null, i;
    for (i = 0; i < status.sessions.length; i++) {
      var s = status.sessions[i];
      if (s.device !== source) continue;
      if (s.state === "running" || s.state === "starting") return s;
      if (!newest) newest = s;
    }
    return newest;
  }

  // The progress cell of a row: a bar and the bytes, created the first time a session shows.
  function showProgress(cell, session) {
    if (!session) { if (!cell.querySelector("progress")) cell.textContent = "\u2014"; return; }
    var bar = cell.querySelector("progress"), text = cell.querySelector(".bytes");
    if (!bar) {
      cell.textContent = "";
      bar = document.createElement("progress");
      text = document.createElement("span");
      text.className = "bytes";
      cell.appendChild(bar);
      cell.appendChild(text);
    }
    if (session.bytes_total && session.bytes_total > 0) {
      bar.max = session.bytes_total;
      bar.value = Math.min(session.bytes_done, session.bytes_total);
    } else {
      bar.removeAttribute("value");
    }
    var words = bytes(session.bytes_done) + (session.bytes_total != null ? " / " + bytes(session.bytes_total) : "");
    if (text.textContent !== words) text.textContent = words;
  }

  // Devices outside the configured bays (a volume mounted by hand has no bay): one row each below the
  // grid, added when one arrives, kept current like the cards.
  function updateUnplaced(status) {
    var section = document.getElementById("unplaced");
    var body = section ? section.querySelector("#unplaced-devices tbody") : null;
    if (!body) return;
    var placed = {};
    status.bays.forEach(function (bay) { placed[bay.bay] = true; });
    var rows = {};
    body.querySelectorAll("tr[data-source]").forEach(function (r) { rows[r.getAttribute("data-source")] = r; });
    status.devices.forEach(function (device) {
      if (device.bay != null && placed[device.bay]) return;
      var row = rows[device.source];
      if (!row) {
        row = document.createElement("tr");
        row.setAttribute("data-source", device.source);
        ["source", "serial", "model", "state", "progress"].forEach(function (name) {
          var cell = document.createElement("td");
          cell.className = name;
          row.appendChild(cell);
        });
        var code = document.createElement("code");
        code.textContent = device.source;
        row.cells[0].appendChild(code);
        body.appendChild(row);
        rows[device.source] = row;
      }
      var serialCell = row.querySelector(".serial");
      var serial = device.serial || "";
      if (serialCell && serialCell.getAttribute("data-serial") !== serial) {
        serialCell.setAttribute("data-serial", serial);
        serialCell.textContent = serial ? "" : "\u2014";
        if (serial) {
          var link = document.createElement("a");
          link.href = "/devices/" + encodeURIComponent(serial);
          link.textContent = serial;
          serialCell.appendChild(link);
        }
      }
      setText(row, ".model", device.model || "\u2014");
      var state = row.querySelector(".state");
      if (state && state.getAttribute("data-state") !== device.state) {
        state.setAttribute("data-state", device.state);
        state.textContent = labels[device.state] || device.state;
      }
      var cell = row.querySelector("td.progress");
      if (cell) showProgress(cell, sessionOf(status, device.source));
    });
    section.hidden = !body.querySelector("tr[data-source]");
  }

  var source = new EventSource(grid.getAttribute("data-events") || "/api/events");
  source.onopen = function () { setLive(true); };
  source.onerror = function () { setLive(false); };
  // The server names its events `status`: an EventSource hands named events only to listeners of that
  // name (onmessage sees unnamed ones), so both are listened to.
  function receive(event) {
    try { update(JSON.parse(event.data)); setLive(true); } catch (e) { /* a malformed message changes nothing */ }
  }
  source.addEventListener("status", receive);
  source.onmessage = receive;
})();
