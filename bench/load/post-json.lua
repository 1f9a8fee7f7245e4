-- wrk script for the payload case: every request POSTs the same JSON body,
-- read once from the file named by BENCH_BODY_FILE.
local path = os.getenv("BENCH_BODY_FILE")
local file = assert(io.open(path or "", "rb"), "set BENCH_BODY_FILE to the JSON body to send")
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
