-- wrk script for bench/savings/run: every request records a new savings entry,
-- POST /cases/CASE/savings with a unique Idempotency-Key, for the next (municipality, fiscal year)
-- of the case's participants, so no two requests (in any thread) ask for the same entry.
--
--   wrk … -s record.lua URL -- CASE_ID CODES_FILE RUN_TAG
--
-- CODES_FILE has one participant's code a line. RUN_TAG keeps keys unique across runs (warm-up and
-- measurement use different tags and fiscal-year ranges). done() prints one line:
--   RESULT requests=… duration_us=… rps=… p50_us=… p90_us=… p99_us=… max_us=… non201=… …

local threads = {}
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

local codes = {}
local case_id, tag, first_year
local counter = 0
local thread_count = 1
non201 = 0
last_bad_status = 0

function init(args)
    case_id, tag, first_year, thread_count = args[1], args[3], tonumber(args[4]), tonumber(args[5])
    for line in io.lines(args[2]) do
        if line ~= "" then codes[#codes + 1] = line end
    end
end

function request()
    -- Request n of thread t is the (n * threads + t)-th entry: municipality, then fiscal year.
    local n = counter * thread_count + id
    counter = counter + 1
    local code = codes[n % #codes + 1]
    local year = first_year + math.floor(n / #codes)
    -- The negotiated amount is the agreement's (900,000 a year, bench/run and bench/savings/run);
    -- other figures would need a reason. The agreements state no baseline, so it may vary.
    local body = string.format(
        '{"municipalityCode":"%s","effectiveDate":"%d-04-01","baselineAmount":%d,'
            .. '"negotiatedAmount":900000,"taxIncluded":true}',
        code, year, 1000000 + n % 1000)
    -- wrk.format uses these headers instead of wrk.headers (-H): copy the Authorization in.
    local headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    headers["Content-Type"] = "application/json"
    headers["Idempotency-Key"] = string.format("bench-%s-%d-%d", tag, id, counter)
    return wrk.format("POST", "/cases/" .. case_id .. "/savings", headers, body)
end

function response(status, headers, body)
    if status ~= 201 then
        non201 = non201 + 1
        last_bad_status = status
    end
end

function done(summary, latency, requests)
    local bad, bad_status = 0, 0
    for _, thread in ipairs(threads) do
        bad = bad + (thread:get("non201") or 0)
        local status = thread:get("last_bad_status") or 0
        if status ~= 0 then bad_status = status end
    end
    local errors = summary.errors
    io.write(string.format(
        "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d "
            .. "non201=%d bad_status=%d connect=%d read=%d write=%d timeout=%d\n",
        summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
        bad, bad_status, errors.connect, errors.read, errors.write, errors.timeout))
end
