#!/usr/bin/python3
"""Reports of the resilience scenarios: bench/results/<date>/<scenario>.md with SVG plots (gnuplot).

  analyze.py SCENARIO RAW_DIR OUT_DIR [key=value ...]

Reads what run.sh and rz.py wrote under RAW_DIR, writes OUT_DIR/<scenario>.md and OUT_DIR/<scenario>-*.svg,
prints the bars, and exits 1 when a bar is missed (run.sh passes that on).
"""
import csv
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict


# ---------------------------------------------------------------- reading
def read_requests(path):
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path) as f:
        for r in csv.reader(f):
            if len(r) < 6:
                continue
            rows.append({"t": float(r[0]), "op": r[1], "status": int(r[2]), "ms": float(r[3]), "id": r[4], "err": r[5],
                         "up": r[6] if len(r) > 6 else ""})
    rows.sort(key=lambda r: r["t"])
    return rows


def read_csv(path, n):
    out = []
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for r in csv.reader(f):
            if len(r) >= n:
                out.append(r)
    return out


def ok(r):
    return 200 <= r["status"] < 400


def pct(values, p):
    if not values:
        return 0.0
    v = sorted(values)
    k = min(len(v) - 1, max(0, int(round(p / 100 * (len(v) - 1)))))
    return v[k]


def outcome(r):
    if r["status"]:
        return str(r["status"])
    return r["err"] or "error"


def buckets(rows, t0, width=1.0):
    b = defaultdict(list)
    for r in rows:
        if r["op"] == "skip":
            continue
        b[int((r["t"] - t0) // width)].append(r)
    return b


# ---------------------------------------------------------------- plotting
def gnuplot(script, out_svg):
    try:
        subprocess.run(["gnuplot"], input=f"set terminal svg size 900,420 dynamic background '#ffffff' font 'sans,11'\n"
                       f"set output '{out_svg}'\nset grid\nset key outside right top\n" + script,
                       text=True, check=True, capture_output=True)
        return True
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        sys.stderr.write(f"gnuplot failed for {out_svg}: {getattr(e, 'stderr', e)}\n")
        return False


def status_plot(rows, t0, dat, svg, title, marks=(), width=1.0):
    """Stacked-ish: one line per outcome class per second (2xx, 429, 503, other 5xx, transport errors)."""
    b = buckets(rows, t0, width)
    classes = ["2xx", "4xx", "503", "5xx", "error"]
    with open(dat, "w") as f:
        f.write("# t " + " ".join(classes) + "\n")
        for s in range(0, max(b) + 1 if b else 0):
            c = Counter()
            for r in b.get(s, []):
                st = r["status"]
                c["2xx" if 200 <= st < 300 else "4xx" if 400 <= st < 500 else "503" if st == 503 else "5xx" if st >= 500 else "error"] += 1
            f.write(f"{s * width:.0f} " + " ".join(str(c[k] / width) for k in classes) + "\n")
    arrows = "".join(f"set arrow from {m},graph 0 to {m},graph 1 nohead dt 2 lc rgb '#888888'\n"
                     f"set label '{lbl}' at {m},graph 0.95 offset 0.5,0\n" for m, lbl in marks)
    plot = ", ".join(f"'{dat}' using 1:{i + 2} with steps lw 2 title '{k}'" for i, k in enumerate(classes))
    gnuplot(f"set title '{title}'\nset xlabel 's'\nset ylabel 'responses per s'\n{arrows}plot {plot}\n", svg)


def latency_plot(rows, t0, dat, svg, title, marks=(), width=1.0):
    b = buckets(rows, t0, width)
    with open(dat, "w") as f:
        f.write("# t p50 p99 max (ms)\n")
        for s in range(0, max(b) + 1 if b else 0):
            ms = [r["ms"] for r in b.get(s, [])]
            if ms:
                f.write(f"{s * width:.0f} {pct(ms, 50):.1f} {pct(ms, 99):.1f} {max(ms):.1f}\n")
    arrows = "".join(f"set arrow from {m},graph 0 to {m},graph 1 nohead dt 2 lc rgb '#888888'\n" for m, _ in marks)
    gnuplot(f"set title '{title}'\nset xlabel 's'\nset ylabel 'ms'\nset logscale y\n{arrows}"
            f"plot '{dat}' using 1:2 with lines lw 2 title 'p50', '' using 1:3 with lines lw 2 title 'p99', "
            f"'' using 1:4 with lines lw 1 title 'max'\n", svg)


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def env_block(raw):
    p = os.path.join(raw, "env.txt")
    return open(p).read().strip() if os.path.exists(p) else ""


class Report:
    def __init__(self, scenario, raw, out, title):
        self.scenario, self.raw, self.out = scenario, raw, out
        self.lines = [f"# {title}", ""]
        self.bars = []

    def bar(self, what, measured, met):
        self.bars.append((what, measured, met))

    def add(self, *lines):
        self.lines += list(lines)

    def svg(self, name):
        return os.path.join(self.out, f"{self.scenario}-{name}.svg")

    def dat(self, name):
        return os.path.join(self.raw, f"{name}.dat")

    def write(self):
        head = ["## Bars", "", table(["bar", "measured", ""], [(w, m, "met" if ok_ else "**MISSED**") for w, m, ok_ in self.bars]), ""]
        body = self.lines[:2] + head + self.lines[2:] + ["", "## Environment", "", "```", env_block(self.raw), "```", ""]
        path = os.path.join(self.out, f"{self.scenario}.md")
        with open(path, "w") as f:
            f.write("\n".join(body))
        for w, m, ok_ in self.bars:
            print(f"{'met   ' if ok_ else 'MISSED'}  {w}: {m}")
        print(f"report: {path}")
        return 0 if all(b[2] for b in self.bars) else 1


def status_table(rows):
    c = Counter(outcome(r) for r in rows if r["op"] != "skip")
    return ", ".join(f"{k}: {v}" for k, v in sorted(c.items(), key=lambda kv: -kv[1])) or "none"


def kv(args):
    return dict(a.split("=", 1) for a in args)


# ---------------------------------------------------------------- soak
def soak(raw, out, args):
    rep = Report("soak", raw, out, "Soak: mixed load at half the measured maximum")
    rows = read_requests(os.path.join(raw, "soak.csv"))
    maxrows = read_requests(os.path.join(raw, "max.csv"))
    rate = float(args["rate"])
    maxrate = args.get("max", "")
    duration = float(args["duration"])
    if not rows:
        rep.bar("requests recorded", 0, False)
        return rep.write()
    t0 = rows[0]["t"]
    width = 10.0 if duration >= 300 else 2.0
    b = buckets(rows, t0, width)
    samples = read_csv(os.path.join(raw, "rss.csv"), 5)
    jstat = os.path.join(raw, "jstat.txt")
    with open(rep.dat("soak-series"), "w") as f:
        f.write("# t rps p50 p90 p99 errors rss_mb\n")
        for s in sorted(b):
            rs = b[s]
            ms = [r["ms"] for r in rs]
            err = sum(1 for r in rs if not ok(r))
            f.write(f"{s * width:.0f} {len(rs) / width:.1f} {pct(ms, 50):.1f} {pct(ms, 90):.1f} {pct(ms, 99):.1f} {err}\n")
    with open(rep.dat("soak-rss"), "w") as f:
        f.write("# t rss_mb cpu_pct threads load1\n")
        prev = None
        for r in samples:
            t, rss, ticks, thr, la = float(r[0]), int(r[1]), int(r[2]), int(r[3]), r[4]
            if t < t0 - 1:
                prev = (t, ticks)
                continue
            cpu = (ticks - prev[1]) / (t - prev[0]) if prev and t > prev[0] else 0
            prev = (t, ticks)
            f.write(f"{t - t0:.0f} {rss / 1024:.1f} {cpu:.0f} {thr} {la}\n")
    # old generation after collections (jstat -gc every 5 s: OU in KB)
    old = []
    if os.path.exists(jstat):
        hdr = None
        for line in open(jstat):
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "Timestamp" or parts[0] == "S0C":
                hdr = parts
                continue
            if hdr and len(parts) == len(hdr):
                d = dict(zip(hdr, parts))
                try:
                    old.append((float(d["Timestamp"]), float(d["OU"]) / 1024, float(d.get("EU", 0)) / 1024))
                except (KeyError, ValueError):
                    pass
    jvm_start = float(args.get("jvm_start_epoch", 0) or 0)
    with open(rep.dat("soak-old"), "w") as f:
        f.write("# t old_used_mb\n")
        for ts, ou, _ in old:
            if jvm_start and jvm_start + ts >= t0:
                f.write(f"{jvm_start + ts - t0:.0f} {ou:.1f}\n")
    gnuplot(f"set title 'Soak: throughput and errors per {width:.0f} s'\nset xlabel 's'\nset ylabel 'req/s'\nset y2label 'errors'\n"
            f"set y2tics\nset yrange [0:*]\nset y2range [0:*]\n"
            f"plot '{rep.dat('soak-series')}' using 1:2 with lines lw 2 title 'req/s', '' using 1:6 axes x1y2 with impulses lw 2 title 'errors'\n",
            rep.svg("throughput"))
    gnuplot(f"set title 'Soak: latency per {width:.0f} s, and the machine load average'\nset xlabel 's'\nset ylabel 'ms'\nset logscale y\n"
            f"set y2label 'load average (1 min)'\nset y2tics\nset y2range [0:*]\n"
            f"plot '{rep.dat('soak-series')}' using 1:3 with lines lw 2 title 'p50', '' using 1:4 with lines lw 2 title 'p90', "
            f"'' using 1:5 with lines lw 2 title 'p99', '{rep.dat('soak-rss')}' using 1:5 axes x1y2 with lines lw 1 lc rgb '#aaaaaa' title 'load avg'\n",
            rep.svg("latency"))
    gnuplot(f"set title 'Soak: server memory'\nset xlabel 's'\nset ylabel 'MB'\nset yrange [0:*]\nset y2label 'load average (1 min)'\nset y2tics\nset y2range [0:*]\n"
            f"plot '{rep.dat('soak-rss')}' using 1:2 with lines lw 2 title 'RSS', "
            f"'{rep.dat('soak-old')}' using 1:2 with lines lw 2 title 'old gen used (jstat OU)', "
            f"'{rep.dat('soak-rss')}' using 1:5 axes x1y2 with lines lw 1 lc rgb '#aaaaaa' title 'load avg'\n",
            rep.svg("memory"))
    total = [r for r in rows if r["op"] != "skip"]
    skipped = sum(1 for r in rows if r["op"] == "skip")
    errors = [r for r in total if not ok(r)]
    span = rows[-1]["t"] - t0
    achieved = len(total) / span if span else 0
    # Flatness: compare the second quarter with the last quarter (the first minutes are JIT warm-up and heap growth).
    q = span / 4

    def window(a, b_):
        rs = [r for r in total if a <= r["t"] - t0 < b_]
        rss = [int(x[1]) / 1024 for x in samples if a <= float(x[0]) - t0 < b_]
        oldw = [o[1] for o in old if jvm_start and a <= jvm_start + o[0] - t0 < b_]
        return rs, rss, oldw

    def load_avg(a, b_):
        v = [float(x[4]) for x in samples if a <= float(x[0]) - t0 < b_]
        return f"{sum(v) / len(v):.1f}" if v else "–"

    r2, rss2, old2 = window(q, 2 * q)
    r4, rss4, old4 = window(3 * q, 4 * q + 1)
    p99_2, p99_4 = pct([r["ms"] for r in r2], 99), pct([r["ms"] for r in r4], 99)
    rss2m = sum(rss2) / len(rss2) if rss2 else 0
    rss4m = sum(rss4) / len(rss4) if rss4 else 0
    old2m = min(old2) if old2 else 0
    old4m = min(old4) if old4 else 0
    rss_growth = (rss4m - rss2m) / rss2m * 100 if rss2m else 0
    rep.bar("errors (non-2xx/3xx and transport errors)", f"{len(errors)} of {len(total)} ({status_table(errors)})",
            len(errors) <= max(0, len(total) * float(args.get("max_error_ratio", 0.001))))
    rep.bar("RSS flat: mean of the last quarter vs the second quarter", f"{rss2m:.0f} → {rss4m:.0f} MB ({rss_growth:+.1f}%)",
            rss_growth <= float(args.get("max_rss_growth_pct", 10)))
    live = dict(line.split() for line in open(os.path.join(raw, "live-heap.txt"))) if os.path.exists(os.path.join(raw, "live-heap.txt")) else {}
    if "start" in live and "end" in live:
        ls, le = float(live["start"]) / 1024, float(live["end"]) / 1024
        rep.bar("live heap (old generation after a full GC, `jcmd GC.run`) at the end ≤ 125% of the start's + 8 MB",
                f"{ls:.1f} → {le:.1f} MB", le <= ls * 1.25 + 8)
    rep.bar("latency flat: p99 of the last quarter ≤ 2× the second quarter's", f"{p99_2:.1f} → {p99_4:.1f} ms",
            p99_4 <= 2 * max(p99_2, 5.0))
    rep.bar("throughput held: achieved ≥ 95% of the target rate", f"{achieved:.0f} of {rate:.0f} req/s (skipped at the in-flight cap: {skipped})",
            achieved >= 0.95 * rate)
    rep.add(f"`bench/resilience/run.sh soak`: {span / 60:.1f} minutes of mixed load (get 60%, list 20%, create 20%; creates "
            f"authenticated, reads anonymous) at a fixed rate of **{rate:.0f} req/s** (open loop: a slow server does not slow "
            f"the generator), half the maximum **{maxrate} req/s** measured first with {args.get('max_workers', '?')} closed-loop "
            f"workers for {args.get('max_seconds', '?')} s. One server (prod profile, `-Xmx{args.get('xmx', '?')}`, pool 10, "
            f"rate limits off: all load comes from one client), the machine's PostgreSQL.", "")
    if maxrows:
        mt0 = maxrows[0]["t"]
        warm = float(args.get("max_warmup", 10))
        meas = [r for r in maxrows if r["t"] - mt0 >= warm]
        rep.add(f"Maximum: {len(meas)} requests in the last {float(args.get('max_seconds', 0)) - warm:.0f} s, "
                f"outcomes {status_table(meas)}, p50 {pct([r['ms'] for r in meas], 50):.1f} ms, p99 {pct([r['ms'] for r in meas], 99):.1f} ms. "
                "The generator (Python asyncio, one core) shares the 2 CPUs with the server and PostgreSQL, so this is the "
                "maximum of the whole machine, not of the server alone.", "")
    rep.add("## Over time", "", f"![throughput]({os.path.basename(rep.svg('throughput'))})", "",
            f"![latency]({os.path.basename(rep.svg('latency'))})", "", f"![memory]({os.path.basename(rep.svg('memory'))})", "")
    rows_t = []
    for label, (a, b_) in [("first quarter", (0, q)), ("second quarter", (q, 2 * q)), ("third quarter", (2 * q, 3 * q)),
                           ("last quarter", (3 * q, 4 * q + 1))]:
        rs, rss, oldw = window(a, b_)
        ms = [r["ms"] for r in rs]
        rows_t.append((label, f"{len(rs) / q:.0f}" if q else 0, f"{pct(ms, 50):.1f}", f"{pct(ms, 90):.1f}", f"{pct(ms, 99):.1f}",
                       f"{max(ms) if ms else 0:.0f}", sum(1 for r in rs if not ok(r)),
                       f"{sum(rss) / len(rss):.0f}" if rss else "–", f"{min(oldw):.0f}" if oldw else "–", load_avg(a, b_)))
    rep.add(table(["window", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "RSS MB (mean)", "old gen MB (min)",
                   "load avg (mean)"], rows_t), "")
    la = [float(x[4]) for x in samples if float(x[0]) >= t0]
    if la:
        rep.add(f"Load average (1 min) during the soak: min {min(la):.2f}, mean {sum(la) / len(la):.2f}, max {max(la):.2f} "
                f"on {os.cpu_count()} CPUs — the machine is shared; other sessions' work shows up as latency spikes, "
                "not as a trend. Flatness is what counts.", "")
    by_op = defaultdict(list)
    for r in total:
        by_op[r["op"]].append(r)
    rep.add(table(["operation", "requests", "p50 ms", "p99 ms", "outcomes"],
                  [(op, len(rs), f"{pct([r['ms'] for r in rs], 50):.1f}", f"{pct([r['ms'] for r in rs], 99):.1f}", status_table(rs))
                   for op, rs in sorted(by_op.items())]), "")
    rep.add("Leak check: RSS alone can grow while the JVM sizes its heap up to `-Xmx`; the old generation's low points "
            "(jstat `OU` after collections) are the better leak signal: a leak makes them climb steadily.")
    return rep.write()


# ---------------------------------------------------------------- db-down
def dbdown(raw, out, args):
    rep = Report("db-down", raw, out, "Database down for 10 s during a mixed read/write load")
    rows = read_requests(os.path.join(raw, "load.csv"))
    ev = read_csv(os.path.join(raw, "pgproxy-events.csv"), 2)
    cut = next((float(e[0]) for e in ev if e[1] == "cut"), None)
    restored = next((float(e[0]) for e in ev if e[1] == "restored"), None)
    if not rows or cut is None or restored is None:
        rep.bar("load and outage recorded", f"{len(rows)} requests, cut={cut}, restored={restored}", False)
        return rep.write()
    t0 = rows[0]["t"]
    total = [r for r in rows if r["op"] != "skip"]
    # Acknowledged writes vs the database
    acked = {r["id"] for r in total if r["op"] == "create" and r["status"] == 201}
    in_db = set(open(os.path.join(raw, "db-ids.txt")).read().split()) if os.path.exists(os.path.join(raw, "db-ids.txt")) else set()
    lost = acked - in_db
    unacked_stored = in_db - acked
    # 5xx during the outage: all 503 + Retry-After + problem+json?
    fails = [r for r in total if not ok(r)]
    bad5xx = [r for r in fails if r["status"] >= 500 and not (r["status"] == 503 and "ra=" in r["err"] and r["err"] != ""
                                                              and "ra=|" not in r["err"] and "ct=application/problem+json" in r["err"])]
    transport = [r for r in fails if r["status"] == 0]
    # Recovery: from the restore to the first request after which every request succeeded
    last_fail = max((r["t"] + r["ms"] / 1000 for r in fails), default=None)
    first_fail = min((r["t"] + r["ms"] / 1000 for r in fails if r["t"] + r["ms"] / 1000 >= cut), default=None)
    before_cut = [r for r in total if r["t"] + r["ms"] / 1000 < cut]
    before_fail = [r for r in before_cut if not ok(r)]
    after = [r for r in total if r["t"] >= restored]
    recovery = max(0.0, (last_fail - restored)) if last_fail else 0.0
    # first fully-answered request after restore
    first_ok_after = min((r["t"] + r["ms"] / 1000 for r in after if ok(r)), default=None)
    first_503 = min((r["t"] + r["ms"] / 1000 for r in fails if r["status"] == 503), default=None)
    bar_recovery = float(args.get("recovery_bar", 10))
    rep.bar("0 acknowledged writes lost (ids of every 201 vs the database)", f"{len(lost)} lost of {len(acked)} acknowledged", not lost)
    rep.bar("every failure is a 503 problem+json with Retry-After (no 500, no timeout)",
            f"{len(fails)} failures: {status_table(fails)}; not 503+Retry-After+problem: {len(bad5xx)}, transport: {len(transport)}",
            not bad5xx and not transport)
    rep.bar(f"recovers by itself within {bar_recovery:.0f} s of the database coming back",
            f"last failure {recovery:.1f} s after the restore", recovery <= bar_recovery)
    cut_s, rest_s = cut - t0, restored - t0
    marks = [(cut_s, "cut"), (rest_s, "restored")]
    status_plot(total, t0, rep.dat("status"), rep.svg("status"), "Responses per second by outcome", marks)
    latency_plot(total, t0, rep.dat("latency"), rep.svg("latency"), "Latency per second", marks)
    rep.add(f"`bench/resilience/run.sh db-down`: one server (prod profile) reaches PostgreSQL through a TCP proxy of the bench "
            f"(`tcpproxy.py`, mode `{args.get('mode', 'refuse')}`: open connections are reset, new ones "
            f"{'refused' if args.get('mode', 'refuse') == 'refuse' else 'accepted and never answered'}). Open-loop load of "
            f"{args.get('rate')} req/s (get/list/create {args.get('mix')}), creates authenticated; the proxy is cut "
            f"{cut_s:.1f} s into the load for {restored - cut:.1f} s.", "")
    rep.add(f"Before the cut: {len(before_cut)} requests, {len(before_fail)} failed ({status_table(before_fail)}), "
            f"p99 {pct([r['ms'] for r in before_cut], 99):.0f} ms — the baseline; failures here mean the machine or the rate is "
            "too much for the server, not the outage.", "")
    rep.add("## Timeline", "", table(["moment", "s since load start"], [
        ("database cut", f"{cut_s:.1f}"),
        ("first failure answered after the cut", f"{(first_fail - t0) if first_fail else 0:.1f}"),
        ("first 503 answered", f"{(first_503 - t0) if first_503 else 0:.1f}"),
        ("database back", f"{rest_s:.1f}"),
        ("first success after the restore", f"{(first_ok_after - t0) if first_ok_after else 0:.1f}"),
        ("last failure answered", f"{(last_fail - t0) if last_fail else 0:.1f}"),
        ("**seconds to recover** (restore → last failure)", f"**{recovery:.1f}**"),
    ]), "")
    rep.add(f"![status]({os.path.basename(rep.svg('status'))})", "", f"![latency]({os.path.basename(rep.svg('latency'))})", "")
    b = buckets(total, t0, 1.0)
    rows_t = []
    for s in sorted(b):
        c = Counter(outcome(r) for r in b[s])
        rows_t.append((s, len(b[s]), ", ".join(f"{k}: {v}" for k, v in sorted(c.items())),
                       f"{pct([r['ms'] for r in b[s]], 99):.0f}"))
    rep.add("## Writes", "", table(["", "count"], [
        ("creates acknowledged (201)", len(acked)),
        ("… of those in the database", len(acked & in_db)),
        ("**acknowledged but missing**", f"**{len(lost)}**"),
        ("in the database without a 201 (the client saw an error; committed anyway)", len(unacked_stored)),
    ]), "")
    if lost:
        rep.add("Missing ids: " + ", ".join(sorted(lost)[:20]), "")
    ra = Counter(r["err"] for r in fails if r["status"] == 503)
    rep.add("## Failure answers", "", table(["status", "Retry-After / content type", "count"],
                                            [(503, k, v) for k, v in ra.most_common()] +
                                            [(r, "", c) for r, c in Counter(outcome(x) for x in fails if x["status"] != 503).items()]), "")
    rep.add("## Status counts per second", "", table(["s", "requests", "outcomes", "p99 ms"], rows_t), "")
    return rep.write()


# ---------------------------------------------------------------- kill
def kill(raw, out, args):
    rep = Report("kill", raw, out, "kill -9 during load, then restart")
    rows = read_requests(os.path.join(raw, "load.csv"))
    total = [r for r in rows if r["op"] != "skip"]
    if not total:
        rep.bar("load recorded", 0, False)
        return rep.write()
    t0 = total[0]["t"]
    killed = float(args["killed_at"])
    restarted = float(args["restarted_at"])
    acked = {r["id"] for r in total if r["op"] == "create" and r["status"] == 201}
    in_db = set(open(os.path.join(raw, "db-ids.txt")).read().split()) if os.path.exists(os.path.join(raw, "db-ids.txt")) else set()
    hooks = read_csv(os.path.join(raw, "hooks.csv"), 5)
    ws = [r for r in read_csv(os.path.join(raw, "ws.csv"), 5) if r[2] == "item.created"]
    ws_meta = [r for r in read_csv(os.path.join(raw, "ws.csv"), 5) if r[1] in ("connected", "disconnected", "error")]
    hook_items = defaultdict(set)
    hook_count = Counter()
    for r in hooks:
        hook_items[r[4]].add(r[2])
        hook_count[r[4]] += 1
    ws_items = defaultdict(set)
    ws_count = Counter()
    for r in ws:
        ws_items[r[3]].add(r[1])
        ws_count[r[3]] += 1
    lost_db = acked - in_db
    lost_hooks = acked - set(hook_items)
    lost_ws = acked - set(ws_items)
    hook_dups = sum(c - 1 for c in hook_count.values() if c > 1)
    ws_dups = sum(c - 1 for c in ws_count.values() if c > 1)
    hook_diff_ids = [i for i, s in hook_items.items() if len(s) > 1]
    ws_diff_ids = [i for i, s in ws_items.items() if len(s) > 1]
    hook_id_mismatch = sum(1 for r in hooks if r[1] and r[2] and r[1] != r[2])
    rep.bar("0 acknowledged writes lost (201 ids vs the database)", f"{len(lost_db)} of {len(acked)}", not lost_db)
    rep.bar("0 webhook deliveries lost (every acknowledged create delivered at least once)", f"{len(lost_hooks)} of {len(acked)} missing", not lost_hooks)
    rep.bar("0 live events lost (every acknowledged create reached the socket on the surviving instance)", f"{len(lost_ws)} of {len(acked)} missing", not lost_ws)
    rep.bar("duplicates carry the same event id (webhooks / live)",
            f"webhooks: {hook_dups} duplicates, {len(hook_diff_ids)} items with 2+ event ids; live: {ws_dups} duplicates, {len(ws_diff_ids)} items with 2+ event ids",
            not hook_diff_ids and not ws_diff_ids)
    marks = [(killed - t0, "kill -9"), (restarted - t0, "ready again")]
    status_plot(total, t0, rep.dat("status"), rep.svg("status"), "Responses per second by outcome (instance A)", marks)
    hook_t = sorted(float(r[0]) for r in hooks)
    ws_t = sorted(float(r[0]) for r in ws)
    with open(rep.dat("deliveries"), "w") as f:
        f.write("# t acked hooks live (cumulative)\n")
        acked_t = sorted(r["t"] + r["ms"] / 1000 for r in total if r["op"] == "create" and r["status"] == 201)
        end = max([t0] + acked_t + hook_t + ws_t)
        i = j = k = 0
        s = 0.0
        while t0 + s <= end + 1:
            while i < len(acked_t) and acked_t[i] <= t0 + s:
                i += 1
            while j < len(hook_t) and hook_t[j] <= t0 + s:
                j += 1
            while k < len(ws_t) and ws_t[k] <= t0 + s:
                k += 1
            f.write(f"{s:.0f} {i} {j} {k}\n")
            s += 1
    arrows = "".join(f"set arrow from {m},graph 0 to {m},graph 1 nohead dt 2 lc rgb '#888888'\nset label '{l}' at {m},graph 0.95 offset 0.5,0\n" for m, l in marks)
    gnuplot(f"set title 'Acknowledged creates vs webhook deliveries and live events (cumulative)'\nset xlabel 's'\nset ylabel 'count'\n{arrows}"
            f"plot '{rep.dat('deliveries')}' using 1:2 with steps lw 2 title '201 acknowledged', '' using 1:3 with steps lw 2 title 'webhooks received', "
            f"'' using 1:4 with steps lw 2 title 'live events received'\n", rep.svg("deliveries"))
    fails = [r for r in total if not ok(r)]
    rep.add(f"`bench/resilience/run.sh kill`: instances A and B (prod profile) on one database; A takes an open-loop load of "
            f"{args.get('rate')} req/s ({args.get('mix')}; creates by a partner whose webhook endpoint, a local receiver, subscribes "
            f"to `item.created`); a WebSocket client on B subscribes to `items`. A is killed with `kill -9` "
            f"{killed - t0:.1f} s into the load and started again at once (ready {restarted - killed:.1f} s later, same port); "
            f"the load keeps going. Then the bench waits up to {args.get('drain')} s for deliveries.", "")
    rep.add(f"![status]({os.path.basename(rep.svg('status'))})", "", f"![deliveries]({os.path.basename(rep.svg('deliveries'))})", "")
    rep.add(table(["", "count"], [
        ("creates acknowledged (201)", len(acked)),
        ("… in the database", len(acked & in_db)),
        ("items in the database without a 201 (in flight at the kill)", len(in_db - acked)),
        ("webhook deliveries received (incl. duplicates)", len(hooks)),
        ("… distinct items / acknowledged ones missing", f"{len(hook_items)} / {len(lost_hooks)}"),
        ("… duplicates (same event id) / `webhook-id` ≠ envelope id", f"{hook_dups} / {hook_id_mismatch}"),
        ("live events received on B (incl. duplicates)", len(ws)),
        ("… distinct items / acknowledged ones missing", f"{len(ws_items)} / {len(lost_ws)}"),
        ("… duplicates (same event id)", ws_dups),
        ("requests failed at A (connection refused while down, reset at the kill)", f"{len(fails)}: {status_table(fails)}"),
        ("last webhook / live event received, s after load start", f"{(hook_t[-1] - t0) if hook_t else 0:.1f} / {(ws_t[-1] - t0) if ws_t else 0:.1f}"),
    ]), "")
    if lost_hooks:
        rep.add("Acknowledged items without a webhook (first 10): " + ", ".join(sorted(lost_hooks)[:10]), "")
    if lost_ws:
        late = [r for r in total if r["id"] in lost_ws]
        rep.add(f"Acknowledged items without a live event (first 10): {', '.join(sorted(lost_ws)[:10])}; "
                "created " + ", ".join("%.1f" % (r["t"] - t0) for r in late[:10]) + " s after load start.", "")
    rep.add("WebSocket connection log (B): " + "; ".join(f"{float(r[0]) - t0:.1f} s {r[1]} {r[2]}" for r in ws_meta[:10]), "")
    return rep.write()


if __name__ == "__main__":
    scenario, raw, outdir = sys.argv[1:4]
    fn = {"soak": soak, "db-down": dbdown, "kill": kill}.get(scenario)
    if fn is None:
        import analyze_more  # noqa: F401 - redis-down and nginx live there
        fn = analyze_more.FUNCS[scenario]
    sys.exit(fn(raw, outdir, kv(sys.argv[4:])))
