-- A page of 20 active items starting at a random position of the whole table: the cursor is built from a
-- random row's (created_at, id) (BENCH_KEYS_FILE, "created_at|id" a line), exactly as the server encodes it.
-- Keyset pagination should make its cost independent of the position (and of the table size).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local paths

setup = common.setup
done = common.done

function init(args)
  common.seed()
  paths = {}
  for _, line in ipairs(common.lines(os.getenv("BENCH_KEYS_FILE"))) do
    local ts, id = line:match("^([^|]+)|(.+)$")
    local cursor = common.base64url("-created_at\n" .. ts .. "\n" .. id)
    paths[#paths + 1] = common.prefix .. "?limit=20&status=active&cursor=" .. cursor
  end
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
