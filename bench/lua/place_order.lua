-- Place an order (POST /api/v2/orders): one line, quantity 1, for a random ACTIVE seeded item
-- (BENCH_ACTIVE_IDS_FILE, one uuid a line), as the bench buyer (Authorization: Bearer BENCH_AUTH_TOKEN, scope
-- orders:write). Every request carries a fresh Idempotency-Key (run nonce + thread + counter), so each one places a
-- new order: this measures placing, not replaying. Seeded items have no owner and a stock of 1,000,000 (seed.sql).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local token = os.getenv("BENCH_AUTH_TOKEN")
local nonce = os.getenv("BENCH_RUN_NONCE") or tostring(os.time())
local ids
local n = 0

setup = common.setup
done = common.done

function init(args)
  common.seed()
  ids = common.lines(os.getenv("BENCH_ACTIVE_IDS_FILE"))
end

function request()
  n = n + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%s-%d-%d", nonce, tid or 0, n),
  }
  if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
  local body = string.format('{"lines":[{"item_id":"%s","quantity":1}]}', ids[math.random(#ids)])
  return wrk.format("POST", common.prefix, headers, body)
end
