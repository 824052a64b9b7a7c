-- The newest runs of an index (all runs, or those of one status), bounded in what they read:
-- input and output longer than the preview are cut (never inside a UTF-8 character), and the list
-- stops once the runs it holds reach the byte budget. Runs that expired since they were indexed are skipped.
-- A status that has no index of its own is found by walking the index of all runs, newest first,
-- reading each run's status, at most `walk` runs: the list is then cut short when the walk ends first.
-- KEYS: the index
-- ARGV: the most runs, the preview in bytes, the byte budget, the prefix of run keys,
--       the status to keep ('' for all), the most runs a status walk reads
-- Reply: {'1' when the budget or the walk cut the list short else '0', then per run {field, value, ...}}
--        with 'input_truncated'/'output_truncated' = '1' where a preview was cut
local index = KEYS[1]
local limit, preview, budget, runPrefix = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local wanted, walk = ARGV[5] or '', tonumber(ARGV[6] or '0')
local SKIPPED = {entry = true, lease = true, created_ms = true, errors = true}

local function cut(s)
  if #s <= preview then return s, false end
  local n = preview
  -- back off to the start of the character that would be split (continuation bytes are 10xxxxxx)
  while n > 0 do
    local b = string.byte(s, n + 1)
    if b < 0x80 or b >= 0xC0 then break end
    n = n - 1
  end
  return string.sub(s, 1, n), true
end

local out = {'0'}
local bytes, start, scanned = 0, 0, 0
-- expired runs are skipped, but a list never walks the whole index
local most = wanted == '' and limit * 4 + 100 or walk
local batch = wanted == '' and limit or math.max(limit, 500)
while #out - 1 < limit and scanned < most do
  local ids = redis.call('ZREVRANGE', index, start, start + batch - 1)
  if #ids == 0 then break end
  start = start + #ids
  for _, id in ipairs(ids) do
    scanned = scanned + 1
    local h = {}
    if wanted == '' or redis.call('HGET', runPrefix .. id, 'status') == wanted then
      h = redis.call('HGETALL', runPrefix .. id)
    end
    if #h > 0 then
      local fields, size = {}, 0
      for i = 1, #h, 2 do
        local k, v = h[i], h[i + 1]
        if not SKIPPED[k] and string.sub(k, 1, 3) ~= 'xl_' then
          if k == 'input' or k == 'output' then
            local shown, truncated = cut(v)
            v = shown
            if truncated then fields[#fields + 1] = k .. '_truncated'; fields[#fields + 1] = '1' end
          end
          fields[#fields + 1] = k
          fields[#fields + 1] = v
          size = size + #k + #v
        end
      end
      if #out > 1 and bytes + size > budget then out[1] = '1'; return out end
      bytes = bytes + size
      out[#out + 1] = fields
      if #out - 1 == limit then return out end
    end
    if scanned >= most then break end
  end
end
if wanted ~= '' and scanned >= most and #out - 1 < limit then out[1] = '1' end
return out
