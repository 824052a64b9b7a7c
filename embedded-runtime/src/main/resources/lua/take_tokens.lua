-- Token buckets, several checked and spent at once: either every bucket holds enough tokens and
-- all are spent, or none is touched and the answer names the bucket that refused and when it will
-- have enough. A bucket is a hash {tokens, at} that exists only while below full: it expires when
-- it would have refilled, so idle buckets cost nothing.
-- KEYS: the buckets
-- ARGV: the time in microseconds ('' for the server's clock), then per bucket: capacity, tokens per minute, cost
-- Reply: {admitted 1|0, the refusing bucket (1-based, 0 when admitted), its wait in us,
--         then per bucket: whole tokens left, us until the next whole token}
if redis.replicate_commands then redis.replicate_commands() end
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
local n = #KEYS
local level, at, cap, per, cost = {}, {}, {}, {}, {}
local refused, longest = 0, 0
for i = 1, n do
  cap[i] = tonumber(ARGV[i * 3 - 1])
  per[i] = 60000000 / tonumber(ARGV[i * 3])
  cost[i] = math.min(tonumber(ARGV[i * 3 + 1]), cap[i])
  local s = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  level[i], at[i] = cap[i], now
  if s[1] and s[2] then
    local last = tonumber(s[2])
    level[i] = math.min(cap[i], tonumber(s[1]) + math.max(0, now - last) / per[i])
    at[i] = math.max(now, last)
  end
  if level[i] + 1e-9 < cost[i] then
    local wait = math.ceil((cost[i] - level[i]) * per[i])
    if wait > longest then longest, refused = wait, i end
  end
end
local out = {refused == 0 and 1 or 0, refused, longest}
for i = 1, n do
  if refused == 0 and cost[i] > 0 then
    level[i] = math.max(0, level[i] - cost[i])
    redis.call('HSET', KEYS[i], 'tokens', level[i], 'at', at[i])
    redis.call('PEXPIRE', KEYS[i], math.ceil((cap[i] - level[i]) * per[i] / 1000) + 1000)
  end
  local whole = math.floor(level[i] + 1e-9)
  out[#out + 1] = whole
  out[#out + 1] = math.max(1, math.ceil((whole + 1 - level[i]) * per[i]))
end
return out
