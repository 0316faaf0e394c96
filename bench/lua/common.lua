-- Shared helpers for the bench wrk scripts (loaded with require; BENCH_LUA_DIR is on package.path).
local M = {}

M.prefix = os.getenv("BENCH_PREFIX") or "/api/v2/items"

function M.lines(path)
  local out = {}
  local f = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  for line in f:lines() do
    if line ~= "" then out[#out + 1] = line end
  end
  f:close()
  assert(#out > 0, "no lines in " .. path)
  return out
end

-- Each wrk thread gets its own Lua state; give each a fixed, distinct random seed (reproducible runs).
local next_tid = 0
function M.setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
end

function M.seed()
  math.randomseed(4242 + (tid or 0) * 7919)
end

local b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
-- base64url without padding (the server's cursor encoding).
function M.base64url(s)
  local out, n = {}, #s
  for i = 1, n, 3 do
    local a, b, c = s:byte(i, i + 2)
    local v = a * 65536 + (b or 0) * 256 + (c or 0)
    local chars = (b and c) and 4 or (b and 3 or 2)
    for j = 1, chars do
      local idx = math.floor(v / 2 ^ (6 * (4 - j))) % 64
      out[#out + 1] = b64:sub(idx + 1, idx + 1)
    end
  end
  return table.concat(out)
end

-- One machine-readable line for bench/run.sh: latencies in microseconds.
function M.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"err_connect":%d,"err_read":%d,"err_write":%d,' ..
    '"err_status":%d,"err_timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.mean, latency.max))
end

return M
