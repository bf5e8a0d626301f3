-- A mixed read/write workload for wrk (bench/soak.sh), against one shop:
--   40% GET  /api/v1/conversations?status=open&limit=50   (the inbox list)
--   30% GET  /api/v1/conversations/{id}                    (one conversation)
--   15% POST /api/v1/conversations/{id}/replies            (JSON reply; sent over SMTP)
--   15% POST /api/v1/channels/{channel}/messages           (raw mail upload, new Message-ID)
-- Usage: wrk ... -s bench/soak_mix.lua URL -- TOKEN CONVERSATIONS CHANNEL
-- done() prints one line "soak-result key=value ..." for soak.sh: requests, duration,
-- latency percentiles (microseconds), responses per status class and socket errors.

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  token = args[1]
  conversations = tonumber(args[2])
  channel = args[3] or "1"
  counter = 0
  c1xx, c2xx, c3xx, c4xx, c5xx = 0, 0, 0, 0, 0
  math.randomseed(os.time() * 100 + thread_id)
  auth = "Bearer " .. token
end

local function raw_mail(id, customer)
  return "From: =?UTF-8?B?5a6i?= <soak" .. customer .. "@customer.example>\r\n" ..
         "To: support@sakura.example\r\n" ..
         "Subject: =?UTF-8?B?6YWN6YCB44Gr44Gk44GE44Gm?= " .. id .. "\r\n" ..
         "Message-ID: <" .. id .. "@soak.example>\r\n" ..
         "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n" ..
         "Content-Transfer-Encoding: 8bit\r\n\r\n" ..
         "注文した商品がまだ届きません。確認をお願いします。\r\n"
end

function request()
  local pick = math.random()
  if pick < 0.40 then
    return wrk.format("GET", "/api/v1/conversations?status=open&limit=50",
                      {["Authorization"] = auth})
  elseif pick < 0.70 then
    return wrk.format("GET", "/api/v1/conversations/" .. math.random(1, conversations),
                      {["Authorization"] = auth})
  elseif pick < 0.85 then
    return wrk.format("POST", "/api/v1/conversations/" .. math.random(1, conversations) .. "/replies",
                      {["Authorization"] = auth, ["Content-Type"] = "application/json"},
                      '{"body":"ご連絡ありがとうございます。確認いたします。"}')
  else
    counter = counter + 1
    local id = string.format("soak-%d-%d-%d", os.time(), thread_id, counter)
    return wrk.format("POST", "/api/v1/channels/" .. channel .. "/messages",
                      {["Authorization"] = auth, ["Content-Type"] = "message/rfc822"},
                      raw_mail(id, counter % 500))
  end
end

function response(status, headers, body)
  if status >= 500 then c5xx = c5xx + 1
  elseif status >= 400 then c4xx = c4xx + 1
  elseif status >= 300 then c3xx = c3xx + 1
  elseif status >= 200 then c2xx = c2xx + 1
  else c1xx = c1xx + 1 end
end

function done(summary, latency, requests)
  local totals = {c1xx = 0, c2xx = 0, c3xx = 0, c4xx = 0, c5xx = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  local e = summary.errors
  io.write(string.format(
      "soak-result requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
      "c1xx=%d c2xx=%d c3xx=%d c4xx=%d c5xx=%d connect_errors=%d read_errors=%d " ..
      "write_errors=%d timeouts=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
      latency:percentile(99), latency.max, totals.c1xx, totals.c2xx, totals.c3xx, totals.c4xx,
      totals.c5xx, e.connect, e.read, e.write, e.timeout))
end
