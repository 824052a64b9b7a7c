-- Un-takes an entry this node read but will not run: a fresh entry at the end of the line, the old one forgotten.
-- KEYS: the agent's queue, the run
-- ARGV: the consumer group, the entry id, the run id
-- Reply: 'given_back'
local queue, run = KEYS[1], KEYS[2]
local group, entry, id = ARGV[1], ARGV[2], ARGV[3]

local fresh = redis.call('XADD', queue, '*', 'run_id', id, 'requeued', '1')
redis.call('XACK', queue, group, entry)
redis.call('XDEL', queue, entry)
if redis.call('HGET', run, 'entry') == entry then redis.call('HSET', run, 'entry', fresh) end
return 'given_back'
