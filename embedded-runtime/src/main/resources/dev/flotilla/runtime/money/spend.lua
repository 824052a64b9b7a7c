-- Reservations against budgets, their settlement, the spend ledger and the alerts, in one step each.
-- KEYS[1]: the module's key prefix (flotilla:{fleet}:money:); every key below starts with it (one hash slot).
-- ARGV[1]: reserve | settle | release | state;  ARGV[2]: now (ms);  ARGV[3]: the request as JSON.
--
-- b:<budget>:<period>  hash: spent, reserved, refused (ms of the last refusal), refused_amount (what it asked), fired:<threshold>
-- r:<run>              hash: <execution>:<seq> -> a reservation {amount, b = [{id, p}], exp, at}
-- r:exp                zset: run -> when its latest reservation expires (the sweeper's list)
-- ledger:<day>         hash: total, calls, agent:<a>, model:<m>, key:<k>, role:<r>, hour:<hh>
-- alerts / alerts:at   hash id -> alert JSON / zset id by time;  wh:due  zset "<alert>|<webhook>" by due time
local P = KEYS[1]
local op = ARGV[1]
local now = tonumber(ARGV[2])
local req = cjson.decode(ARGV[3])
local alerts = {}
local EPS = 1e-9

local function num(v) return tonumber(v) or 0 end
local function f(x) return string.format('%.17g', x) end -- Redis takes strings, not Lua floats
local function bkey(b) return P .. 'b:' .. b.id .. ':' .. b.p end
local function keep(b)
  if b.ttl and b.ttl > 0 then redis.call('PEXPIRE', bkey(b), f(b.ttl)) end
end

local function release_rec(json)
  local rec = cjson.decode(json)
  for _, b in ipairs(rec.b) do
    local left = num(redis.call('HINCRBYFLOAT', bkey(b), 'reserved', f(-rec.amount)))
    if left < EPS then redis.call('HSET', bkey(b), 'reserved', '0') end -- no float dust below zero
  end
end

local function fire(b, spent)
  for _, t in ipairs(b.th or {}) do
    if spent >= t * b.limit - EPS and redis.call('HSETNX', bkey(b), 'fired:' .. t, f(now)) == 1 then
      local id = tostring(redis.call('INCR', P .. 'alert:seq'))
      local a = cjson.encode({id = id, budget_id = b.id, budget = b.name, threshold = t, spent_usd = spent,
                              limit_usd = b.limit, period = b.p, at = now})
      redis.call('HSET', P .. 'alerts', id, a)
      redis.call('ZADD', P .. 'alerts:at', f(now), id)
      -- keep the newest 1000 alerts (a delivery whose alert is gone is dropped by deliveries.lua)
      for _, old in ipairs(redis.call('ZRANGE', P .. 'alerts:at', 0, -1001)) do
        redis.call('HDEL', P .. 'alerts', old)
        redis.call('ZREM', P .. 'alerts:at', old)
        redis.call('DEL', P .. 'wh:log:' .. old)
      end
      for _, w in ipairs(redis.call('HKEYS', P .. 'webhooks')) do
        redis.call('ZADD', P .. 'wh:due', f(now), id .. '|' .. w)
      end
      alerts[#alerts + 1] = a
    end
  end
end

local function settle(s)
  local rk = P .. 'r:' .. s.run
  if s.field and s.field ~= cjson.null then
    local rec = redis.call('HGET', rk, s.field)
    if rec then
      release_rec(rec)
      redis.call('HDEL', rk, s.field)
    end
  end
  local cost = s.cost
  if cost <= 0 then return end
  for _, b in ipairs(s.b or {}) do
    local spent = num(redis.call('HINCRBYFLOAT', bkey(b), 'spent', f(cost)))
    keep(b)
    fire(b, spent)
  end
  local lk = P .. 'ledger:' .. s.day
  redis.call('HINCRBYFLOAT', lk, 'total', f(cost))
  redis.call('HINCRBY', lk, 'calls', 1)
  redis.call('HINCRBYFLOAT', lk, 'agent:' .. s.agent, f(cost))
  redis.call('HINCRBYFLOAT', lk, 'model:' .. s.model, f(cost))
  redis.call('HINCRBYFLOAT', lk, 'key:' .. s.key, f(cost))
  redis.call('HINCRBYFLOAT', lk, 'role:' .. s.role, f(cost))
  redis.call('HINCRBYFLOAT', lk, 'hour:' .. s.hour, f(cost))
  redis.call('PEXPIRE', lk, 400 * 86400000)
end

-- reservations whose time ran out (a run whose node died and that nobody took over) give their amount back
local function sweep()
  local due = redis.call('ZRANGEBYSCORE', P .. 'r:exp', '-inf', now, 'LIMIT', 0, 10)
  for _, run in ipairs(due) do
    local rk = P .. 'r:' .. run
    local held = redis.call('HGETALL', rk)
    local latest = 0
    for i = 1, #held, 2 do
      local exp = cjson.decode(held[i + 1]).exp
      if exp <= now then
        release_rec(held[i + 1])
        redis.call('HDEL', rk, held[i])
      elseif exp > latest then latest = exp end
    end
    if latest == 0 then redis.call('ZREM', P .. 'r:exp', run) else redis.call('ZADD', P .. 'r:exp', f(latest), run) end
  end
end

-- the reservations of a run made before `before` (ms), or by another execution than `exec`
local function release_run(run, exec, before)
  local rk = P .. 'r:' .. run
  local held = redis.call('HGETALL', rk)
  for i = 1, #held, 2 do
    local other = exec and string.sub(held[i], 1, #exec + 1) ~= exec .. ':'
    local older = before and cjson.decode(held[i + 1]).at < before
    if other or older then
      release_rec(held[i + 1])
      redis.call('HDEL', rk, held[i])
    end
  end
end

local function states(list)
  local out = {}
  for i, b in ipairs(list) do
    local v = redis.call('HMGET', bkey(b), 'spent', 'reserved', 'refused', 'refused_amount')
    out[i] = {num(v[1]), num(v[2]), num(v[3]), num(v[4])}
  end
  return out
end

local reply = {}
if op == 'settle' then
  for _, s in ipairs(req.s) do settle(s) end
  sweep()
elseif op == 'release' then
  release_run(req.run, nil, req.before)
elseif op == 'state' then
  reply.states = states(req.b)
elseif op == 'reserve' then
  for _, s in ipairs(req.s or {}) do settle(s) end
  release_run(req.run, req.exec, nil)
  sweep()
  local st = states(req.b)
  reply.states = st
  for i, b in ipairs(req.b) do
    -- room left at all: then this call may take the spend past the limit by at most its own maximum
    if st[i][1] + st[i][2] >= b.limit - EPS then
      redis.call('HSET', bkey(b), 'refused', f(now), 'refused_amount', f(req.amount))
      keep(b)
      reply.refused = b.id
      break
    end
  end
  if not reply.refused then
    local held = {}
    for i, b in ipairs(req.b) do
      redis.call('HINCRBYFLOAT', bkey(b), 'reserved', f(req.amount))
      keep(b)
      held[i] = {id = b.id, p = b.p}
      st[i][2] = st[i][2] + req.amount
    end
    if #held > 0 then
      redis.call('HSET', P .. 'r:' .. req.run, req.exec .. ':' .. req.seq,
                 cjson.encode({amount = req.amount, b = held, exp = req.exp, at = now}))
      local latest = tonumber(redis.call('ZSCORE', P .. 'r:exp', req.run)) or 0
      if req.exp > latest then redis.call('ZADD', P .. 'r:exp', f(req.exp), req.run) end
    end
  end
else
  return redis.error_reply('unknown op ' .. tostring(op))
end
reply.alerts = alerts
return cjson.encode(reply)
