-- POST a new item with a random name and price (JSON as in the spec's ItemCreate example); with a bearer
-- token when BENCH_AUTH_TOKEN is set (run.sh signs up a bench seller when the API requires it).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local headers = { ["Content-Type"] = "application/json" }
local token = os.getenv("BENCH_AUTH_TOKEN")
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
local words = { "Brass", "Oak", "Vintage", "Ceramic", "Steel", "Wool", "Linen", "Walnut" }
local things = { "lamp", "bookshelf", "camera", "tea set", "bike", "blanket", "keyboard", "skillet" }
local currencies = { "EUR", "USD", "GBP" }
local n = 0

setup = common.setup
done = common.done

function init(args)
  common.seed()
end

function request()
  n = n + 1
  local body = string.format(
    '{"name":"%s %s bench-%d-%d","description":"Created by bench/run.sh","price":"%d.%02d","currency":"%s","status":"active"}',
    words[math.random(#words)], things[math.random(#things)], tid or 0, n,
    math.random(1, 999), math.random(0, 99), currencies[math.random(#currencies)])
  return wrk.format("POST", common.prefix, headers, body)
end
