-- Takes the commands waiting for one node, oldest first; they are gone once taken.
-- KEYS: the node's command list
-- Reply: the commands (JSON)
local commands = KEYS[1]
local c = redis.call('LRANGE', commands, 0, -1)
redis.call('DEL', commands)
return c
