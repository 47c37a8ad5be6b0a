-- POST /api/auth/register with a fresh deviceIdentifier per request (new user + device each time).
local counter = 0
local prefix = ""

function setup(thread)
  thread:set("tid", tostring(math.random(1, 1e9)))
end

function init(args)
  prefix = "bench-" .. tid .. "-" .. tostring(os.time()) .. "-"
end

function request()
  counter = counter + 1
  local body = '{"deviceIdentifier":"' .. prefix .. counter .. '"}'
  return wrk.format("POST", "/api/auth/register", {["Content-Type"] = "application/json"}, body)
end
