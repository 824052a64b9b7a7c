-- Writes a node's description. A heartbeat goes on at the memory cap (Redis refuses only a
-- script's first write that may grow memory; HDEL of a field nobody has cannot): a node whose
-- store is full is still seen alive, and still steered.
-- KEYS: the hash of node descriptions
-- ARGV: the node id, its description (JSON)
-- Reply: 'beat'
local nodes = KEYS[1]
local node, description = ARGV[1], ARGV[2]
redis.call('HDEL', nodes, '-')
redis.call('HSET', nodes, node, description)
return 'beat'
