#!/usr/bin/env python3
"""Open-loop HTTP load at a fixed arrival rate, for the benchmarks.

    openloop.py --url http://127.0.0.1:PORT --rate 100 --duration 30 --token TOKEN \
                --values FILE --template '/peers?municipality=%s&asOf=2026-11-27' [--warmup 5]

wrk keeps a fixed number of requests in flight: each connection sends its next request when the
last answer arrives (a closed loop), so on a saturated machine its latencies measure the queue that
its own connection count builds. This sends requests at fixed times instead (request i at
start + i / rate), whatever the answers do, as users arriving independently would; a request
waits for a free connection only when every open one is busy, and then a new one is opened (up to
--max-connections). Each latency runs from the request's scheduled time to the end of its answer,
so a request that had to wait for a connection is charged for the wait (no coordinated omission).

Consecutive requests fill the template with consecutive values of the file (one per line), as
bench/peers/rotate.lua does for wrk. Prints one line:
    RESULT rate=… requests=… achieved_rps=… p50_us=… p90_us=… p99_us=… max_us=… non200=… bad_status=…
           errors=… connections=… late_us=…
where late_us is the most any request left behind its scheduled time (about a millisecond, the
event loop's timer, when this script keeps up) and connections how many it had open at the end.
Answers other than 200 are counted in the warm-up too.
Exits 1 if any answer is not 200 or a connection fails.
"""

import argparse
import asyncio
import math
import sys
import time


class Connection:
    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, host, port):
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def get(self, request):
        """Sends one request and reads its whole answer (Content-Length or chunked); the status."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length = None
        chunked = False
        close = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            value = value.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value:
                chunked = True
            elif name == b"connection" and value == b"close":
                close = True
        if chunked:
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        elif length is not None:
            await self.reader.readexactly(length)
        return status, close

    def close(self):
        self.writer.close()


def percentile(sorted_values, fraction):
    """The nearest-rank percentile: the smallest value at or above `fraction` of the values."""
    if not sorted_values:
        return 0
    return sorted_values[max(0, math.ceil(fraction * len(sorted_values)) - 1)]


async def run(args):
    url = args.url.removeprefix("http://")
    host, _, port = url.partition(":")
    port = int(port.rstrip("/"))
    with open(args.values, encoding="utf-8") as file:
        values = [line.strip() for line in file if line.strip()]
    if not values:
        raise SystemExit("openloop.py: no values in " + args.values)
    requests = [
        (
            f"GET {args.template.replace('%s', value, 1)} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Authorization: Bearer {args.token}\r\nAccept: application/json\r\n\r\n"
        ).encode()
        for value in values
    ]

    idle = []
    open_count = 0
    latencies = []
    counts = {"non200": 0, "errors": 0, "bad_status": 0}
    pending = set()

    async def one(index, scheduled, measured):
        nonlocal open_count
        connection = idle.pop() if idle else None
        try:
            if connection is None:
                if open_count >= args.max_connections:
                    # Wait for one to come back; the wait is part of the latency.
                    while not idle:
                        await asyncio.sleep(0.0005)
                    connection = idle.pop()
                else:
                    open_count += 1  # counted while it opens, so others wait rather than open more
                    try:
                        connection = await Connection.open(host, port)
                    except OSError:
                        open_count -= 1
                        raise
            status, close = await connection.get(requests[index % len(requests)])
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            counts["errors"] += 1
            if connection is not None:
                connection.close()
                open_count -= 1
            return
        done = time.perf_counter()
        if close:
            connection.close()
            open_count -= 1
        else:
            idle.append(connection)
        if status != 200:  # in the warm-up too
            counts["non200"] += 1
            counts["bad_status"] = status
        if measured:
            latencies.append(done - scheduled)

    interval = 1.0 / args.rate
    start = time.perf_counter()
    warmup_requests = int(args.warmup * args.rate)
    total = warmup_requests + int(args.duration * args.rate)
    late = 0.0
    for i in range(total):
        scheduled = start + i * interval
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        late = max(late, time.perf_counter() - scheduled)
        task = asyncio.ensure_future(one(i, scheduled, i >= warmup_requests))
        pending.add(task)
        task.add_done_callback(pending.discard)
    if pending:
        await asyncio.gather(*pending)
    elapsed = time.perf_counter() - (start + warmup_requests * interval)
    for connection in idle:
        connection.close()

    latencies.sort()
    micro = [int(value * 1_000_000) for value in latencies]
    print(
        f"RESULT rate={args.rate:g} requests={len(micro)} achieved_rps={len(micro) / elapsed:.1f}"
        f" p50_us={percentile(micro, 0.50)} p90_us={percentile(micro, 0.90)}"
        f" p99_us={percentile(micro, 0.99)} max_us={micro[-1] if micro else 0}"
        f" non200={counts['non200']} bad_status={counts['bad_status']} errors={counts['errors']}"
        f" connections={open_count} late_us={int(late * 1_000_000)}"
    )
    return 1 if counts["non200"] or counts["errors"] else 0


def main():
    parser = argparse.ArgumentParser(description="Open-loop HTTP GET load at a fixed arrival rate.")
    parser.add_argument("--url", required=True)
    parser.add_argument("--rate", type=float, required=True, help="requests a second")
    parser.add_argument("--duration", type=float, default=30, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=5, help="seconds sent before, not measured")
    parser.add_argument("--token", required=True)
    parser.add_argument("--values", required=True)
    parser.add_argument("--template", required=True)
    parser.add_argument("--max-connections", type=int, default=64)
    args = parser.parse_args()
    if args.rate <= 0 or args.duration <= 0:
        parser.error("--rate and --duration must be positive")
    if args.template.count("%s") > 1:
        parser.error("--template takes at most one %s, where each value goes")
    sys.exit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
