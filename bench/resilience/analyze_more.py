"""Reports of the nginx and redis-down scenarios (see analyze.py)."""
import json
import os
from collections import Counter, defaultdict

from analyze import (Report, buckets, latency_plot, ok, outcome, pct, read_csv, read_requests, status_plot,
                     status_table, table)


def load_json(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return {}


def probe_row(label, p):
    c = p.get("counts", {})
    return (label, p.get("source", ""), p.get("n", 0), ", ".join(f"{k}: {v}" for k, v in sorted(c.items())),
            p.get("first_429_at") or "–", ", ".join(f"{k or '?'}: {v}" for k, v in sorted(p.get("upstreams", {}).items())),
            p.get("last_headers", {}).get("RateLimit", "–"))


def window_s(args):
    w = args.get("window", "1m")
    mult = {"s": 1, "m": 60, "h": 3600}.get(w[-1], 1)
    return float(w.rstrip("smh")) * mult


def refill(p, n, args):
    """Tokens the bucket gains back while a probe runs (Bucket4j refills gradually: n per window)."""
    return int(p.get("elapsed_s", 0) * n / window_s(args))


def remaining(p):
    """The r= of the last RateLimit header a probe saw (tokens left in the bucket that answered), or None."""
    h = p.get("last_headers", {}).get("RateLimit", "")
    for part in h.split(";"):
        if part.startswith("r="):
            return int(part[2:])
    return None


PROBE_HEADER = ["probe", "client address", "requests", "outcomes", "first 429 at", "answered by (X-Upstream)", "last RateLimit header"]


# ---------------------------------------------------------------- nginx
def nginx(raw, out, args):
    rep = Report("nginx", raw, out, "Two instances behind nginx")
    n = int(args["n"])
    a, b = args["a"], args["b"]
    shared = load_json(os.path.join(raw, "probe-shared.json"))
    other = load_json(os.path.join(raw, "probe-other-client.json"))
    spoof1 = load_json(os.path.join(raw, "probe-spoof-1.json"))
    spoof2 = load_json(os.path.join(raw, "probe-spoof-2.json"))
    first = shared.get("first_429_at") or 0
    ups = set(shared.get("upstreams", {}))
    extra = refill(shared, n, args)
    total = shared.get("n", 0)
    r_last = remaining(shared)
    # One bucket for both instances: total requests drain it; one per instance: each sees about half of them.
    r_shared, r_inst = max(0, n - total + extra), min(n, n - total // 2 + extra)
    shared_ok = (n + 1 <= first <= n + extra + 3) or (
        not first and r_last is not None and abs(r_last - r_shared) < abs(r_last - r_inst))
    rep.bar(f"shared rate limit: {total} anonymous requests spread over both instances drain one bucket of {n}",
            f"first 429 at request {first or 'never'}; last RateLimit r={r_last} (one shared bucket ≈ {r_shared}, one per "
            f"instance ≈ {r_inst}; +{extra} refilled during the {shared.get('elapsed_s', '?')} s probe); "
            f"answered by {', '.join(sorted(ups)) or '?'}",
            shared_ok and len(ups - {''}) >= 2)
    other_ok = other.get("counts", {}).get("200", 0)
    r_other = remaining(other)
    r_own = n - other.get("n", 0)
    own = other_ok == other.get("n", -1) and r_other is not None and r_other >= r_own - 2
    rep.bar("client identity: another client (127.0.0.3) right after has its own limit",
            f"{other_ok} of {other.get('n', 0)} answered 200, last RateLimit r={r_other} (own bucket ≈ {r_own}; "
            f"the first client's ≈ {r_last}) → {'own bucket' if own else 'the same bucket as the first client: the app sees the proxy address'}",
            own)
    r_s1, r_s2 = remaining(spoof1), remaining(spoof2)
    s2_429 = spoof2.get("counts", {}).get("429", 0)
    fresh = r_s2 is not None and r_s1 is not None and r_s2 > r_s1 + 3
    rep.bar("client identity: a forged X-Forwarded-For does not give a client a fresh limit",
            f"127.0.0.4 with X-Forwarded-For 203.0.113.9: r={r_s1} after {spoof1.get('n', 0)}; then with 198.51.100.7: "
            f"{s2_429} × 429, r={r_s2} → {'fresh bucket (forgeable)' if fresh else 'same bucket'}",
            not fresh)
    # live events
    ws = read_csv(os.path.join(raw, "ws.csv"), 5)
    creates = [r for r in read_requests(os.path.join(raw, "creates.csv")) if r["op"] == "create"]
    created = {r["id"]: r["up"] for r in creates if r["status"] == 201}
    clients = {}
    got = defaultdict(set)
    for r in ws:
        if r[1] == "connected" and r[4] not in clients:
            clients[r[4]] = r[2]
        elif r[2] == "item.created":
            got[r[4]].add(r[3])
    missing = {c: len(set(created) - got[c]) for c in clients}
    ws_ups = set(clients.values())
    create_ups = set(created.values())
    rep.bar("live events from either instance: every WebSocket client (via nginx) gets every item.created (via nginx)",
            f"{len(clients)} clients on {', '.join(sorted(ws_ups)) or '?'}; {len(created)} creates on {', '.join(sorted(create_ups)) or '?'}; "
            f"missing per client: {', '.join(f'{c}: {m}' for c, m in sorted(missing.items()))}",
            created and clients and all(m == 0 for m in missing.values()) and len(ws_ups - {''}) >= 2 and len(create_ups - {''}) >= 2)
    # kill -9 under load
    rows = [r for r in read_requests(os.path.join(raw, "load.csv")) if r["op"] != "skip"]
    killed = float(args["killed_at"])
    fails = [r for r in rows if not ok(r)]
    late = [r for r in fails if r["t"] > killed + 5]
    t0 = rows[0]["t"] if rows else killed
    limit = max(1, int(len(rows) * 0.01))
    rep.bar("keeps working when one instance is killed: failures ≤ 1% and none 5 s after the kill",
            f"{len(fails)} of {len(rows)} failed ({status_table(fails)}); {len(late)} later than 5 s after the kill",
            len(fails) <= limit and not late)
    acked = {r["id"] for r in rows if r["op"] == "create" and r["status"] == 201} | set(created)
    in_db = set(open(os.path.join(raw, "db-ids.txt")).read().split()) if os.path.exists(os.path.join(raw, "db-ids.txt")) else set()
    rep.bar("0 acknowledged writes lost", f"{len(acked - in_db)} of {len(acked)}", not (acked - in_db))
    marks = [(killed - t0, "kill -9 B")]
    status_plot(rows, t0, rep.dat("status"), rep.svg("status"), "Through nginx: responses per second by outcome", marks)
    latency_plot(rows, t0, rep.dat("latency"), rep.svg("latency"), "Through nginx: latency per second", marks)
    by_up = defaultdict(Counter)
    for r in rows:
        by_up["before the kill" if r["t"] < killed else "after the kill"][r["up"] or "(none)"] += 1
    rep.add(f"`bench/resilience/run.sh nginx`: instances A ({a}) and B ({b}) of the exec jar (prod profile, one database), "
            f"rate limits in Redis (`{args.get('fanout')}` fan-out for live events, anonymous limit {n}/min), behind Debian's "
            f"nginx on loopback (`bench/resilience/nginx.conf.template`, round robin, `proxy_next_upstream error timeout`). "
            f"Clients on loopback use distinct source addresses (127.0.0.2–4) so the app can tell them apart. "
            f"App proxy settings: `{args.get('proxy_args')}`.", "")
    rep.add("## Rate limit and client identity", "", table(PROBE_HEADER, [
        probe_row(f"{n + 10} anonymous GETs", shared), probe_row("then another client", other),
        probe_row("forged X-Forwarded-For: 203.0.113.9 (limit reset before)", spoof1),
        probe_row("then forged X-Forwarded-For: 198.51.100.7", spoof2)]), "")
    rep.add("Reading: with the client's address taken from the forwarded headers of the trusted proxy, the second client "
            "has its own limit and a forged header changes nothing. If the app uses the socket address, every client "
            "behind nginx shares the proxy's bucket (the second client is refused at once). If it trusts forwarded "
            "headers from anyone, each forged value is a fresh bucket.", "")
    rep.add("## Live events across instances", "", table(["client", "connected via", "item.created received", "missing"],
            [(c, up or "?", len(got[c] & set(created)), missing[c]) for c, up in sorted(clients.items())]), "",
            f"Creates: {len(created)} × 201, by instance: "
            + ", ".join(f"{k or '?'}: {v}" for k, v in Counter(created.values()).items()), "")
    rep.add("## kill -9 of B under load", "", f"Open-loop load through nginx: {args.get('rate')} req/s (get/list/create 3:1:1, "
            f"authenticated), B killed {killed - t0:.1f} s in.", "",
            f"![status]({os.path.basename(rep.svg('status'))})", "", f"![latency]({os.path.basename(rep.svg('latency'))})", "",
            table(["", "answered by"], [(k, ", ".join(f"{u}: {c}" for u, c in v.most_common())) for k, v in by_up.items()]), "")
    if fails:
        rep.add(table(["t (s)", "operation", "outcome", "ms", "upstream"],
                      [(f"{r['t'] - t0:.2f}", r["op"], outcome(r), f"{r['ms']:.0f}", r["up"]) for r in fails[:20]]), "")
    return rep.write()


# ---------------------------------------------------------------- redis-down
def redis_down(raw, out, args):
    rep = Report("redis-down", raw, out, "Redis down during load")
    n = int(args["n"])
    ev = read_csv(os.path.join(raw, "redisproxy-events.csv"), 2)
    cut = next((float(e[0]) for e in ev if e[1] == "cut"), None)
    restored = next((float(e[0]) for e in ev if e[1] == "restored"), None)
    rows = [r for r in read_requests(os.path.join(raw, "load.csv")) if r["op"] != "skip"]
    anon = [r for r in read_requests(os.path.join(raw, "anon.csv")) if r["op"] != "skip"]
    if not rows or cut is None or restored is None:
        rep.bar("load and outage recorded", f"{len(rows)} requests, cut={cut}, restored={restored}", False)
        return rep.write()
    t0 = rows[0]["t"]
    up_a, up_b = load_json(os.path.join(raw, "probe-up-a.json")), load_json(os.path.join(raw, "probe-up-b.json"))
    down, back = load_json(os.path.join(raw, "probe-down-a.json")), load_json(os.path.join(raw, "probe-back-a.json"))
    ok_a = up_a.get("counts", {}).get("200", 0)
    first_b = up_b.get("first_429_at")
    expect_b = n - ok_a + 1
    extra = refill(up_a, n, args) + refill(up_b, n, args)
    rep.bar("Redis up: one limit for both instances (A then B from one client address)",
            f"A answered {ok_a} × 200, B's first 429 at request {first_b or 'never'} (expected {expect_b}, up to {expect_b + extra + 2} with the refill during the probes)",
            first_b is not None and expect_b <= first_b <= expect_b + extra + 2)
    dc = down.get("counts", {})
    sent = sum(v for k, v in dc.items() if k != "not sent (time up)")
    rep.bar("Redis down: requests are let through, not refused (RateLimitFilter: \"let through rather than the whole API going down\")",
            f"{n + 10} anonymous GETs to A, one after the other: {', '.join(f'{k}: {v}' for k, v in sorted(dc.items()))}; "
            f"median {down.get('ms_median', 0):.0f} ms, max {down.get('ms_max', 0):.0f} ms",
            sent > 0 and dc.get("200", 0) == sent and down.get("ms_median", 1e9) < 3000)
    phase = lambda r: "before" if r["t"] < cut else "outage" if r["t"] < restored else "after"
    by_phase = defaultdict(list)
    for r in rows + anon:
        by_phase[(r["op"], phase(r))].append(r)
    outage_rows = [r for r in rows + anon if phase(r) == "outage"]
    outage_fail = [r for r in outage_rows if not ok(r)]
    p99_out = pct([r["ms"] for r in outage_rows], 99)
    rep.bar("Redis down: no failures and p99 under 3 s for creates and anonymous lists",
            f"{len(outage_fail)} failed of {len(outage_rows)} ({status_table(outage_fail)}); p99 {p99_out:.0f} ms",
            not outage_fail and p99_out < 3000)
    bc = back.get("counts", {})
    rep.bar("Redis back: limits apply again", f"{n + 10} anonymous GETs from a new address: {', '.join(f'{k}: {v}' for k, v in sorted(bc.items()))}; first 429 at {back.get('first_429_at')}",
            back.get("first_429_at") is not None and n + 1 <= back["first_429_at"] <= n + refill(back, n, args) + 3)
    acked_rows = [r for r in rows if r["op"] == "create" and r["status"] == 201]
    acked = {r["id"] for r in acked_rows}
    ws = read_csv(os.path.join(raw, "ws.csv"), 5)
    ws_ev = [r for r in ws if r[2] == "item.created"]
    ws_first = {}
    for r in ws_ev:
        ws_first.setdefault(r[3], float(r[0]))
    missing = acked - set(ws_first)
    created_at = {r["id"]: r["t"] + r["ms"] / 1000 for r in acked_rows}
    during = {i for i in acked if cut <= created_at[i] < restored}
    delays_out = sorted(ws_first[i] - created_at[i] for i in during if i in ws_first)
    delays_up = sorted(ws_first[i] - created_at[i] for i in acked - during if i in ws_first)
    rep.bar("live events: the outbox delivers the events of the outage once Redis is back (README: \"the outbox retries the event later\")",
            f"{len(missing)} of {len(acked)} acknowledged creates never reached the socket on B "
            f"({len(during - set(ws_first))} of the {len(during)} made during the outage)", not missing)
    marks = [(cut - t0, "Redis cut"), (restored - t0, "Redis back")]
    status_plot(rows + anon, t0, rep.dat("status"), rep.svg("status"), "Responses per second by outcome (creates + anonymous lists)", marks)
    latency_plot(rows + anon, t0, rep.dat("latency"), rep.svg("latency"), "Latency per second (creates + anonymous lists)", marks)
    rep.add(f"`bench/resilience/run.sh redis-down`: instances A and B (prod profile) keep rate limits in Redis and fan live events "
            f"out through Redis pub/sub, both through a TCP proxy of the bench (mode `{args.get('mode')}`). A takes "
            f"{args.get('rate')} creates/s; anonymous lists go to A and B at 0.5/s; a WebSocket client on B subscribes to "
            f"`items`. Redis is cut {cut - t0:.1f} s in, for {restored - cut:.1f} s. Anonymous limit {n}/min.", "")
    rep.add("## What the README says", "",
            "- Rate limits: \"Buckets live in memory per instance, or in Redis shared by every instance\"; `RateLimitFilter`: "
            "if the shared store fails, requests are let through rather than the whole API going down.",
            "- Live events: \"a publish fails within 2 s while Redis is unreachable (the outbox retries the event later) and "
            "the subscription comes back by itself when Redis does. Live events are best effort\".", "")
    rep.add("## Rate limits", "", table(PROBE_HEADER, [
        probe_row("Redis up: A", up_a), probe_row("Redis up: then B, same client", up_b),
        probe_row("Redis down: A", down), probe_row("Redis back: A", back)]), "")
    warn = open(os.path.join(raw, "ratelimit-warnings.txt")).read().strip() if os.path.exists(os.path.join(raw, "ratelimit-warnings.txt")) else "?"
    rep.add(f"`Rate limit store unavailable` warnings in A's log: {warn} (each is a request let through without a limit).", "")
    rep.add("## Requests by phase", "", table(["operation", "phase", "requests", "outcomes", "p50 ms", "p99 ms", "max ms"],
            [(op, ph, len(rs), status_table(rs), f"{pct([r['ms'] for r in rs], 50):.0f}", f"{pct([r['ms'] for r in rs], 99):.0f}",
              f"{max(r['ms'] for r in rs):.0f}") for (op, ph), rs in sorted(by_phase.items())]), "",
            f"![status]({os.path.basename(rep.svg('status'))})", "", f"![latency]({os.path.basename(rep.svg('latency'))})", "")
    outbox = open(os.path.join(raw, "outbox.txt")).read().strip() if os.path.exists(os.path.join(raw, "outbox.txt")) else "?"
    rep.add("## Live events", "", table(["", "value"], [
        ("creates acknowledged (201)", len(acked)),
        ("… made while Redis was down", len(during)),
        ("live events received on B (incl. duplicates)", len(ws_ev)),
        ("acknowledged creates without a live event", len(missing)),
        ("delay create → event, Redis up: p50 / max (s)", f"{pct(delays_up, 50):.2f} / {max(delays_up) if delays_up else 0:.2f}"),
        ("delay create → event, made during the outage: p50 / max (s)", f"{pct(delays_out, 50):.1f} / {max(delays_out) if delays_out else 0:.1f}"),
        ("outbox (event_publication) incomplete / total at the end", outbox.replace("|", " / ")),
    ]), "")
    meta = [r for r in ws if r[1] in ("connected", "disconnected", "error")]
    rep.add("WebSocket connection log (B): " + "; ".join(f"{float(r[0]) - t0:.1f} s {r[1]} {r[2]}" for r in meta[:10]), "")
    return rep.write()


FUNCS = {"nginx": nginx, "redis-down": redis_down}
