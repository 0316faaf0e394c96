#!/usr/bin/env python3
"""Turns bench/results/<date>/raw/ into report.md and SVG plots (gnuplot). Stdlib only.

    report.py bench/results/<date>
"""

import json
import os
import re
import shutil
import subprocess
import sys

OUT = sys.argv[1]
RAW = os.path.join(OUT, "raw")
AUTH = "unauthenticated: the API had no authentication"
try:
    with open(os.path.join(sys.argv[1], "raw", "env.txt")) as _fh:
        if "create_auth=bearer" in _fh.read():
            AUTH = "authenticated: Bearer JWT of a signed-up seller, `items:write`; the FastAPI peer's POST is unauthenticated"
except OSError:
    pass
SCENARIOS = [("get", "GET one item by id (random ids)"),
             ("list", "List a page of 20 with a filter (`?limit=20&status=active`, newest first)"),
             ("create", f"Create item (`POST`, JSON body; {AUTH})")]


def load():
    env = {}
    with open(os.path.join(RAW, "env.txt")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            env[k] = v
    rows = []
    with open(os.path.join(RAW, "results.jsonl")) as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return env, rows


env, rows = load()
wrk = [r for r in rows if r.get("kind") == "wrk"]
pgb = [r for r in rows if r.get("kind") == "pgbench"]
slow = [r for r in rows if r.get("kind") == "slow"]
conn_list = sorted({r["conns"] for r in wrk if r["scenario"] in ("get", "list", "create")})
targets = []
for r in wrk:
    if r["scenario"] in ("get", "list", "create") and r["target"] not in targets:
        targets.append(r["target"])
peers = [t for t in targets if t.startswith("fastapi")]


def point(target, scenario, conns):
    for r in wrk:
        if r["target"] == target and r["scenario"] == scenario and r["conns"] == conns:
            return r
    return None


def ms(us):
    return None if us is None else us / 1000.0


def f(v, digits=1):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}"


def best_peer(scenario, conns):
    best = None
    for t in peers:
        p = point(t, scenario, conns)
        if p and (best is None or p["rps"] > best["rps"]):
            best = p
    return best


def pgbench(name, conns):
    for r in pgb:
        if r["scenario"] == name and r["conns"] == conns:
            return r
    return None


def label(target):
    if target == "java":
        return "Java (Spring Boot, virtual threads)"
    m = re.match(r"fastapi-w(\d+)", target)
    if m:
        return f"FastAPI peer, {m.group(1)} uvicorn workers"
    return target


# ------------------------------------------------------------------ targets
REF = 64 if 64 in conn_list else (conn_list[len(conn_list) // 2] if conn_list else 64)
checks = []  # (target text, measured text, met: True/False/None)


def check(text, measured, ok):
    checks.append((text, measured, ok))


jg, jl, jc = point("java", "get", REF), point("java", "list", REF), point("java", "create", REF)
pg, pl, pc = best_peer("get", REF), best_peer("list", REF), best_peer("create", REF)
sel, ins = pgbench("select-only", REF), pgbench("insert-item", REF)

if jg and pg:
    ratio = jg["rps"] / pg["rps"] if pg["rps"] else None
    check(f"GET by id ≥ 2.5× the FastAPI peer (best worker count) at {REF} connections",
          f"{f(jg['rps'], 0)} vs {f(pg['rps'], 0)} req/s ({label(pg['target'])}) = **{f(ratio, 2)}×**",
          ratio is not None and ratio >= 2.5)
if jg:
    check(f"GET by id p99 < 20 ms at {REF} connections", f"p99 **{f(ms(jg['p99_us']), 1)} ms**", ms(jg["p99_us"]) < 20)
if jg and sel and sel["tps"]:
    ratio = jg["rps"] / sel["tps"]
    check(f"GET by id ≥ 1/3 of `pgbench -S -M prepared` at {REF} clients",
          f"{f(jg['rps'], 0)} req/s vs {f(sel['tps'], 0)} tps = **{f(ratio * 100, 0)}%** (need ≥ 33%)", ratio >= 1 / 3)
if jc and pc:
    ratio = jc["rps"] / pc["rps"] if pc["rps"] else None
    check(f"Create ≥ 2× the peer's POST at {REF} connections",
          f"{f(jc['rps'], 0)} vs {f(pc['rps'], 0)} req/s ({label(pc['target'])}) = **{f(ratio, 2)}×**",
          ratio is not None and ratio >= 2)
if jc and ins and ins["tps"]:
    ratio = jc["rps"] / ins["tps"]
    check(f"Create ≥ 50% of the single-row INSERT ceiling (pgbench) at {REF} clients",
          f"{f(jc['rps'], 0)} req/s vs {f(ins['tps'], 0)} tps = **{f(ratio * 100, 0)}%**", ratio >= 0.5)
if jl and pl:
    ratio = jl["rps"] / pl["rps"] if pl["rps"] else None
    check(f"List ≥ 3× the peer's list at {REF} connections",
          f"{f(jl['rps'], 0)} vs {f(pl['rps'], 0)} req/s ({label(pl['target'])}) = **{f(ratio, 2)}×**",
          ratio is not None and ratio >= 3)

scaling = sorted({int(m.group(2)) for r in wrk for m in [re.match(r"list-(first|deep)-(\d+)$", r["scenario"])] if m})
if len(scaling) >= 2:
    small, big = scaling[0], scaling[-1]
    for kind, what in (("deep", "a page at a random position (keyset cursor)"), ("first", "the first page")):
        a, b = point("java", f"list-{kind}-{small}", 64), point("java", f"list-{kind}-{big}", 64)
        if a and b:
            ratio = b["p50_us"] / a["p50_us"] if a["p50_us"] else None
            check(f"List p50 at {big:,} rows within 1.5× of p50 at {small:,} rows — {what}",
                  f"{f(ms(a['p50_us']), 2)} ms → {f(ms(b['p50_us']), 2)} ms = **{f(ratio, 2)}×**",
                  ratio is not None and ratio <= 1.5)
elif scaling:
    check("List p50 at 1,000,000 rows within 1.5× of p50 at 10,000", "big table skipped (BENCH_LIST_BIG_ROWS=0)", None)

sv = next((s for s in slow if s.get("name") == "slow-virtual"), None)
sp = next((s for s in slow if s.get("name") == "slow-platform"), None)
if sv and not sv.get("failed"):
    delay = sv["delay_ms"] / 1000
    check(f"{sv['requests']:,} concurrent slow requests ({sv['delay_ms']} ms each) complete in ~one delay with virtual threads (≤ 2× delay)",
          f"**{f(sv['completion_s'], 2)} s** = {f(sv['completion_s'] / delay, 1)}× the delay"
          + (f" (platform threads: {f(sp['completion_s'], 2)} s)" if sp and not sp.get('failed') else ""),
          sv["completion_s"] <= 2 * delay and sv["ok"] == sv["requests"])
    check(f"Server RSS < 1 GB with {sv['requests']:,} in flight (virtual threads, -Xmx{sv['xmx']})",
          f"peak **{f(sv['rss_peak_mb'], 0)} MB**", sv["rss_peak_mb"] < 1024)
java_points = [r for r in wrk if r["target"] == "java"]
if java_points:
    peak = max(r["rss_mb"] for r in java_points)
    check(f"Server RSS < 400 MB in the other scenarios (-Xmx{env.get('options', '').split('xmx=')[-1].split()[0] if 'xmx=' in env.get('options', '') else '?'})",
          f"peak **{f(peak, 0)} MB**", peak < 400)
    errs = sum(r["errors"] + r.get("non2xx", 0) for r in java_points)
    slow_errs = sum(s.get("errors", 0) for s in slow if s.get("name") in ("slow-virtual", "slow-platform"))
    check("Zero errors (Java: every wrk point, and the slow scenario at its -Xmx)",
          f"**{errs:,}** wrk errors/non-2xx in {sum(r['requests'] for r in java_points):,} requests; "
          f"{slow_errs:,} failed slow requests", errs == 0 and slow_errs == 0)


# ------------------------------------------------------------------ plots (gnuplot SVG)
def plots():
    if not shutil.which("gnuplot") or not conn_list:
        return []
    made = []
    pdir = os.path.join(RAW, "plots")
    os.makedirs(pdir, exist_ok=True)
    colors = ["#c0392b", "#2471a3", "#239b56", "#7d3c98", "#b9770e"]
    for sc, _ in SCENARIOS:
        present = [t for t in targets if any(point(t, sc, c) for c in conn_list)]
        if not present:
            continue
        for t in present:
            with open(os.path.join(pdir, f"{sc}-{t}.dat"), "w") as fh:
                fh.write("# conns rps p50_ms p90_ms p99_ms\n")
                for c in conn_list:
                    p = point(t, sc, c)
                    if p:
                        fh.write(f"{c} {p['rps']:.1f} {ms(p['p50_us']):.3f} {ms(p['p90_us']):.3f} {ms(p['p99_us']):.3f}\n")
        common = ["set terminal svg size 760,440 dynamic font 'sans,12' background '#ffffff'",
                  "set logscale x 2", f"set xtics ({', '.join(str(c) for c in conn_list)})",
                  "set xlabel 'connections'", "set grid", "set key outside right top",
                  f"set xrange [{conn_list[0] / 1.4}:{conn_list[-1] * 1.4}]"]
        tp = os.path.join(OUT, f"{sc}-throughput.svg")
        script = common + [f"set output '{tp}'", f"set title '{sc}: throughput vs connections'",
                           "set ylabel 'requests/s'", "set yrange [0:*]",
                           "plot " + ", ".join(
                               f"'{pdir}/{sc}-{t}.dat' using 1:2 with linespoints lw 2 pt 7 lc rgb '{colors[i % 5]}' title '{label(t)}'"
                               for i, t in enumerate(present))]
        lp = os.path.join(OUT, f"{sc}-latency.svg")
        script += [f"set output '{lp}'", f"set title '{sc}: latency vs connections (solid p50, dashed p99)'",
                   "set ylabel 'ms (log scale)'", "set logscale y", "set yrange [*:*]",
                   "plot " + ", ".join(
                       f"'{pdir}/{sc}-{t}.dat' using 1:3 with linespoints lw 2 pt 7 lc rgb '{colors[i % 5]}' title '{label(t)} p50', "
                       f"'{pdir}/{sc}-{t}.dat' using 1:5 with linespoints lw 2 dt 2 pt 6 lc rgb '{colors[i % 5]}' title '{label(t)} p99'"
                       for i, t in enumerate(present))]
        gp = os.path.join(pdir, f"{sc}.gp")
        with open(gp, "w") as fh:
            fh.write("\n".join(script) + "\n")
        res = subprocess.run(["gnuplot", gp], capture_output=True, text=True)
        if res.returncode == 0:
            made += [(sc, os.path.basename(tp)), (sc, os.path.basename(lp))]
        else:
            sys.stderr.write(res.stderr)
    return made


made = plots()

# ------------------------------------------------------------------ report
L = []
w = L.append
quick = "quick=1" in env.get("options", "")
w(f"# Benchmark report — {env.get('date_utc', '?')}{' (QUICK smoke run: short points, small data; not a measurement)' if quick else ''}")
w("")
w("Produced by `bench/run.sh` (see `bench/README.md`). Everything ran on **one machine**: the load generator "
  "(wrk, closed loop: each connection sends its next request when the previous answer arrives), the server under test, "
  "PostgreSQL and the peers share its CPUs, all traffic on 127.0.0.1. Numbers are comparable with each other within this "
  "report, not with other machines.")
w("")
w("| | |")
w("|---|---|")
for k, name in (("git_commit", "commit"), ("git_dirty", "uncommitted files in the work tree"), ("cpu", "CPU"), ("cpus", "CPUs"),
                ("mem_total_mb", "memory (MB)"), ("java", "JDK"), ("postgres", "PostgreSQL"), ("db_mode", "database"),
                ("fastapi", "FastAPI peer"), ("nginx", "nginx"), ("wrk", "wrk"), ("server_source", "server built from"), ("jar", "server jar built"),
                ("load_start", "load average at start (1/5/15 min)"), ("load_end", "load average at end"), ("options", "options")):
    if k in env:
        v = env[k]
        if k == "db_mode":
            v = {"machine": "the machine's PostgreSQL (127.0.0.1)", "embedded": "the server's embedded PostgreSQL (zonky; fsync off)"}.get(v, v)
        w(f"| {name} | {v} |")
seeds = [(k, v) for k, v in env.items() if k.startswith("seed_")]
if seeds:
    w("| seeding time | " + ", ".join(f"{int(k.split('_')[1]):,} rows: {v} s" for k, v in seeds) + " |")
w("")

w("## Targets")
w("")
if checks:
    w("| target | measured | result |")
    w("|---|---|---|")
    for text, measured, ok in checks:
        w(f"| {text} | {measured} | {'**met**' if ok else ('not measured' if ok is None else '**MISSED**')} |")
else:
    w("No target could be evaluated (missing points).")
w("")
w(f"Ratios and the p99 target are taken at {REF} connections; the peer's \"best worker count\" is whichever of its "
  "configurations served more requests/s at that point. Error counts are wrk's socket errors (connect, read, write, "
  "timeout > 5 s) plus HTTP status ≥ 400.")
w("")

w("## Scenarios")
for sc, title in SCENARIOS:
    pts = [r for r in wrk if r["scenario"] == sc]
    if not pts:
        continue
    w("")
    w(f"### {title}")
    w("")
    w("| server | conns | req/s | p50 ms | p90 ms | p99 ms | errors | server RSS MB (peak) | server CPU % (of one core) | DB conns (peak total / active) |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for t in targets:
        for c in conn_list:
            p = point(t, sc, c)
            if p:
                w(f"| {label(t)} | {c} | {f(p['rps'], 0)} | {f(ms(p['p50_us']), 2)} | {f(ms(p['p90_us']), 2)} | {f(ms(p['p99_us']), 2)} "
                  f"| {p['errors'] + p.get('non2xx', 0) if p['errors'] or p.get('non2xx') else 0} | {f(p['rss_mb'], 0)} | {f(p['cpu_pct'], 0)} "
                  f"| {p['db_conns']} / {p['db_active']} |")
    if peers:
        w("")
        w("Java ÷ best peer: " + ", ".join(
            f"{c} conns **{f(point('java', sc, c)['rps'] / best_peer(sc, c)['rps'], 2)}×** req/s"
            for c in conn_list if point("java", sc, c) and best_peer(sc, c) and best_peer(sc, c)["rps"]))
    plots_here = [p for s, p in made if s == sc]
    if plots_here:
        w("")
        w(" ".join(f"![{p}]({p})" for p in plots_here))

if scaling:
    w("")
    w("### List latency vs table size (Java, 64 connections)")
    w("")
    w("`first` = first page (`?limit=20&status=active`); `deep` = a page that starts at a random row of the whole table "
      "(cursor built from that row's `created_at` and `id`), which is what keyset pagination must keep flat. The table is "
      "re-seeded to each size with the same seed.")
    w("")
    w("| rows | page | req/s | p50 ms | p90 ms | p99 ms | errors | DB conns (peak) |")
    w("|---:|---|---:|---:|---:|---:|---:|---:|")
    for n in scaling:
        for kind in ("first", "deep"):
            p = point("java", f"list-{kind}-{n}", 64)
            if p:
                w(f"| {n:,} | {kind} | {f(p['rps'], 0)} | {f(ms(p['p50_us']), 2)} | {f(ms(p['p90_us']), 2)} | {f(ms(p['p99_us']), 2)} "
                  f"| {p['errors'] + p.get('non2xx', 0)} | {p['db_conns']} |")
    for n in scaling:
        ex = os.path.join(RAW, f"explain-list-deep-{n}.txt")
        if os.path.exists(ex):
            with open(ex) as fh:
                plan = [ln.rstrip() for ln in fh if re.search(r"Scan|Removed|Execution Time|Index Cond", ln)]
            if plan:
                w("")
                w(f"Plan of the server's deep-page query shape at {n:,} rows (`EXPLAIN ANALYZE`, raw/explain-list-deep-{n}.txt):")
                w("")
                w("```")
                L.extend(plan[:6])
                w("```")

if pgb or any(r["target"] == "nginx" for r in wrk):
    w("")
    w("### Ceilings")
    w("")
    w("| what | clients | throughput | latency |")
    w("|---|---:|---:|---|")
    names = {"select-only": "`pgbench -S -M prepared` (built-in select-only, scale 10 scratch DB)",
             "select-item": "pgbench, `SELECT` one item by primary key (`-M prepared`, bench data)",
             "insert-item": "pgbench, single-row items-shaped `INSERT` (`-M prepared`, autocommit)"}
    for r in pgb:
        w(f"| {names.get(r['scenario'], r['scenario'])} | {r['conns']} | {f(r['tps'], 0)} tps | avg {f(r['latency_avg_ms'], 2)} ms |")
    for r in wrk:
        if r["target"] == "nginx":
            w(f"| static file (nginx {env.get('nginx', '').split('/')[-1]}, {r['bytes'] // max(r['requests'], 1)} B/response incl. headers, same body as one GET item) "
              f"| {r['conns']} | {f(r['rps'], 0)} req/s | p50 {f(ms(r['p50_us']), 2)} ms, p99 {f(ms(r['p99_us']), 2)} ms |")

if slow:
    w("")
    w("### Many slow requests in flight: virtual threads on vs off")
    w("")
    w("`GET /bench/slow?ms=D` is a benchmark-only endpoint (`SlowController`, active only in the `bench` profile, "
      "**not part of the public API**). It models a slow downstream call with `Thread.sleep(D)`, not `SELECT pg_sleep`: "
      "thousands of requests each holding a pooled DB connection would only queue on the 10-connection pool. "
      "`bench/slow_client.py` first opens N connections, then sends one request on each at the same moment; "
      "completion = last response − send. Each server is fresh; round 1 is cold (JIT, heap growing), round 2 is the "
      "measurement. Platform threads = Tomcat's default pool (`server.tomcat.threads.max` 200).")
    w("")
    w("| server | -Xmx | requests × delay | completion (round 2) | completion (round 1, cold) | requests ÷ completion | p50 / p99 ms | ok | RSS MB before → peak | threads peak | OutOfMemoryError in log |")
    w("|---|---|---|---:|---:|---:|---|---:|---|---:|---:|")
    for fl in (r for r in rows if r.get("kind") == "slow-floor"):
        w(f"| client floor: same burst against nginx (static file, no delay) | – | {fl['requests']:,} × 0 ms | {f(fl['completion_s'], 2)} s | – "
          f"| {f(fl['requests'] / fl['completion_s'], 0) if fl.get('completion_s') else '–'}/s | {f(fl['p50_ms'], 0)} / {f(fl['p99_ms'], 0)} | {fl['ok']:,} | – | – | – |")
    for s in slow:
        if s.get("failed"):
            w(f"| {s['name']} | {s['xmx']} | – | failed | | | | | | |")
            continue
        w(f"| {'virtual threads' if s['virtual'] else 'platform threads'} | {s['xmx']} | {s['requests']:,} × {s['delay_ms']} ms "
          f"| {f(s['completion_s'], 2)} s | {f(s.get('round1_completion_s'), 2)} s | {f(s['requests'] / s['completion_s'], 0) if s.get('completion_s') else '–'}/s | {f(s['p50_ms'], 0)} / {f(s['p99_ms'], 0)} "
          f"| {s['ok']:,} | {f(s['rss_before_mb'], 0)} → {f(s['rss_peak_mb'], 0)} | {s['threads_peak']} | {s.get('oom_lines', 0)} |")

w("")
w("## Not yet available")
w("")
w("These scenarios of the issue need features the service does not have yet; the suite has a slot for each "
  "(a Lua script + a `measure` line in `run.sh`, see README):")
w("")
if "unauthenticated" in AUTH:
    w("- **Create item (authenticated)**: runs *unauthenticated* above — the API has no authentication yet.")
w("- **Orders** (place / list orders): no orders API yet.")
w("- **CSV export** (streaming a large export): no export endpoint yet.")
w("- **WebSocket** (fan-out / many idle subscribers): no WebSocket endpoint yet.")

# Profiles: always listed for the Java scenarios; where the time goes, by layer.
LAYERS = [("Tomcat (HTTP, sockets)", ("org.apache.tomcat.", "org.apache.coyote.", "org.apache.catalina.")),
          ("Spring MVC / web", ("org.springframework.web.", "org.springframework.http.")),
          ("Spring Security / JWT", ("org.springframework.security.", "com.nimbusds.")),
          ("Jackson (JSON)", ("com.fasterxml.jackson.", "tools.jackson.")),
          ("Spring tx / AOP / data", ("org.springframework.transaction.", "org.springframework.aop.", "org.springframework.data.", "org.springframework.orm.")),
          ("Hibernate", ("org.hibernate.",)),
          ("HikariCP", ("com.zaxxer.hikari.",)),
          ("PostgreSQL JDBC", ("org.postgresql.",)),
          ("validation", ("org.hibernate.validator.", "jakarta.validation.")),
          ("logging", ("ch.qos.logback.", "org.slf4j.")),
          ("app code (dev.marketplace)", ("dev.marketplace.",)),
          ("virtual-thread scheduling", ("java.lang.VirtualThread.park", "java.lang.VirtualThread.unpark", "java.lang.VirtualThread.submit",
                                   "java.lang.VirtualThread.yield", "jdk.internal.vm.Continuation.yield", "java.util.concurrent.ForkJoin"))]


def jfr_layers(path):
    jfr = os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "jfr")
    if not os.path.exists(jfr):
        jfr = shutil.which("jfr")
    if not jfr:
        return None
    res = subprocess.run([jfr, "print", "--events", "jdk.ExecutionSample", "--stack-depth", "256", path],
                         capture_output=True, text=True)
    samples, stack, inside = [], [], False
    for line in res.stdout.splitlines():
        t = line.strip()
        if t.startswith("stackTrace = ["):
            stack, inside = [], True
        elif inside and t == "]":
            samples.append(stack)
            inside = False
        elif inside and t and not t.startswith("..."):
            stack.append(t)
    if not samples:
        return None
    incl = {name: 0 for name, _ in LAYERS}
    attributed = {}
    specific = sorted(((pfx, name) for name, pfxs in LAYERS for pfx in pfxs), key=lambda x: -len(x[0]))
    self_pkg = {}
    for st in samples:
        owner = "JDK / other"
        for fr in st:
            hit = next((name for pfx, name in specific if fr.startswith(pfx)), None)
            if hit:
                owner = hit
                break
        attributed[owner] = attributed.get(owner, 0) + 1
        for name, prefixes in LAYERS:
            if any(fr.startswith(prefixes) for fr in st):
                incl[name] += 1
        top = st[0] if st else "?"
        pkg = ".".join(top.split("(")[0].split(".")[:3])
        self_pkg[pkg] = self_pkg.get(pkg, 0) + 1
    return len(samples), incl, sorted(self_pkg.items(), key=lambda kv: -kv[1])[:8], attributed



jfrs = sorted(n for n in os.listdir(os.path.join(RAW, "jfr")) if n.endswith(".hot-methods.txt")) if os.path.isdir(os.path.join(RAW, "jfr")) else []
if jfrs:
    w("")
    w("## Profiles (JFR, Java server)")
    w("")
    w("Recorded with `jcmd PID JFR.start settings=profile` around each Java scenario (all its connection counts). "
      "*By library* = each execution sample charged to the innermost frame that belongs to a known library (JDK frames are "
      "charged to their caller); *inclusive* = share of samples with a frame of that layer anywhere on the stack (overlapping); "
      "*self* = the package of the sampled top frame. Then the top of `jfr view hot-methods`. Full views "
      "(hot methods, allocation by class, GC) in `raw/jfr/`.")
    for n in jfrs:
        lay = jfr_layers(os.path.join(RAW, "jfr", n.replace(".hot-methods.txt", ".jfr")))
        if lay:
            total, incl, selfp, attributed = lay
            w("")
            w(f"**{n.replace('.hot-methods.txt', '')}** — {total:,} samples. **By library** (innermost non-JDK frame): "
              + ", ".join(f"{k} {v * 100 / total:.0f}%" for k, v in sorted(attributed.items(), key=lambda kv: -kv[1]))
              + ". Inclusive (on the stack): "
              + ", ".join(f"{k} {v * 100 / total:.0f}%" for k, v in sorted(incl.items(), key=lambda kv: -kv[1]) if v)
              + ". Self (top-frame package): " + ", ".join(f"`{k}` {v * 100 / total:.0f}%" for k, v in selfp) + ".")
        with open(os.path.join(RAW, "jfr", n)) as fh:
            lines = [ln.rstrip() for ln in fh if ln.strip()]
        body = [ln for ln in lines if re.search(r"\d+\.\d+%|^Method|^-", ln)][:14]
        body = body[:10]
        if body:
            w("")
            w("```")
            L.extend(body)
            w("```")

w("")
w("## Reproduce")
w("")
w("```")
w("bench/run.sh                 # this report's settings are in the options row above; BENCH_QUICK=1 for a smoke run")
w("```")
w("")
w("Raw output (wrk, pgbench, server logs, GC logs, JFR recordings, samples) is under `raw/` (not committed).")

with open(os.path.join(OUT, "report.md"), "w") as fh:
    fh.write("\n".join(L) + "\n")
print(os.path.join(OUT, "report.md"))
