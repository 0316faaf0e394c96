#!/usr/bin/python3
"""Clients for the resilience scenarios (bench/resilience/): every request's outcome is recorded.

Subcommands (all write line-oriented files that the scenario scripts and analyze.py read):

  account  sign up a user (a 409 for an existing one is fine) and print an access token
  load     mixed load (get / list / create) at a fixed rate (open loop) or with N workers (closed loop);
           writes one CSV line per request: t,op,status,ms,item_id,error (t = seconds since the epoch)
  ws       WebSocket client(s) on /ws/events (ticket handshake), subscribed to "items"; writes one line per
           received event: t,event_id,type,item_id,client; reconnects when the socket drops (logged as a gap)
  hooks    webhook receiver: answers 204, writes t,webhook_id,event_id,type,item_id per delivery
  probe    N requests through a URL from a given source address; prints status counts and headers seen

Debian's python3 with python3-aiohttp. Tokens (15 min) are renewed every 10 minutes by `load`.
"""
import argparse
import asyncio
import json
import random
import signal
import socket
import string
import sys
import time

import aiohttp

PASSWORD = "resilience-password-not-secret"


def now():
    return time.time()


async def sign_up(session, base, email, role="seller"):
    """Retried: the first requests of a cold server on a busy machine can take long (a 409 on a retry is fine)."""
    for attempt in range(6):
        try:
            async with session.post(f"{base}/api/v2/users", json={
                    "email": email, "password": PASSWORD, "display_name": "Resilience bench", "role": role}) as r:
                await r.read()
                if r.status in (201, 409):
                    return
                err = f"HTTP {r.status}"
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            err = type(e).__name__
        await asyncio.sleep(2)
    raise SystemExit(f"sign-up {email}: {err}")


async def token(session, base, email):
    for attempt in range(30):
        try:
            async with session.post(f"{base}/api/v2/auth/token", data={
                    "grant_type": "password", "username": email, "password": PASSWORD}) as r:
                body = await r.text()
                if r.status == 200:
                    return json.loads(body)["access_token"]
                err = f"HTTP {r.status}"
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            err = type(e).__name__
        await asyncio.sleep(1)
    raise SystemExit(f"no access token for {email}: {err}")


async def cmd_account(a):
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as s:
        if not a.existing:
            await sign_up(s, a.base, a.email, a.role)
        print(await token(s, a.base, a.email))


# ---------------------------------------------------------------- load
def item_body():
    name = "rz " + "".join(random.choices(string.ascii_lowercase, k=10))
    return {"name": name, "price": f"{random.randint(1, 99999) / 100:.2f}", "currency": "EUR",
            "description": "resilience bench"}


class Load:
    def __init__(self, a):
        self.a = a
        self.ids = []            # ids of items created (and those read from the first list), for gets
        self.mix = []
        for part in a.mix.split(","):
            op, w = part.split(":")
            self.mix += [op] * int(w)
        self.out = open(a.out, "a", buffering=1 << 16)
        self.token = None
        self.inflight = 0
        self.dropped = 0         # open loop: requests not sent because max-inflight was reached
        self.stop_at = now() + a.duration
        bases = a.base.split(",")
        self.bases = bases

    def record(self, t, op, status, ms, item_id="", error="", upstream=""):
        self.out.write(f"{t:.3f},{op},{status},{ms:.1f},{item_id},{error},{upstream}\n")

    async def renew_token(self, s):
        while True:
            await asyncio.sleep(600)
            try:
                self.token = await token(s, self.bases[0], self.a.email)
            except SystemExit as e:
                print(f"token renewal failed: {e}", file=sys.stderr)

    async def one(self, s):
        op = random.choice(self.mix)
        if op == "get" and not self.ids:
            op = "list"
        base = random.choice(self.bases)
        headers = {"Authorization": f"Bearer {self.token}"} if self.token and (op == "create" or self.a.auth_reads) else {}
        t0 = now()
        item_id = ""
        status = 0
        err = ""
        upstream = ""
        try:
            if op == "get":
                async with s.get(f"{base}/api/v2/items/{random.choice(self.ids)}", headers=headers) as r:
                    await r.read()
                    status = r.status
            elif op == "list":
                async with s.get(f"{base}/api/v2/items?limit=20", headers=headers) as r:
                    body = await r.read()
                    status = r.status
                    if status == 200 and len(self.ids) < 1000:
                        self.ids += [i["id"] for i in json.loads(body)["data"]]
            else:
                async with s.post(f"{base}/api/v2/items", json=item_body(), headers=headers) as r:
                    body = await r.read()
                    status = r.status
                    if status == 201:
                        item_id = json.loads(body)["id"]
                        if len(self.ids) < 20000:
                            self.ids.append(item_id)
            upstream = r.headers.get("X-Upstream", "").replace(",", " ")
            if status >= 500:
                ra = r.headers.get("Retry-After", "")
                ct = r.headers.get("Content-Type", "").split(";")[0]
                err = f"ra={ra}|ct={ct}"
        except asyncio.TimeoutError:
            err = "timeout"
        except aiohttp.ClientError as e:
            err = type(e).__name__
        except Exception as e:  # noqa: BLE001 - recorded, never fatal for the load
            err = type(e).__name__
        self.record(t0, op, status, (now() - t0) * 1000, item_id, err, upstream)

    async def open_loop(self, s):
        interval = 1.0 / self.a.rate
        tasks = set()
        next_t = now()
        while now() < self.stop_at:
            next_t += interval
            if len(tasks) >= self.a.max_inflight:
                self.dropped += 1
                self.record(now(), "skip", 0, 0, "", "max_inflight")
            else:
                t = asyncio.ensure_future(self.one(s))
                tasks.add(t)
                t.add_done_callback(tasks.discard)
            delay = next_t - now()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -1:
                next_t = now()   # the loop itself fell behind; do not burst
        if tasks:
            await asyncio.wait(tasks, timeout=self.a.timeout + 5)

    async def closed_loop(self, s):
        async def worker():
            while now() < self.stop_at:
                await self.one(s)
        await asyncio.gather(*(worker() for _ in range(self.a.workers)))

    async def run(self):
        conn = aiohttp.TCPConnector(limit=self.a.max_inflight, force_close=False)
        timeout = aiohttp.ClientTimeout(total=self.a.timeout)
        async with aiohttp.ClientSession(connector=conn, timeout=timeout) as s:
            if self.a.email:
                self.token = await token(s, self.bases[0], self.a.email)
                renew = asyncio.ensure_future(self.renew_token(s))
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGTERM, lambda: setattr(self, "stop_at", 0))
            if self.a.rate > 0:
                await self.open_loop(s)
            else:
                await self.closed_loop(s)
            if self.a.email:
                renew.cancel()
        self.out.close()


async def cmd_load(a):
    await Load(a).run()


# ---------------------------------------------------------------- ws
async def ws_client(a, n, out):
    base = a.base.split(",")[n % len(a.base.split(","))]
    wsbase = base.replace("http://", "ws://").replace("https://", "wss://")
    stop_at = now() + a.duration
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None, sock_connect=5)) as s:
        tok = None
        while now() < stop_at:
            try:
                if tok is None or now() > tok[1]:
                    tok = (await token(s, base, a.email), now() + 600)
                async with s.post(f"{base}/api/v2/events/tickets", headers={"Authorization": f"Bearer {tok[0]}"},
                                  timeout=aiohttp.ClientTimeout(total=10)) as r:
                    body = await r.text()
                    if r.status != 201 and r.status != 200:
                        raise RuntimeError(f"ticket HTTP {r.status}")
                    ticket = json.loads(body)["ticket"]
                async with s.ws_connect(f"{wsbase}/ws/events?ticket={ticket}", heartbeat=20) as ws:
                    await ws.send_str(json.dumps({"type": "subscribe", "topics": ["items", "orders"]}))
                    up = ws._response.headers.get("X-Upstream", "").replace(",", " ") if getattr(ws, "_response", None) else ""
                    out.write(f"{now():.3f},connected,{up},,{n}\n")
                    out.flush()
                    while now() < stop_at:
                        try:
                            msg = await ws.receive(timeout=max(0.1, min(5, stop_at - now())))
                        except asyncio.TimeoutError:
                            continue
                        if msg.type == aiohttp.WSMsgType.TEXT:
                            m = json.loads(msg.data)
                            if m.get("type") == "event":
                                env = m.get("event") or m.get("envelope") or m.get("data") or {}
                                if isinstance(env, str):
                                    env = json.loads(env)
                                data = env.get("data") or {}
                                out.write(f"{now():.3f},{env.get('id')},{env.get('type')},{data.get('id', '')},{n}\n")
                            elif m.get("type") not in ("welcome", "subscribed", "pong"):
                                out.write(f"{now():.3f},msg,{m.get('type')},,{n}\n")
                        elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                            break
                    out.write(f"{now():.3f},disconnected,,,{n}\n")
                    out.flush()
            except Exception as e:  # noqa: BLE001 - reconnect whatever happened
                out.write(f"{now():.3f},error,{type(e).__name__},,{n}\n")
                out.flush()
                await asyncio.sleep(0.5)


async def cmd_ws(a):
    with open(a.out, "a", buffering=1) as out:
        await asyncio.gather(*(ws_client(a, n, out) for n in range(a.clients)))


# ---------------------------------------------------------------- hooks
async def cmd_hooks(a):
    from aiohttp import web
    out = open(a.out, "a", buffering=1)

    async def receive(request):
        body = await request.read()
        try:
            env = json.loads(body)
        except ValueError:
            env = {}
        data = env.get("data") or {}
        out.write(f"{now():.3f},{request.headers.get('webhook-id', '')},{env.get('id', '')},{env.get('type', '')},"
                  f"{data.get('id', '')}\n")
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/{tail:.*}", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    with open(a.port_file, "w") as f:
        f.write(str(port))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    await runner.cleanup()
    out.close()


# ---------------------------------------------------------------- probe
async def cmd_probe(a):
    """Sequential requests from source address a.source; prints a JSON summary."""
    conn = aiohttp.TCPConnector(local_addr=(a.source, 0) if a.source else None, force_close=True)
    ms = []
    counts = {}
    seen = {}
    upstreams = {}
    headers = dict(h.split(":", 1) for h in a.header) if a.header else {}
    headers = {k.strip(): v.strip() for k, v in headers.items()}
    async with aiohttp.ClientSession(connector=conn, timeout=aiohttp.ClientTimeout(total=a.timeout)) as s:
        first_429 = None
        started = now()
        for i in range(a.n):
            if now() - started > a.max_seconds:
                counts["not sent (time up)"] = a.n - i
                break
            t0 = now()
            try:
                async with s.get(a.url, headers=headers) as r:
                    await r.read()
                    counts[str(r.status)] = counts.get(str(r.status), 0) + 1
                    if r.status == 429 and first_429 is None:
                        first_429 = i + 1
                    up = r.headers.get("X-Upstream", "")
                    upstreams[up] = upstreams.get(up, 0) + 1
                    for h in ("RateLimit", "RateLimit-Policy", "Retry-After", "X-Upstream"):
                        if h in r.headers:
                            seen[h] = r.headers[h]
            except Exception as e:  # noqa: BLE001
                counts[type(e).__name__] = counts.get(type(e).__name__, 0) + 1
            ms.append((now() - t0) * 1000)
    print(json.dumps({"source": a.source, "n": a.n, "counts": counts, "first_429_at": first_429, "last_headers": seen,
                      "upstreams": upstreams,
                      "elapsed_s": round(now() - started, 2), "ms_max": round(max(ms), 1) if ms else 0, "ms_median": round(sorted(ms)[len(ms) // 2], 1) if ms else 0}))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("account")
    c.add_argument("--base", required=True)
    c.add_argument("--email", required=True)
    c.add_argument("--role", default="seller")
    c.add_argument("--existing", action="store_true", help="only take a token")
    c = sub.add_parser("load")
    c.add_argument("--base", required=True, help="one base URL, or several comma-separated (random per request)")
    c.add_argument("--out", required=True)
    c.add_argument("--duration", type=float, required=True)
    c.add_argument("--rate", type=float, default=0, help="requests/s (open loop); 0 = closed loop with --workers")
    c.add_argument("--workers", type=int, default=32)
    c.add_argument("--mix", default="get:6,list:2,create:2")
    c.add_argument("--email", default="", help="account for creates (token renewed every 10 min)")
    c.add_argument("--auth-reads", action="store_true", help="send the token on reads too")
    c.add_argument("--max-inflight", type=int, default=256)
    c.add_argument("--timeout", type=float, default=10)
    c = sub.add_parser("ws")
    c.add_argument("--base", required=True)
    c.add_argument("--email", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--duration", type=float, required=True)
    c.add_argument("--clients", type=int, default=1)
    c = sub.add_parser("hooks")
    c.add_argument("--out", required=True)
    c.add_argument("--port-file", required=True)
    c = sub.add_parser("probe")
    c.add_argument("--url", required=True)
    c.add_argument("--n", type=int, default=10)
    c.add_argument("--source", default="")
    c.add_argument("--header", action="append")
    c.add_argument("--max-seconds", type=float, default=120)
    c.add_argument("--timeout", type=float, default=30)
    a = p.parse_args()
    asyncio.run({"account": cmd_account, "load": cmd_load, "ws": cmd_ws, "hooks": cmd_hooks, "probe": cmd_probe}[a.cmd](a))


if __name__ == "__main__":
    main()
