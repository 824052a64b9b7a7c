-- Webhook deliveries of alerts, shared by every node: one takes a due delivery for `lease` ms, posts it,
-- and says how it went. KEYS[1]: the module's key prefix. ARGV[1]: take | done; ARGV[2]: now (ms).
-- take: ARGV[3] how many, ARGV[4] lease ms -> [member, alert JSON, webhook JSON, last outcome JSON or '', ...]
-- recent: ARGV[3] how many -> [alert JSON, [webhook, outcome JSON, ...], ...], newest first
-- done: ARGV[3] member, ARGV[4] the outcome JSON (kept per alert and webhook), ARGV[5] next due (ms) or '' when finished
local P = KEYS[1]
local now = tonumber(ARGV[2])
if ARGV[1] == 'take' then
  local out = {}
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', P .. 'wh:due', '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))) do
    local sep = string.find(m, '|', 1, true)
    local alert = redis.call('HGET', P .. 'alerts', string.sub(m, 1, sep - 1))
    local hook = redis.call('HGET', P .. 'webhooks', string.sub(m, sep + 1))
    if alert and hook then
      redis.call('ZADD', P .. 'wh:due', now + tonumber(ARGV[4]), m)
      out[#out + 1] = m
      out[#out + 1] = alert
      out[#out + 1] = hook
      out[#out + 1] = redis.call('HGET', P .. 'wh:log:' .. string.sub(m, 1, sep - 1), string.sub(m, sep + 1)) or ''
    else
      redis.call('ZREM', P .. 'wh:due', m) -- its alert or webhook is gone
    end
  end
  return out
elseif ARGV[1] == 'done' then
  local m = ARGV[3]
  local sep = string.find(m, '|', 1, true)
  local log = P .. 'wh:log:' .. string.sub(m, 1, sep - 1)
  redis.call('HSET', log, string.sub(m, sep + 1), ARGV[4])
  redis.call('PEXPIRE', log, 30 * 86400000)
  if ARGV[5] == '' then redis.call('ZREM', P .. 'wh:due', m) else redis.call('ZADD', P .. 'wh:due', tonumber(ARGV[5]), m) end
  return 1
end
if ARGV[1] == 'recent' then
  local out = {}
  for _, id in ipairs(redis.call('ZREVRANGE', P .. 'alerts:at', 0, tonumber(ARGV[3]) - 1)) do
    local a = redis.call('HGET', P .. 'alerts', id)
    if a then
      out[#out + 1] = a
      out[#out + 1] = redis.call('HGETALL', P .. 'wh:log:' .. id)
    end
  end
  return out
end
return redis.error_reply('unknown op ' .. tostring(ARGV[1]))
