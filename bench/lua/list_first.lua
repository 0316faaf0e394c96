-- First page of 20 active items, newest first (the default sort): GET <prefix>?limit=20&status=active
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done
wrk.path = common.prefix .. "?limit=20&status=active"
