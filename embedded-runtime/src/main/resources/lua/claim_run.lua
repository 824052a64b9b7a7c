-- Takes a delivered run: queued (or, when reclaimed, running on a node whose lease expired) ->
-- running here under a new lease. A reclaimed delivery means the previous one failed; after
-- maxFailures failures the run goes to the dead letters instead. Entries of runs that cannot be
-- taken are forgotten.
-- KEYS: the run, the agent's queue, the dead letters, the dead-letter index, the events channel, the index of all runs
-- ARGV: node, now (ISO), lease, reclaimed ('1'|'0'), max failures, the delivery's entry id, the consumer group,
--       timeline steps to append, the started event ('' for none)
-- Reply: {'claimed', previous node or '', the run's fields and values...} | {'refused'} | {'dead_lettered', failures}
local run, queue, deadLetters, deadLetterIndex, events, runIndex = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local node, now, lease, reclaimed, maxFailures, entry, group, steps, startedEvent =
  ARGV[1], ARGV[2], ARGV[3], ARGV[4] == '1', tonumber(ARGV[5]), ARGV[6], ARGV[7], ARGV[8], ARGV[9]

local function claimed(previous)
  local out = {'claimed', previous}
  for _, v in ipairs(whole(run)) do out[#out + 1] = v end
  return out
end

local s = redis.call('HGET', run, 'status')
-- a retry of this very claim whose reply was lost: it is ours already
if s == 'running' and redis.call('HGET', run, 'lease') == lease then return claimed('') end
local allowed = reclaimed and 'queued,running' or 'queued'
if not s or not has(allowed, s) then ack(queue, group, entry); return {'refused'} end
-- an entry the run has moved on from (handed back meanwhile: a newer entry, still in the
-- stream, carries it); when the recorded entry is gone, this delivery is the run's entry now
local current = redis.call('HGET', run, 'entry')
if current and current ~= entry and #redis.call('XRANGE', queue, current, current) > 0 then
  ack(queue, group, entry); return {'refused'}
end
evenAtTheCap(run)
redis.call('HSET', run, 'entry', entry)
local previous = redis.call('HGET', run, 'node') or ''
if reclaimed then
  local f = redis.call('HINCRBY', run, 'failures', 1)
  local why = 'the delivery to ' .. (previous ~= '' and previous or 'a node') .. ' ended without an outcome (its lease expired)'
  append(run, 'errors', cjson.encode({at = now, node = previous, code = 'lease_expired', message = why}))
  if f >= maxFailures then
    deadLetter(run, runIndex, deadLetters, deadLetterIndex, now, 'gave up after ' .. f .. ' failed deliveries; last: ' .. why, f)
    ack(queue, group, entry)
    return {'dead_lettered', tostring(f)}
  end
end
redis.call('HINCRBY', run, 'deliveries', 1)
setStatus(run, runIndex, 'running')
redis.call('HSET', run, 'node', node, 'started_at', now, 'lease', lease)
append(run, 'timeline', steps)
if startedEvent ~= '' then redis.call('PUBLISH', events, startedEvent) end
return claimed(previous)
