-- wrk script for bench/product_ingest_bench.py: uploads .eml files through
-- POST /api/v1/channels/{id}/messages, each file once. Thread k of n takes the files
-- k, k+n, k+2n, ... of the list and stops when all of its uploads were answered.
-- Usage: wrk -t N ... -s bench/upload_mail.lua URL -- TOKEN CHANNEL LIST_FILE N
-- done() prints "upload-result c2xx=... c4xx=... c5xx=... other=... socket_errors=...".

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local token, channel, list, count = args[1], args[2], args[3], tonumber(args[4])
  path = "/api/v1/channels/" .. channel .. "/messages"
  headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "message/rfc822"}
  mails = {}
  local index = 0
  for name in io.lines(list) do
    if index % count == thread_id - 1 then
      local f = assert(io.open(name, "rb"))
      table.insert(mails, f:read("*a"))
      f:close()
    end
    index = index + 1
  end
  sent, answered = 0, 0
  c2xx, c4xx, c5xx, other = 0, 0, 0, 0
end

function request()
  -- wrk calls the first thread's request() once before the run to check the script
  -- (script_verify_request) and throws the request away: do not spend a mail on it.
  if thread_id == 1 and not verified then
    verified = true
    return wrk.format("GET", "/api/v1/bench-idle")
  end
  sent = sent + 1
  if sent <= #mails then
    return wrk.format("POST", path, headers, mails[sent])
  end
  -- All of this thread's files are out; wait for their answers with a cheap request
  -- (404) until response() stops the thread.
  return wrk.format("GET", "/api/v1/bench-idle")
end

-- Idle connections wait 50 ms between requests instead of taking the server's CPU.
function delay()
  if sent >= #mails then return 50 end
  return 0
end

function response(status, hdrs, body)
  if status == 404 then
    -- an idle request
  elseif status >= 200 and status < 300 then
    c2xx = c2xx + 1
  elseif status >= 500 then
    c5xx = c5xx + 1
  elseif status >= 400 then
    c4xx = c4xx + 1
  else
    other = other + 1
  end
  if status ~= 404 then answered = answered + 1 end
  if answered >= #mails then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local t = {c2xx = 0, c4xx = 0, c5xx = 0, other = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(t) do t[name] = t[name] + thread:get(name) end
  end
  local e = summary.errors
  io.write(string.format(
      "upload-result c2xx=%d c4xx=%d c5xx=%d other=%d socket_errors=%d p50_us=%d p99_us=%d\n",
      t.c2xx, t.c4xx, t.c5xx, t.other, e.connect + e.read + e.write + e.timeout,
      latency:percentile(50), latency:percentile(99)))
end
