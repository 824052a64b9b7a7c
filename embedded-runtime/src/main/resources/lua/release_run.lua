-- The holder of a lease gives its run up: back in line (drain, or a failed delivery), or to the
-- dead letters when it failed too often.
-- KEYS: the run, the agent's queue, the dead letters, the dead-letter index, the events channel, the index of all runs
-- ARGV: lease, the delivery's entry id, the consumer group, timeline steps to append, the delivery's error
--       (JSON; '' when it did not fail), max failures, now (ISO), why (for the dead letter), the queued event ('' for none)
-- Reply: {'lost'} | {'ended'} | {'requeued'} | {'dead_lettered', failures}
local run, queue, deadLetters, deadLetterIndex, events, runIndex = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local lease, entry, group, steps, failure, maxFailures, now, why, queuedEvent =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]), ARGV[7], ARGV[8], ARGV[9]

if redis.call('HGET', run, 'lease') ~= lease then return {'lost'} end
if redis.call('HGET', run, 'status') ~= 'running' then ack(queue, group, entry); return {'ended'} end
evenAtTheCap(run)
if failure ~= '' then
  local f = redis.call('HINCRBY', run, 'failures', 1)
  append(run, 'errors', failure)
  if f >= maxFailures then
    deadLetter(run, runIndex, deadLetters, deadLetterIndex, now, why .. ' (after ' .. f .. ' failed deliveries)', f)
    ack(queue, group, entry)
    return {'dead_lettered', tostring(f)}
  end
end
setStatus(run, runIndex, 'queued')
redis.call('HDEL', run, 'node', 'started_at', 'lease')
append(run, 'timeline', steps)
local fresh = redis.call('XADD', queue, '*', 'run_id', redis.call('HGET', run, 'run_id'), 'requeued', '1')
redis.call('HSET', run, 'entry', fresh)
ack(queue, group, entry)
if queuedEvent ~= '' then redis.call('PUBLISH', events, queuedEvent) end
return {'requeued'}
