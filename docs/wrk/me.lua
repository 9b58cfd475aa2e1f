-- wrk script for docs/performance.md: GET /api/v1/users/me as one user (TOKEN), the reference a booking is compared with.
-- Usage: TOKEN=<access token> wrk -t2 -c1000 -d20s -s docs/wrk/me.lua http://127.0.0.1:5080
wrk.method = "GET"
wrk.path = "/api/v1/users/me"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
