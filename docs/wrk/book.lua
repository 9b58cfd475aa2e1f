-- wrk script for docs/performance.md: POST /api/v1/events/{EVENT}/bookings as one user (TOKEN), one seat, no
-- Idempotency-Key, and a count of answers by status printed at the end (a run is only comparable when all are 201).
-- Usage: EVENT=<id> TOKEN=<access token> wrk -t2 -c1000 -d20s -s docs/wrk/book.lua http://127.0.0.1:5080
wrk.method = "POST"
wrk.path = "/api/v1/events/" .. os.getenv("EVENT") .. "/bookings"
wrk.body = '{"quantity":1}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do
      total[status] = (total[status] or 0) + n
    end
  end
  for status, n in pairs(total) do
    io.write(string.format("status %d: %d\n", status, n))
  end
end
