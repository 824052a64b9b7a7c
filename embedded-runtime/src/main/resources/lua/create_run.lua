-- Stores a new run, indexes it, puts it in line and announces it, atomically.
-- KEYS: the idempotency key (a placeholder when none), the run, the index of all runs, the agent's queue, the events channel
-- ARGV: uses an idempotency key ('1'|'0'), run id, retention in s, now in ms, the request's fingerprint,
--       most runs in line before new ones are refused, the queued event ('' for none), then the run's fields and values
-- Reply: {'created', id} | {'exists', id of the run the key made} | {'reused', that id} (same key, other request)
--        | {'queue_full', runs in line}
local idemKey, run, runIndex, queue, events = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local useIdem, id, retention, now, fingerprint, maxDepth, queuedEvent =
  ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6]), ARGV[7]
local FIELDS = 8

if useIdem == '1' then
  local existing = redis.call('GET', idemKey)
  if existing then
    -- 'id fingerprint'; a mapping written before fingerprints were kept is just the id
    local sep = string.find(existing, ' ', 1, true)
    if not sep then return {'exists', existing} end
    local other = string.sub(existing, 1, sep - 1)
    if string.sub(existing, sep + 1) ~= fingerprint then return {'reused', other} end
    return {'exists', other}
  end
end
local depth = redis.call('XLEN', queue)
if depth >= maxDepth then return {'queue_full', tostring(depth)} end
if useIdem == '1' then redis.call('SET', idemKey, id .. ' ' .. fingerprint, 'EX', retention) end

-- the entry first, so the run's hash is written whole in one call
local entry = redis.call('XADD', queue, '*', 'run_id', id)
local fields = argsFrom(FIELDS)
for _, v in ipairs({'created_ms', now, 'entry', entry}) do fields[#fields + 1] = v end
redis.call('HSET', run, unpack(fields))
redis.call('EXPIRE', run, retention)
-- runs older than the retention time expire; the sweeper (trim_run_indexes.lua) takes them out of the indexes
redis.call('ZADD', runIndex, now, id)
if queuedEvent ~= '' then redis.call('PUBLISH', events, queuedEvent) end
return {'created', id}
