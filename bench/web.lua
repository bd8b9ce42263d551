-- wrk script for bench/web.sh: typical clip searches (GET /api/clips ...) in rotation, one path a line in
-- the file RECGATE_WEB_PATHS, signed in with the session cookie RECGATE_WEB_SESSION. Each thread starts at
-- its own place in the list; answers other than 2xx/3xx are counted by wrk itself and reported, and the
-- benchmark fails on any. No response() callback: wrk would hand every header and body (tens of kB) to
-- Lua, and the load generator shares the two cores with the daemon and the offload it measures.
local threads = {}
local paths = {}
local next_index = 1

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("RECGATE_WEB_PATHS")) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  wrk.headers["Cookie"] = "recgate_session=" .. os.getenv("RECGATE_WEB_SESSION")
  next_index = (id * 7919) % #paths + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  io.write(string.format("recgate: error answers %d\n", summary.errors.status))
  io.write(string.format("recgate: p50_ms %.3f p99_ms %.3f max_ms %.3f requests %d seconds %.3f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, summary.duration / 1e6))
end
