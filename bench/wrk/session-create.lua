-- POST /api/session/create with the access token from $TOKEN (see bench/http-load.sh, bench/session-create-ratelimit.sh).
wrk.method = "POST"
wrk.path = "/api/session/create"
wrk.body = '{"audioConfig":{"sampleRate":16000,"channels":1,"bitDepth":16,"codec":"opus"},' ..
           '"voiceConfig":{"voiceId":"default","speed":1.0,"pitch":1.0,"language":"en-US"},' ..
           '"metadata":{"clientVersion":"1.0.0"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

local non200 = 0
response = function(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx responses (last thread): %d\n", non200))
end
