-- Appends a batch of audit entries to the fleet's one chain, atomically, only if the chain still
-- ends where the writer believes (its last seq and hash): the writer hashed each entry over the
-- previous one's hash, so a batch built on a stale end is refused and rebuilt (no lost links).
-- KEYS[1] the chain (a list of JSON entries, oldest first), KEYS[2] its end (hash: seq, hash)
-- ARGV[1] the last seq the batch follows, ARGV[2] that entry's hash, ARGV[3] the batch's last hash,
-- ARGV[4..] the entries in order
-- Reply: {1, new last seq, new last hash} or {0, actual last seq, actual last hash}
local GENESIS = string.rep('0', 64)
local seq = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
local hash = redis.call('HGET', KEYS[2], 'hash') or GENESIS
if seq ~= tonumber(ARGV[1]) or hash ~= ARGV[2] then
  return {0, tostring(seq), hash}
end
local n = #ARGV - 3
for i = 4, #ARGV do
  redis.call('RPUSH', KEYS[1], ARGV[i])
end
redis.call('HSET', KEYS[2], 'seq', tostring(seq + n), 'hash', ARGV[3])
return {1, tostring(seq + n), ARGV[3]}
