-- A dead-lettered run back in line, its failures forgotten (its timeline keeps the history).
-- KEYS: the run, the agent's queue, the dead letters, the dead-letter index, the events channel, the index of all runs
-- ARGV: run id, the timeline step, the queued event ('' for none)
-- Reply: 'replayed' | 'not_dead_lettered' | 'expired' (the letter is forgotten: its run is gone)
local run, queue, deadLetters, deadLetterIndex, events, runIndex = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local id, step, queuedEvent = ARGV[1], ARGV[2], ARGV[3]

local letter = redis.call('HGET', deadLetterIndex, id)
if not letter then return 'not_dead_lettered' end
redis.call('HDEL', deadLetterIndex, id)
redis.call('XDEL', deadLetters, letter)
if redis.call('EXISTS', run) == 0 then return 'expired' end
setStatus(run, runIndex, 'queued')
redis.call('HSET', run, 'failures', '0')
redis.call('HDEL', run, 'error_code', 'error_message', 'finished_at', 'node', 'started_at', 'lease', 'output')
append(run, 'timeline', step)
local entry = redis.call('XADD', queue, '*', 'run_id', id, 'requeued', '1')
redis.call('HSET', run, 'entry', entry)
if queuedEvent ~= '' then redis.call('PUBLISH', events, queuedEvent) end
return 'replayed'
