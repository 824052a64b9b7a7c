-- Ends a run without a lease (an operator's cancel, a run the runtime cannot go on with), only
-- from one of the expected states.
-- KEYS: the run, the index of all runs
-- ARGV: the states it may end from (comma-separated), the new status, the timeline step, then fields and values to set
-- Reply: 'ended' | 'refused' (in another state) | 'unknown' (no such run)
local run, runIndex = KEYS[1], KEYS[2]
local from, to, step = ARGV[1], ARGV[2], ARGV[3]
local FIELDS = 4

local s = redis.call('HGET', run, 'status')
if not s then return 'unknown' end
if not has(from, s) then return 'refused' end
evenAtTheCap(run)
setStatus(run, runIndex, to)
redis.call('HSET', run, unpack(ARGV, FIELDS))
append(run, 'timeline', step)
return 'ended'
