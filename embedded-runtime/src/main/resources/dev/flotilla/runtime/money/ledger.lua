-- Reads the spend ledger: KEYS[1] the module's key prefix; ARGV: the days (yyyy-mm-dd) to read.
-- Answers, per day, its whole hash (field, value, ...).
local out = {}
for i, day in ipairs(ARGV) do
  out[i] = redis.call('HGETALL', KEYS[1] .. 'ledger:' .. day)
end
return out
