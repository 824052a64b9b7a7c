-- The fleet's versioned tool policy and the tool calls recorded for dry runs.
-- KEYS[1] current version number (string), KEYS[2] versions (hash: number -> record JSON),
-- KEYS[3] recent tool calls (list, newest first).
-- ARGV[1] the operation:
--   beat KNOWN CAP CALL...   push the calls, trim to CAP; {current, record if current ~= KNOWN}
--   publish EXPECTED RECORD  a new version (EXPECTED "" or the current number); {1, n} or {0, current}
--   read N                   {current, record of N ("" = current) or false}
--   versions                 {current, n1, record1, n2, record2, ...}
--   calls LIMIT              the newest LIMIT recorded calls
local op = ARGV[1]
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if op == 'beat' then
  if #ARGV > 3 then
    for i = 4, #ARGV do redis.call('LPUSH', KEYS[3], ARGV[i]) end
    redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[3]) - 1)
  end
  if tostring(current) ~= ARGV[2] and current > 0 then
    return {current, redis.call('HGET', KEYS[2], tostring(current))}
  end
  return {current}
elseif op == 'publish' then
  if ARGV[2] ~= '' and tonumber(ARGV[2]) ~= current then return {0, current} end
  local n = current + 1
  redis.call('HSET', KEYS[2], tostring(n), ARGV[3])
  redis.call('SET', KEYS[1], tostring(n))
  return {1, n}
elseif op == 'read' then
  local n = ARGV[2] == '' and current or tonumber(ARGV[2])
  return {current, redis.call('HGET', KEYS[2], tostring(n))}
elseif op == 'versions' then
  local out = {current}
  local all = redis.call('HGETALL', KEYS[2])
  for i = 1, #all do out[#out + 1] = all[i] end
  return out
elseif op == 'calls' then
  return redis.call('LRANGE', KEYS[3], 0, tonumber(ARGV[2]) - 1)
end
return redis.error_reply('unknown operation ' .. tostring(op))
