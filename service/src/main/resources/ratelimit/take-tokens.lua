-- Takes tokens from each bucket in KEYS, in order, stopping at the first that has none: one round trip for all of
-- a request's buckets. Per key, four ARGV: capacity (tokens), window (microseconds to refill the capacity), want
-- (tokens to take: 1 for one request, more for a local lease of several, see TokenLeases.java) and refund (unused
-- tokens of an expired lease, put back before taking). A bucket refills continuously (a token bucket with greedy
-- refill, as Bucket4j's in-process buckets) and grants min(want, whole tokens it has), at least 1, or refuses.
-- State: a hash of tokens (t, fractional) and the time they were counted (ts, microseconds of the Redis server
-- clock, so instances with skewed clocks agree). A key lives until its bucket would be full again, plus a margin.
-- Reply: one {allowed 1|0, remaining whole tokens, microseconds until full (allowed) or until a token (refused),
-- tokens granted} per bucket looked at.
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local out = {}
for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[4 * i - 3])
  local per_token = tonumber(ARGV[4 * i - 2]) / capacity
  local want = math.max(1, tonumber(ARGV[4 * i - 1]))
  local refund = math.max(0, tonumber(ARGV[4 * i]))
  local state = redis.call('HMGET', key, 't', 'ts')
  local tokens = tonumber(state[1])
  local counted = tonumber(state[2])
  if tokens == nil or counted == nil then
    tokens = capacity
    counted = now
  end
  if now > counted then
    tokens = tokens + (now - counted) / per_token
  end
  tokens = math.min(capacity, tokens + refund)
  if tokens < 1 then
    -- (a refund is whole tokens, so a refused bucket had none to put back)
    out[#out + 1] = {0, 0, math.ceil((1 - tokens) * per_token), 0}
    return out
  end
  local granted = math.min(want, math.floor(tokens))
  tokens = tokens - granted
  redis.call('HSET', key, 't', string.format('%.6f', tokens), 'ts', string.format('%.0f', now))
  local to_full = math.ceil((capacity - tokens) * per_token)
  redis.call('PEXPIRE', key, math.ceil(to_full / 1000) + 10000)
  out[#out + 1] = {1, math.floor(tokens), to_full, granted}
end
return out
