-- A run's trace as its span store keeps it, in one read.
-- KEYS: the run
-- Reply: {} when there is no such run, else {status, trace id or '', the stored spans (JSON) or ''}
local f = redis.call('HMGET', KEYS[1], 'run_id', 'status', 'x_trace_id', 'xl_trace_spans')
if not f[1] then return {} end
return {f[2] or '', f[3] or '', f[4] or ''}
