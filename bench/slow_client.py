#!/usr/bin/env python3
"""Holds N requests in flight at once against GET /bench/slow?ms=D and times how long they take.

Phase 1 opens N keep-alive TCP connections (not timed as part of the result, reported separately).
Phase 2 writes one request on every connection at the same moment and waits for every response:
completion time = last response - send start. Meanwhile a thread samples the server's /proc status
(VmRSS, threads) every 20 ms for the peak. Prints one JSON object. Stdlib only.

    slow_client.py --port P --pid SERVER_PID --requests 5000 --ms 200
"""

import argparse
import asyncio
import json
import threading
import time


def proc_status(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "Threads"):
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.stop, self.peak_rss_kb, self.peak_threads = pid, False, 0, 0

    def run(self):
        while not self.stop:
            s = proc_status(self.pid)
            self.peak_rss_kb = max(self.peak_rss_kb, s.get("VmRSS", 0))
            self.peak_threads = max(self.peak_threads, s.get("Threads", 0))
            time.sleep(0.02)


async def open_all(host, port, n, parallel, budget):
    """Opens up to n connections; gives up on the rest once `budget` seconds have passed (a dead server)."""
    gate = asyncio.Semaphore(parallel)
    deadline = time.perf_counter() + budget

    async def one():
        async with gate:
            for attempt in range(5):
                left = deadline - time.perf_counter()
                if left <= 0:
                    return None
                try:
                    return await asyncio.wait_for(asyncio.open_connection(host, port), min(5, left))
                except (OSError, asyncio.TimeoutError):
                    await asyncio.sleep(0.1 * (attempt + 1))
            return None

    return await asyncio.gather(*(one() for _ in range(n)))


async def exchange(conn, request, timeout):
    reader, writer = conn
    started = time.perf_counter()
    try:
        writer.write(request)
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        chunked = b"transfer-encoding: chunked" in head.lower()
        if chunked:
            while True:
                size = int((await asyncio.wait_for(reader.readline(), timeout)).strip(), 16)
                await reader.readexactly(size + 2)
                if size == 0:
                    break
        elif length:
            await asyncio.wait_for(reader.readexactly(length), timeout)
        return status, time.perf_counter() - started
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
        return None, time.perf_counter() - started


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True, help="server PID, for RSS sampling")
    p.add_argument("--requests", type=int, default=5000)
    p.add_argument("--ms", type=int, default=200)
    p.add_argument("--path", help="request this path instead of /bench/slow?ms=MS (e.g. a static file: the client's floor)")
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--connect-parallel", type=int, default=500)
    a = p.parse_args()

    base = proc_status(a.pid)
    t0 = time.perf_counter()
    conns = await open_all(a.host, a.port, a.requests, a.connect_parallel, min(a.timeout, 60))
    connect_s = time.perf_counter() - t0
    live = [c for c in conns if c is not None]

    sampler = Sampler(a.pid)
    sampler.start()
    path = a.path or f"/bench/slow?ms={a.ms}"
    request = f"GET {path} HTTP/1.1\r\nHost: {a.host}:{a.port}\r\n\r\n".encode()
    t1 = time.perf_counter()
    results = await asyncio.gather(*(exchange(c, request, a.timeout) for c in live))
    total_s = time.perf_counter() - t1
    sampler.stop = True
    sampler.join()
    for _, writer in live:
        writer.close()

    ok = [t for s, t in results if s == 200]
    lat = sorted(t for _, t in results)

    def pct(q):
        return round(lat[min(len(lat) - 1, int(q * len(lat)))] * 1000, 1) if lat else None

    print(json.dumps({
        "requests": a.requests, "delay_ms": 0 if a.path else a.ms, "path": path, "connected": len(live),
        "connect_s": round(connect_s, 3), "ok": len(ok),
        "errors": a.requests - len(ok),
        "completion_s": round(total_s, 3),
        "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": pct(1.0),
        "rss_before_mb": round(base.get("VmRSS", 0) / 1024, 1),
        "rss_peak_mb": round(sampler.peak_rss_kb / 1024, 1),
        "threads_before": base.get("Threads", 0), "threads_peak": sampler.peak_threads,
    }))


if __name__ == "__main__":
    asyncio.run(main())
