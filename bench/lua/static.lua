-- Static-file ceiling: the plain URL, plus the common summary line.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local common = require("common")
setup = common.setup
done = common.done
