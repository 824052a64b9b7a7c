-- Puts runs stored before the status indexes existed into the index of their status (the indexed
-- ones: failed, cancelled): one slice
-- of the index of all runs per call (the caller walks it from 0). Adding a run that is already
-- indexed changes nothing, so nodes starting together may both walk it.
-- KEYS: the index of all runs
-- ARGV: the prefix of run keys, the slice's first position, its length
-- Reply: how many runs the slice held (fewer than its length: the walk is done)
local runIndex = KEYS[1]
local runPrefix, from, count = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])

local slice = redis.call('ZRANGE', runIndex, from, from + count - 1, 'WITHSCORES')
for i = 1, #slice, 2 do
  local id, at = slice[i], slice[i + 1]
  local status = redis.call('HGET', runPrefix .. id, 'status')
  if status == 'failed' or status == 'cancelled' then redis.call('ZADD', runIndex .. ':' .. status, at, id) end
end
return #slice / 2
