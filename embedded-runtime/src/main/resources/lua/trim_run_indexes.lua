-- Takes runs older than the retention time (their hashes have expired) out of the index of all
-- runs and the per-status indexes. Run now and then by each node's sweeper rather than with every
-- new run, which would make each create six calls longer.
-- KEYS: the index of all runs
-- ARGV: the creation time (ms) at or before which runs have expired
-- Reply: index entries removed
local runIndex, oldest = KEYS[1], ARGV[1]
local removed = redis.call('ZREMRANGEBYSCORE', runIndex, '-inf', oldest)
for _, s in ipairs({'queued', 'running', 'succeeded', 'failed', 'cancelled'}) do
  removed = removed + redis.call('ZREMRANGEBYSCORE', runIndex .. ':' .. s, '-inf', oldest)
end
return removed
