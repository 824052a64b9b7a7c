-- Steps of a running run, stored while it runs by the holder of its lease.
-- KEYS: the run
-- ARGV: lease, timeline steps to append
-- Reply: 'stored' | 'lost' (not ours, or no longer running: nothing written)
local run = KEYS[1]
local lease, steps = ARGV[1], ARGV[2]
if redis.call('HGET', run, 'lease') ~= lease or redis.call('HGET', run, 'status') ~= 'running' then return 'lost' end
append(run, 'timeline', steps)
return 'stored'
