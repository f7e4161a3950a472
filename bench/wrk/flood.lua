-- wrk script for bench/noisy-neighbour.sh: the noisy tenant. Its bearer token (BENCH_TOKEN) on every request,
-- cycling through the paths in BENCH_PATHS (one per line). Each connection waits BENCH_DELAY_MS after an answer
-- before its next request, so that C connections offer about C * 1000 / BENCH_DELAY_MS requests/s: a flood at a
-- chosen multiple of the tenant's limit rather than whatever the machine can push. Counts answers by status and
-- prints one machine-readable RESULT line at the end.
local token = os.getenv("BENCH_TOKEN")
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  paths[#paths + 1] = line
end
local headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" }
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  next_path = 0
  ok, limited, other = 0, 0, 0
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path], headers)
end

function delay()
  return delay_ms
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 429 then
    limited = limited + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local s200, s429, sother = 0, 0, 0
  for _, thread in ipairs(threads) do
    s200 = s200 + thread:get("ok")
    s429 = s429 + thread:get("limited")
    sother = sother + thread:get("other")
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f requests=%d s200=%d s429=%d other=%d socket_errors=%d\n",
    summary.requests / seconds, summary.requests, s200, s429, sother, e.connect + e.read + e.write + e.timeout))
end
