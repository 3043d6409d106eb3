-- `make load`: wrk round-robins the URL mix that tests/load/urls.py wrote (`kind path` lines,
-- given after `--`) and counts every response that is not a 2xx. wrk's own "Non-2xx or 3xx"
-- counter lets redirects pass; here a 3xx is an error too.
--   wrk -t2 -c32 -d30s --latency -s tests/load/mix.lua http://127.0.0.1:PORT -- urls.txt

local threads = {}

-- Runs in the main interpreter once per thread, before the thread starts.
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- Runs in each thread's own interpreter: its own request list, position and counters.
function init(args)
  local file = assert(io.open(args[1], "r"), "usage: -- URL-LIST-FILE")
  mix = {}
  for line in file:lines() do
    local path = line:match("^%S+%s+(%S+)$")
    if path then
      table.insert(mix, wrk.format("GET", path))
    end
  end
  file:close()
  assert(#mix > 0, "no URLs in " .. args[1])
  -- Threads start at different places, so the slow pages are not all asked for at once.
  position = (id * math.floor(#mix / 2)) % #mix
  non2xx = 0
  statuses = {}
end

function request()
  position = position % #mix + 1
  return mix[position]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total, by_status = 0, {}
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local codes = {}
  for status, count in pairs(by_status) do
    table.insert(codes, string.format("%d=%d", status, count))
  end
  table.sort(codes)
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  local seconds = summary.duration / 1e6
  io.write("== load result\n")
  io.write(string.format("requests/s   %.1f (%d requests in %.1f s)\n",
    summary.requests / seconds, summary.requests, seconds))
  io.write(string.format("latency      p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("socket errs  %d (connect %d, read %d, write %d, timeout %d)\n",
    socket_errors, errors.connect, errors.read, errors.write, errors.timeout))
  io.write(string.format("non-2xx      %d (statuses: %s)\n", non2xx_total, table.concat(codes, " ")))
  -- One line for .ci/load to check.
  io.write(string.format("load-check requests=%d socket_errors=%d non2xx=%d\n",
    summary.requests, socket_errors, non2xx_total))
end
