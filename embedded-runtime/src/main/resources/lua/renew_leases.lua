-- Renews the leases a consumer holds: resets the idle time of each entry it still owns.
-- KEYS: the agent's queue
-- ARGV: the consumer group, the consumer, then the entry ids
-- Reply: the entry ids it no longer owns (reclaimed by another node, or gone), whose runs it must stop
local queue = KEYS[1]
local group, consumer = ARGV[1], ARGV[2]
local FIRST_ENTRY = 3

local lost = {}
for i = FIRST_ENTRY, #ARGV do
  local p = redis.call('XPENDING', queue, group, ARGV[i], ARGV[i], 1)
  if #p == 0 or p[1][2] ~= consumer then
    lost[#lost + 1] = ARGV[i]
  else
    redis.call('XCLAIM', queue, group, consumer, 0, ARGV[i], 'JUSTID')
  end
end
return lost
