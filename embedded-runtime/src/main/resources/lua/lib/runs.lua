-- Shared by the scripts that change runs. A run is a hash (run:ID); the fleet keeps a sorted set of
-- all runs (runs, by creation time in ms) and one per rare end status (runs:failed, runs:cancelled),
-- changed only here. Queued, running and succeeded runs are found by walking the index of all runs
-- (list_runs.lua): indexing every status cost each run three more sorted-set writes and two removals.
local INDEXED = {failed = true, cancelled = true}

local function has(list, s) return string.find(',' .. list .. ',', ',' .. s .. ',', 1, true) ~= nil end

-- the JSON array text `cur` (a field's value, or nil) with comma-separated JSON objects appended
local function appended(cur, fragment)
  if not cur or cur == '' then return '[' .. fragment .. ']' end
  return string.sub(cur, 1, -2) .. ',' .. fragment .. ']'
end

-- appends comma-separated JSON objects to the JSON array kept in a field
local function append(key, field, fragment)
  if fragment == nil or fragment == '' then return end
  redis.call('HSET', key, field, appended(redis.call('HGET', key, field), fragment))
end

-- forgets a queue entry: acknowledged and deleted, so the stream holds only runs in line or in flight
local function ack(stream, group, id)
  if id ~= '' then redis.call('XACK', stream, group, id); redis.call('XDEL', stream, id) end
end

-- At its memory cap (maxmemory, noeviction) Redis refuses a script's first write when that write
-- may grow memory, and lets the rest through once a script has written. Scripts that move runs
-- along call this before their first such write: a full store still takes, ends and hands back
-- runs (only new runs are refused), so it drains instead of standing still. HDEL of a field no run
-- has is a write that cannot grow memory.
local function evenAtTheCap(run)
  redis.call('HDEL', run, '-')
end

-- moves run `id` out of the index of status `from` (false for none) and into that of `to`, where
-- those are indexed, ordered by creation time `at` (ms); a run stored before created_ms was kept
-- takes its place in the main index
local function reindex(runIndex, id, from, to, at)
  if from == to then return end
  if from and INDEXED[from] then redis.call('ZREM', runIndex .. ':' .. from, id) end
  if INDEXED[to] then redis.call('ZADD', runIndex .. ':' .. to, at or redis.call('ZSCORE', runIndex, id) or '0', id) end
end

-- moves a run to status `to`, and its id from the index of its old status to that of the new one.
-- The hot scripts (claim, finish) read these fields with the others they need and call reindex.
local function setStatus(run, runIndex, to)
  local f = redis.call('HMGET', run, 'status', 'run_id', 'created_ms')
  redis.call('HSET', run, 'status', to)
  reindex(runIndex, f[2], f[1], to, f[3])
end

-- the ARGV values from index `first` on (fields and values), to write with others in one HSET
local function argsFrom(first)
  local out = {}
  for i = first, #ARGV do out[#out + 1] = ARGV[i] end
  return out
end

-- a run whose deliveries failed too often: failed, out of line, listed in the capped dead-letter stream
local function deadLetter(run, runIndex, dl, dlIndex, now, message, failures)
  local id = redis.call('HGET', run, 'run_id')
  setStatus(run, runIndex, 'failed')
  redis.call('HSET', run, 'error_code', 'dead_lettered', 'error_message', message, 'finished_at', now)
  redis.call('HDEL', run, 'lease')
  append(run, 'timeline', cjson.encode({at = now, kind = 'dead_lettered', detail = message}))
  -- capped at 10,000: an operator replays or discards dead letters; beyond that the oldest
  -- goes, with its index entry
  if redis.call('XLEN', dl) >= 10000 then
    local oldest = redis.call('XRANGE', dl, '-', '+', 'COUNT', 1)
    if #oldest > 0 then
      local f = oldest[1][2]
      for i = 1, #f, 2 do if f[i] == 'run_id' then redis.call('HDEL', dlIndex, f[i + 1]) end end
      redis.call('XDEL', dl, oldest[1][1])
    end
  end
  local e = redis.call('XADD', dl, '*', 'run_id', id, 'agent', redis.call('HGET', run, 'agent'),
    'at', now, 'failures', tostring(failures))
  redis.call('HSET', dlIndex, id, e)
end

-- the run's hash as a flat list of fields and values, without the large module fields (xl_*: a
-- run's spans, say), which are read only where they are asked for
local function whole(run)
  local h = redis.call('HGETALL', run)
  local out = {}
  for i = 1, #h, 2 do
    if string.sub(h[i], 1, 3) ~= 'xl_' then out[#out + 1] = h[i]; out[#out + 1] = h[i + 1] end
  end
  return out
end
