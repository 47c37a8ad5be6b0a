-- Takes one token from each bucket in KEYS, in order, stopping at the first that has none: one round trip for all
-- of a request's buckets. A bucket holds up to ARGV[2i-1] tokens and refills continuously, ARGV[2i-1] tokens per
-- ARGV[2i] microseconds (a token bucket with greedy refill, as Bucket4j's in-process buckets). State: a hash of
-- tokens (t, fractional) and the time they were counted (ts, microseconds of the Redis server clock, so instances
-- with skewed clocks agree). A key lives until its bucket would be full again, plus a margin.
-- Reply: one {allowed 1|0, remaining whole tokens, microseconds until full (allowed) or until a token (refused)}
-- per bucket looked at.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local out = {}
for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[2 * i - 1])
  local per_token = tonumber(ARGV[2 * i]) / capacity
  local state = redis.call('HMGET', key, 't', 'ts')
  local tokens = tonumber(state[1])
  local counted = tonumber(state[2])
  if tokens == nil or counted == nil then
    tokens = capacity
    counted = now
  end
  if now > counted then
    tokens = math.min(capacity, tokens + (now - counted) / per_token)
  end
  if tokens < 1 then
    out[#out + 1] = {0, 0, math.ceil((1 - tokens) * per_token)}
    return out
  end
  tokens = tokens - 1
  redis.call('HSET', key, 't', string.format('%.6f', tokens), 'ts', string.format('%.0f', now))
  local to_full = math.ceil((capacity - tokens) * per_token)
  redis.call('PEXPIRE', key, math.ceil(to_full / 1000) + 10000)
  out[#out + 1] = {1, math.floor(tokens), to_full}
end
return out
