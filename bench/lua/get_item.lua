-- GET one item by a random id of the seeded data set (ids file: BENCH_IDS_FILE, one uuid a line).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
local ids

setup = common.setup
done = common.done

function init(args)
  common.seed()
  ids = common.lines(os.getenv("BENCH_IDS_FILE"))
end

function request()
  return wrk.format("GET", common.prefix .. "/" .. ids[math.random(#ids)])
end
