-- wrk script for bench/peers/run: each request fills a path template with the next value of a list,
-- so that consecutive requests ask about different municipalities (or always the same vendor, for a
-- list of one), and it counts the responses that are not 200.
--
--   wrk … -s rotate.lua URL -- VALUES_FILE PATH_TEMPLATE
--
-- VALUES_FILE has one value a line; PATH_TEMPLATE has at most one %s, e.g.
-- "/peers?municipality=%s&asOf=2026-11-01". The Authorization header comes from wrk's -H.
-- done() prints one line for the script to read:
--   RESULT requests=… duration_us=… rps=… p50_us=… p90_us=… p99_us=… max_us=… non200=… …

local threads = {}
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

local values = {}
local template
local counter = 0
non200 = 0
last_bad_status = 0

function init(args)
    local file, path = args[1], args[2]
    if file == nil or path == nil then
        error("usage: wrk … -s rotate.lua URL -- VALUES_FILE PATH_TEMPLATE")
    end
    for line in io.lines(file) do
        if line ~= "" then values[#values + 1] = line end
    end
    if #values == 0 then error(file .. " has no values") end
    template = path
    -- Threads start at different places in the list, so they do not ask the same thing at once.
    counter = (id * 97) % #values
end

function request()
    local value = values[counter % #values + 1]
    counter = counter + 1
    -- The first %s takes the value (plain replacement: a template may hold %-escapes, e.g. %E9);
    -- a path without one is asked as it is.
    local path = template:gsub("%%s", (value:gsub("%%", "%%%%")), 1)
    return wrk.format("GET", path)
end

function response(status, headers, body)
    if status ~= 200 then
        non200 = non200 + 1
        last_bad_status = status
    end
end

function done(summary, latency, requests)
    local bad, bad_status = 0, 0
    for _, thread in ipairs(threads) do
        bad = bad + (thread:get("non200") or 0)
        local status = thread:get("last_bad_status") or 0
        if status ~= 0 then bad_status = status end
    end
    local errors = summary.errors
    io.write(string.format(
        "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d "
            .. "non200=%d bad_status=%d connect=%d read=%d write=%d timeout=%d\n",
        summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
        latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
        bad, bad_status, errors.connect, errors.read, errors.write, errors.timeout))
end
