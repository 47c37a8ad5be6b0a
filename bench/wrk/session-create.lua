-- POST /api/session/create as one user; TOKEN comes from the environment (see http-load.sh).
local token = os.getenv("TOKEN")
local body = '{"audioConfig":{"sampleRate":16000,"channels":1,"bitDepth":16,"codec":"opus"},' ..
             '"voiceConfig":{"voiceId":"default","speed":1.0,"pitch":1.0,"language":"en-US"},' ..
             '"metadata":{"clientVersion":"1.0.0"}}'

function request()
  return wrk.format("POST", "/api/session/create",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx/3xx: %d\n", summary.errors.status))
end
