-- Documents of the money module kept in one hash by id (prices by model, budgets, webhooks).
-- KEYS[1]: the hash. ARGV[1]: all | put | del; ARGV[2]: id; ARGV[3]: the document (put).
-- put and del answer the document it replaced (or false), for the audit's before.
local op = ARGV[1]
if op == 'all' then return redis.call('HGETALL', KEYS[1]) end
local before = redis.call('HGET', KEYS[1], ARGV[2])
if op == 'put' then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
elseif op == 'del' then
  redis.call('HDEL', KEYS[1], ARGV[2])
else
  return redis.error_reply('unknown op ' .. tostring(op))
end
return before
