-- Stores the outcome of a run by the holder of its lease, forgets its queue entry, remembers the
-- session turn and announces the end, in one step.
-- KEYS: the run, the agent's queue, the events channel, the session (a placeholder when none), the index of all runs
-- ARGV: lease, the delivery's entry id, the consumer group, timeline steps to append, the end status
--       (succeeded|failed), the session's lifetime in ms, the session turn ('' for none), the most turns
--       a session keeps, the end event ('' for none), then the outcome's fields and values
-- Reply: 'stored' (also for a retry whose first try was stored) | 'ended' (no longer running, e.g.
--        cancelled: the entry is forgotten, nothing else written) | 'lost' (the lease is not ours: nothing written)
local run, queue, events, session, runIndex = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local lease, entry, group, steps, status, sessionTtl, turn, maxTurns, endEvent =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8]), ARGV[9]
local FIELDS = 10

-- everything the finish reads, in one call
local f = redis.call('HMGET', run, 'lease', 'status', 'finished_at', 'run_id', 'created_ms', 'error_code', 'timeline')
local held, s, finishedAt, id, createdMs, errorCode, timeline = f[1], f[2], f[3], f[4], f[5], f[6], f[7]
if held ~= lease then return 'lost' end
ack(queue, group, entry)
-- a retry whose first try was stored (its reply lost): stored once, and it was ours
if s == status and finishedAt then return 'stored' end
if s ~= 'running' then return 'ended' end
reindex(runIndex, id, s, status, createdMs)
local w = argsFrom(FIELDS)
w[#w + 1] = 'status'; w[#w + 1] = status
if steps ~= '' then w[#w + 1] = 'timeline'; w[#w + 1] = appended(timeline, steps) end
redis.call('HSET', run, unpack(w))
-- an error a failed delivery left behind is not the outcome of a run that succeeded
if status == 'succeeded' and errorCode then redis.call('HDEL', run, 'error_code', 'error_message') end
if turn ~= '' then
  redis.call('RPUSH', session, turn)
  redis.call('LTRIM', session, -maxTurns, -1)
  redis.call('PEXPIRE', session, sessionTtl)
end
if endEvent ~= '' then redis.call('PUBLISH', events, endEvent) end
return 'stored'
