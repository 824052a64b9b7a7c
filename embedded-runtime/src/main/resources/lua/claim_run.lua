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

-- everything the claim reads, in one call
local f = redis.call('HMGET', run, 'status', 'lease', 'entry', 'node', 'run_id', 'created_ms', 'deliveries', 'timeline')
local s, heldLease, current, previous, id, createdMs, deliveries, timeline =
  f[1], f[2], f[3], f[4] or '', f[5], f[6], tonumber(f[7] or '0'), f[8]
-- a retry of this very claim whose reply was lost: it is ours already
if s == 'running' and heldLease == lease then return claimed('') end
local allowed = reclaimed and 'queued,running' or 'queued'
if not s or not has(allowed, s) then ack(queue, group, entry); return {'refused'} end
-- an entry the run has moved on from (handed back meanwhile: a newer entry, still in the
-- stream, carries it); when the recorded entry is gone, this delivery is the run's entry now
if current and current ~= entry and #redis.call('XRANGE', queue, current, current) > 0 then
  ack(queue, group, entry); return {'refused'}
end
evenAtTheCap(run)
if reclaimed then
  local failures = redis.call('HINCRBY', run, 'failures', 1)
  local why = 'the delivery to ' .. (previous ~= '' and previous or 'a node') .. ' ended without an outcome (its lease expired)'
  append(run, 'errors', cjson.encode({at = now, node = previous, code = 'lease_expired', message = why}))
  if failures >= maxFailures then
    redis.call('HSET', run, 'entry', entry)
    deadLetter(run, runIndex, deadLetters, deadLetterIndex, now, 'gave up after ' .. failures .. ' failed deliveries; last: ' .. why, failures)
    ack(queue, group, entry)
    return {'dead_lettered', tostring(failures)}
  end
end
reindex(runIndex, id, s, 'running', createdMs)
local w = {'status', 'running', 'entry', entry, 'deliveries', tostring(deliveries + 1),
           'node', node, 'started_at', now, 'lease', lease}
if steps ~= '' then w[#w + 1] = 'timeline'; w[#w + 1] = appended(timeline, steps) end
redis.call('HSET', run, unpack(w))
if startedEvent ~= '' then redis.call('PUBLISH', events, startedEvent) end
return claimed(previous)
