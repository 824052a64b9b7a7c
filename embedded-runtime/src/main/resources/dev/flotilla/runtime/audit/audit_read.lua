-- Reads entries of the audit chain by list index (seq - first), with the chain's end, so a reader
-- sees a consistent end and slice. KEYS[1] the chain, KEYS[2] its end; ARGV[1] start, ARGV[2] stop
-- (inclusive; both clamped by Redis). Reply: {last seq, last hash, first seq, entries...}
local GENESIS = string.rep('0', 64)
local seq = redis.call('HGET', KEYS[2], 'seq') or '0'
local hash = redis.call('HGET', KEYS[2], 'hash') or GENESIS
local first = redis.call('HGET', KEYS[2], 'first') or '1'
local out = {seq, hash, first}
if tonumber(ARGV[2]) >= tonumber(ARGV[1]) then
  local items = redis.call('LRANGE', KEYS[1], ARGV[1], ARGV[2])
  for i = 1, #items do out[#out + 1] = items[i] end
end
return out
