#!/usr/bin/python3
"""tests/bench/compare.py - natter measured side by side with Profanity,
mcabber and the floor client (libstrophe alone) on one private Prosody
(`make bench`).

    tests/bench/compare.py [--clients natter,floor] [--metrics burst,rss] [--runs N]

Clients: natter, profanity, mcabber, floor (tests/bench/clients.py). Metrics
(each the median of BENCH_RUNS runs, default 3):
  idle     context switches per second and CPU seconds over
           BENCH_IDLE_SECONDS (default 60) connected and idle (all clients
           at once: they do not disturb each other while idle)
  rss      VmRSS after login with a two-contact roster (same session as
           idle), and its private part (RssAnon: without the shared pages of
           program and library files)
  burst    BENCH_BURST (default 20000) one-to-one messages from a raw sender
           as fast as the server takes them: client CPU seconds
           (utime+stime), wall seconds from the first send until the last
           message is on screen (floor: until it counted them all), VmRSS after
  latency  BENCH_LATENCY_N (default 200) messages at BENCH_LATENCY_RATE
           (default 20/s): send until on screen, p50 and p99; the screen is
           read with capture-pane in a loop (its cost sets the resolution,
           printed)
  roster   BENCH_ROSTER (default 5000) contacts: launch until the roster
           shows contacts (floor: until the roster result), VmRSS; then the
           next launch in the same HOME (what the client cached is used)
  room     BENCH_ROOM (default 300) occupants and BENCH_ROOM_HISTORY (default
           2000) messages of history, stored before the crowd joins: join
           command until the last history message is on screen (floor: join
           presence until FLOOR_ROOM_HISTORY history messages arrived), kB
           the client received meanwhile (each fetches only the newest part
           of the history: natter 50 from the room's archive), VmRSS
  search   natter's history search over BENCH_SEARCH_N (default 1,000,000)
           stored messages (tests/bench/store_bench.c), ms per query
  soak     natter's VmRSS at start and end of tests/bench/soak.py over
           BENCH_SOAK (default 200,000) messages (one run)
BENCH_QUICK=1 makes every count small (a run of a few minutes).

Output: a table (rows metrics, columns clients, natter/other ratios), one
line per metric and client (`bench metric=burst_cpu_s client=natter
value=0.31 ratio_mcabber=0.05`), both also in build/bench/results.txt and
build/bench/results.json. A client that cannot run is "n/a", never a number.
Profanity and mcabber are installed with apt-get when run as root and
missing. 127.0.0.1 only; every load is bounded; everything started is stopped.
"""

import argparse
import importlib.machinery
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))

import clients as clients_mod  # noqa: E402
import load  # noqa: E402
import muc_bench  # noqa: E402
import prosody as prosody_mod  # noqa: E402
import tui as tui_mod  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")


def env_num(name, full, quick, kind=int):
    """A count from the environment, with full and quick defaults."""
    return kind(os.environ.get(name, quick if QUICK else full))


RUNS = env_num("BENCH_RUNS", 3, 1)
IDLE_SECONDS = min(env_num("BENCH_IDLE_SECONDS", 60, 10, float), 600)
BURST = env_num("BENCH_BURST", 20000, 2000)
LATENCY_N = min(env_num("BENCH_LATENCY_N", 200, 50), 2000)
LATENCY_RATE = env_num("BENCH_LATENCY_RATE", 20, 20, float)
ROSTER = min(env_num("BENCH_ROSTER", 5000, 500), 20000)
ROOM = min(env_num("BENCH_ROOM", 300, 50), muc_bench.MAX_N)
ROOM_HISTORY = min(env_num("BENCH_ROOM_HISTORY", 2000, 200), 10000)
# what the floor asks for when it joins: as much history as the clients
# fetch (natter the newest 50 from the room's archive; Profanity and mcabber
# a similar amount, see "kB read while joining")
FLOOR_ROOM_HISTORY = 50
SEARCH_N = env_num("BENCH_SEARCH_N", 1000000, 100000)
SOAK = env_num("BENCH_SOAK", 200000, 20000)
STEP_TIMEOUT = env_num("BENCH_TIMEOUT", 300, 120, float)
BURST_POLL = 0.05  # screen polling during a burst (capture-pane costs CPU too)
LATENCY_POLL = 0.002
SETTLE = 2.0
PASSWORD = load.PASSWORD
ALL_CLIENTS = ["natter", "profanity", "mcabber", "floor"]
ALL_METRICS = ["idle", "rss", "burst", "latency", "roster", "room", "search", "soak"]
RESULTS = os.path.join(TOP, "build", "bench")

# metric -> [(figure key, label, unit, scale)] in table order
FIGURES = {
    "idle": [("idle_wakeups_per_s", "idle wake-ups per second", "/s", 1),
             ("idle_cpu_s", "idle CPU over the idle period", "s", 1)],
    "rss": [("rss_login_mb", "RSS after login", "MB", 1),
            ("anon_login_mb", "RSS after login: private (anonymous)", "MB", 1)],
    "burst": [("burst_cpu_s", "burst: client CPU", "s", 1),
              ("burst_wall_s", "burst: wall until the last is shown", "s", 1),
              ("burst_rss_mb", "burst: RSS after", "MB", 1)],
    "latency": [("latency_p50_ms", "latency p50", "ms", 1),
                ("latency_p99_ms", "latency p99", "ms", 1)],
    "roster": [("roster_s", "roster shown after launch", "s", 1),
               ("roster_next_s", "roster shown at the next launch", "s", 1),
               ("roster_rss_mb", "roster: RSS", "MB", 1)],
    "room": [("room_join_s", "room joined, history shown", "s", 1),
             ("room_read_kb", "room: kB read while joining", "kB", 1),
             ("room_rss_mb", "room: RSS", "MB", 1)],
    "search": [("search_ms", "search: median query", "ms", 1),
               ("search_max_ms", "search: slowest query", "ms", 1),
               ("store_burst_cpu_s", "storing the burst alone: CPU", "s", 1)],
    "soak": [("soak_rss_start_mb", "soak: RSS after warm-up", "MB", 1),
             ("soak_rss_end_mb", "soak: RSS at the end", "MB", 1)],
}
NATTER_ONLY = {"search", "soak"}
NO_FLOOR = {"latency"}


# ---- /proc ----

def read_kb(pid):
    """kB pid's TCP sockets have received so far (ss -ti bytes_received,
    summed; counts every client alike, whatever call it reads with)."""
    out = subprocess.run(["ss", "-tinpH"], capture_output=True, text=True,
                         timeout=10).stdout
    total, mine = 0, False
    for line in out.splitlines():
        if "users:(" in line:
            mine = ("pid=%d," % pid) in line
        m = re.search(r"bytes_received:(\d+)", line)
        if m and mine:
            total += int(m.group(1))
    return total / 1e3


def wait_gone(pid, timeout):
    """Until process pid has exited (bounded)."""
    deadline = time.monotonic() + timeout
    while os.path.exists("/proc/%d" % pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def anon_mb(pid):
    """RssAnon of pid in MB: its private memory, without the pages of
    program and library files it shares with every other process."""
    return tui_mod.status_kb(pid, "RssAnon") / 1e3


def rss_mb(pid):
    """VmRSS of pid in MB (1000 kB)."""
    return tui_mod.status_kb(pid, "VmRSS") / 1e3


def switches(pid):
    """Voluntary + involuntary context switches of pid so far."""
    st = tui_mod.proc_status(pid)
    return int(st["voluntary_ctxt_switches"]) + int(st["nonvoluntary_ctxt_switches"])


# ---- the server ----

def bench_server(tmp, names, roster=0, room=False):
    """A private Prosody (limits raised as muc_bench/soak do) with an account
    per client, bob and carol, and each client's roster: bob and carol, or
    `roster` contacts r00000... when roster > 0."""
    # a short path: Prosody's config warnings break on paths over ~60 characters
    pdir = os.path.join(tmp, "p%d" % (time.monotonic_ns() % 100000))
    accounts = {n: PASSWORD for n in names + ["bob", "carol"]}
    if roster:
        contacts = [(n, "r%05d" % i) for n in names for i in range(roster)]
    else:
        contacts = [(n, p) for n in names for p in ("bob", "carol")]
    opts = muc_bench.bench_server_options(pdir)
    if room:  # the room keeps (and replays) all of its history
        opts["extra_config"] = opts["extra_config"].replace(
            "muc_room_default_history_length = 20", "muc_room_default_history_length = %d"
            % (ROOM_HISTORY + 1)).replace("max_history_messages = 1000",
                                          "max_history_messages = %d" % (ROOM_HISTORY + 1))
    server = prosody_mod.Prosody(accounts=accounts, contacts=contacts, workdir=pdir, **opts)
    server.start()
    return server


# ---- one measurement per metric ----

def start_client(name, tmp, server, **floor_args):
    """A fresh driver for name (new HOME), started and online."""
    d = clients_mod.DRIVERS[name](os.path.join(tmp, "run-%d" % time.monotonic_ns()))
    if name == "floor":
        d.start(server, name, PASSWORD, **floor_args)
    else:
        d.start(server, name, PASSWORD)
    d.wait_online(timeout=60)
    return d


def measure_idle(names, tmp, server, idle_seconds):
    """All clients online at once; RSS after login, then wake-ups and CPU
    over idle_seconds. {client: {figure: value}}."""
    drivers, out = {}, {}
    try:
        for n in names:
            drivers[n] = start_client(n, tmp, server, idle=idle_seconds + 60)
        time.sleep(SETTLE)
        pids = {n: d.pid() for n, d in drivers.items()}
        for n, pid in pids.items():
            out[n] = {"rss_login_mb": rss_mb(pid), "anon_login_mb": anon_mb(pid)}
        if idle_seconds > 0:
            before = {n: (switches(p), tui_mod.cpu_seconds(p)) for n, p in pids.items()}
            time.sleep(idle_seconds)
            for n, p in pids.items():
                sw, cpu = switches(p) - before[n][0], tui_mod.cpu_seconds(p) - before[n][1]
                out[n].update(idle_wakeups_per_s=sw / idle_seconds, idle_cpu_s=cpu)
    finally:
        for d in drivers.values():
            d.stop()
    return out


def measure_burst(name, tmp, server):
    """One burst of BURST messages from bob to the client."""
    senders = load.Senders(server, ["bob"])
    d = None
    try:
        senders.login()
        jid = "%s@localhost" % name
        last = "burst message %06d" % (BURST - 1)
        if name == "floor":
            d = start_client(name, tmp, server, count=BURST, timeout=STEP_TIMEOUT)
            t0 = senders.burst(jid, BURST, "burst message %06d")
            fig = d.wait_exit(STEP_TIMEOUT + 10)
            if not fig.get("ok"):
                raise RuntimeError("floor: %s" % d.output())
            return {"burst_cpu_s": fig["cpu_s"] - fig["login_cpu_s"],
                    "burst_wall_s": fig["last_mono"] - t0, "burst_rss_mb": fig["rss_kb"] / 1e3}
        d = start_client(name, tmp, server)
        d.open_chat("bob@localhost")
        time.sleep(SETTLE)
        pid = d.pid()
        cpu0 = tui_mod.cpu_seconds(pid)
        t0 = senders.burst(jid, BURST, "burst message %06d")
        seen = d.wait_shows(d.message_mark(last), STEP_TIMEOUT, poll=BURST_POLL)
        return {"burst_cpu_s": tui_mod.cpu_seconds(pid) - cpu0, "burst_wall_s": seen - t0,
                "burst_rss_mb": rss_mb(pid)}
    finally:
        if d is not None:
            d.stop()
        senders.stop()


def measure_latency(name, tmp, server):
    """LATENCY_N messages at LATENCY_RATE: send until on screen."""
    senders = load.Senders(server, ["bob"])
    d = None
    try:
        senders.login()
        d = start_client(name, tmp, server)
        d.open_chat("bob@localhost")
        time.sleep(SETTLE)
        jid, lat = "%s@localhost" % name, []
        start = time.monotonic()
        for i in range(LATENCY_N):
            due = start + i / LATENCY_RATE
            time.sleep(max(0.0, due - time.monotonic()))
            text = "latency probe %05d" % i
            t = senders.send(jid, text)
            seen = d.wait_shows(d.message_mark(text), 30, poll=LATENCY_POLL)
            lat.append((seen - t) * 1000)
        lat.sort()
        return {"latency_p50_ms": statistics.median(lat),
                "latency_p99_ms": lat[min(len(lat) - 1, int(len(lat) * 0.99))]}
    finally:
        if d is not None:
            d.stop()
        senders.stop()


def measure_roster(name, tmp, server):
    """Launch until the roster shows (floor: until the roster result)."""
    d = None
    try:
        if name == "floor":
            d = clients_mod.DRIVERS[name](os.path.join(tmp, "run-%d" % time.monotonic_ns()))
            d.start(server, name, PASSWORD, roster=True, timeout=STEP_TIMEOUT)
            fig = d.wait_exit(STEP_TIMEOUT + 10)
            if not fig.get("ok") or fig.get("roster_items", 0) < ROSTER:
                raise RuntimeError("floor: %s" % d.output())
            return {"roster_s": fig["roster_s"], "roster_rss_mb": fig["rss_kb"] / 1e3}
        d = clients_mod.DRIVERS[name](os.path.join(tmp, "run-%d" % time.monotonic_ns()))
        mark = d.roster_mark(re.compile(r"\bR0\d{4}\b|\br0\d{4}\b"))
        t0 = time.monotonic()
        d.start(server, name, PASSWORD)
        seen = d.wait_shows(mark, STEP_TIMEOUT, poll=0.01)
        time.sleep(SETTLE)
        fig = {"roster_s": seen - t0, "roster_rss_mb": rss_mb(d.pid())}
        # the next launch, same HOME: whatever the client kept is used
        pid = d.pid()
        d.stop()
        wait_gone(pid, 10)
        t0 = time.monotonic()
        d.start(server, name, PASSWORD)
        fig["roster_next_s"] = d.wait_shows(mark, STEP_TIMEOUT, poll=0.01) - t0
        return fig
    finally:
        if d is not None:
            d.stop()


def measure_room(name, tmp, server):
    """The join command until the last history message is on screen (floor:
    its join presence until the last history message arrived)."""
    if name == "floor":
        d = clients_mod.DRIVERS[name](os.path.join(tmp, "run-%d" % time.monotonic_ns()))
        try:
            d.start(server, name, PASSWORD, room=muc_bench.ROOM, history=FLOOR_ROOM_HISTORY,
                    timeout=STEP_TIMEOUT)
            fig = d.wait_exit(STEP_TIMEOUT + 10)
            if not fig.get("ok") or fig.get("room_msgs", 0) < FLOOR_ROOM_HISTORY:
                raise RuntimeError("floor: %s" % d.output())
            return {"room_join_s": fig["room_s"], "room_rss_mb": fig["rss_kb"] / 1e3}
        finally:
            d.stop()
    d = start_client(name, tmp, server)
    try:
        time.sleep(SETTLE)
        last = "history-stored"  # load.Room's marker, the last of the history
        r0 = read_kb(d.pid())
        t0 = time.monotonic()
        d.join_room(muc_bench.ROOM, name)
        seen = d.wait_shows(d.message_mark(last), STEP_TIMEOUT, poll=0.01)
        time.sleep(SETTLE)
        return {"room_join_s": seen - t0, "room_read_kb": read_kb(d.pid()) - r0,
                "room_rss_mb": rss_mb(d.pid())}
    finally:
        d.stop()


def measure_search():
    """natter's store bench over SEARCH_N messages: query medians."""
    spec = importlib.util.spec_from_loader(
        "bench_run", importlib.machinery.SourceFileLoader("bench_run", os.path.join(HERE, "run")))
    run_mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_mod)
    binary = run_mod.store_bench_build()
    if binary is None:
        raise RuntimeError("store bench did not build")
    env = dict(os.environ, STORE_BENCH_N=str(SEARCH_N), STORE_BENCH_BURST=str(BURST))
    out = subprocess.run([binary], env=env, capture_output=True, text=True,
                         timeout=3600).stdout
    ms = [float(x) for x in re.findall(r"^search .*median\s+([\d.]+) ms", out, re.M)]
    if not ms:
        raise RuntimeError("store bench printed no search figures:\n%s" % out[-2000:])
    fig = {"search_ms": statistics.median(ms), "search_max_ms": max(ms)}
    burst = re.search(r"^burst: \d+ messages .*cpu ([\d.]+) s", out, re.M)
    if burst:
        fig["store_burst_cpu_s"] = float(burst.group(1))
    return fig


def measure_soak():
    """soak.py over SOAK messages: natter's VmRSS after warm-up and at the end."""
    env = dict(os.environ, SOAK_MESSAGES=str(SOAK), SOAK_PRESENCES=str(SOAK // 10))
    out = subprocess.run([sys.executable, os.path.join(HERE, "soak.py")], env=env,
                         capture_output=True, text=True, timeout=3600).stdout
    fig = dict(re.findall(r"^soak: (\w+) (-?\d+) kB", out, re.M))
    if "rss_start_kb" not in fig:
        raise RuntimeError("soak printed no figures:\n%s" % out[-2000:])
    return {"soak_rss_start_mb": int(fig["rss_start_kb"]) / 1e3,
            "soak_rss_end_mb": int(fig["rss_end_kb"]) / 1e3}


# ---- running the selection ----

class Results:
    """Every figure of every run: {client: {figure: [values]}}, and skips."""

    def __init__(self, names):
        self.values = {n: {} for n in names}
        self.skipped = {}

    def add(self, client, figures):
        """Record one run's figures for a client."""
        for k, v in figures.items():
            self.values[client].setdefault(k, []).append(v)

    def median(self, client, key):
        """The median of a figure, or None (n/a)."""
        vals = self.values.get(client, {}).get(key)
        return statistics.median(vals) if vals else None


def attempt(res, client, metric, fn):
    """Run fn (one measurement) and record it; a failure is noted, not fatal."""
    try:
        res.add(client, fn())
    except Exception as e:  # one line per failure; the run goes on
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        print("bench: %s %s failed: %s" % (metric, client, first), flush=True)
        if os.environ.get("BENCH_VERBOSE"):
            print(e)


def run_metric(metric, names, tmp, res):
    """All runs of one metric over the clients that take part in it."""
    who = [n for n in names if not (metric in NATTER_ONLY and n != "natter")
           and not (metric in NO_FLOOR and n == "floor")]
    if not who:
        return
    print("bench: %s (%s), %d run(s)..." % (metric, ", ".join(who), RUNS), flush=True)
    if metric == "search":
        attempt(res, "natter", metric, measure_search)
        return
    if metric == "soak":
        attempt(res, "natter", metric, measure_soak)
        return
    server = room = None
    try:
        server = bench_server(tmp, who, roster=ROSTER if metric == "roster" else 0,
                              room=metric == "room")
        if metric == "room":
            room = load.Room(server, ROOM)
            room.start(history=ROOM_HISTORY, fmt="room history %05d")
            time.sleep(SETTLE)
        for _ in range(RUNS):
            if metric in ("idle", "rss"):
                secs = IDLE_SECONDS if metric == "idle" else 0
                try:
                    for n, fig in measure_idle(who, tmp, server, secs).items():
                        res.add(n, fig)
                except Exception as e:  # noqa: BLE001 - reported, the run goes on
                    print("bench: %s failed: %s" % (metric, str(e).splitlines()[0]))
                continue
            fn = {"burst": measure_burst, "latency": measure_latency,
                  "roster": measure_roster, "room": measure_room}[metric]
            for n in who:
                attempt(res, n, metric, lambda n=n: fn(n, tmp, server))
    finally:
        if room is not None:
            room.stop()
        if server is not None:
            server.stop()


# ---- the report ----

def fmt(v):
    """A figure for the table: n/a, or 3 significant-ish digits."""
    if v is None:
        return "n/a"
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    return "%.3g" % v if abs(v) < 1 else "%.2f" % v


def report(res, names, metrics):
    """The table and the machine-readable lines; also written to files."""
    others = [n for n in names if n != "natter"]
    head = ["metric"] + names + ["natter/%s" % o for o in others if "natter" in names]
    rows, lines, js = [], [], []
    for m in metrics:
        for key, label, unit, _ in FIGURES[m]:
            vals = {n: res.median(n, key) for n in names}
            if all(v is None for v in vals.values()):
                continue
            nat = vals.get("natter")
            ratios = {o: (nat / vals[o] if nat is not None and vals[o] else None)
                      for o in others}
            row = ["%s (%s)" % (label, unit)] + [fmt(vals[n]) for n in names]
            if "natter" in names:
                row += [("%.2fx" % ratios[o]) if ratios[o] is not None else "n/a"
                        for o in others]
            rows.append(row)
            for n in names:
                v = vals[n]
                rat = "".join(" ratio_%s=%s" % (o, "%.3f" % ratios[o] if ratios[o] is not None
                                                else "n/a") for o in others if n == "natter")
                lines.append("bench metric=%s client=%s value=%s%s"
                             % (key, n, "n/a" if v is None else "%.4g" % v, rat))
                js.append({"metric": key, "client": n, "value": v, "unit": unit,
                           "runs": len(res.values.get(n, {}).get(key, [])),
                           "ratios": {o: ratios[o] for o in others} if n == "natter" else {}})
    widths = [max(len(r[i]) for r in [head] + rows) for i in range(len(head))]
    table = ["| " + " | ".join(c.ljust(widths[i]) for i, c in enumerate(r)) + " |"
             for r in [head] + rows]
    table.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = ["%s: n/a (%s)" % (n, why) for n, why in sorted(res.skipped.items())]
    notes.append("median of %d run(s); latency screen polling every %.0f ms (plus one "
                 "capture-pane, ~2-4 ms); burst polling every %.0f ms%s"
                 % (RUNS, LATENCY_POLL * 1000, BURST_POLL * 1000, "; QUICK" if QUICK else ""))
    text = "\n".join(table + [""] + notes + [""] + lines) + "\n"
    print(text)
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "results.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(RESULTS, "results.json"), "w") as f:
        json.dump({"quick": QUICK, "runs": RUNS, "results": js,
                   "skipped": res.skipped}, f, indent=1)


def parse_args():
    """--clients, --metrics, --runs."""
    ap = argparse.ArgumentParser(description="natter against other clients and the floor")
    ap.add_argument("--clients", default=",".join(ALL_CLIENTS))
    ap.add_argument("--metrics", default=",".join(ALL_METRICS))
    ap.add_argument("--runs", type=int, default=None)
    a = ap.parse_args()
    names = [c for c in a.clients.split(",") if c]
    metrics = [m for m in a.metrics.split(",") if m]
    bad = [c for c in names if c not in ALL_CLIENTS] + [m for m in metrics
                                                        if m not in ALL_METRICS]
    if bad:
        ap.error("unknown: %s (clients %s; metrics %s)" % (", ".join(bad), ",".join(ALL_CLIENTS),
                                                          ",".join(ALL_METRICS)))
    return names, metrics, a.runs


def main():
    """Check the clients, run the metrics, report; 0 unless nothing ran."""
    global RUNS
    names, metrics, runs = parse_args()
    RUNS = max(1, min(runs or RUNS, 20))
    res = Results(names)
    res.skipped.update(clients_mod.ensure_installed(names))
    tmp = tempfile.mkdtemp(prefix="nb-")
    for n in names:
        why = res.skipped.get(n) or clients_mod.DRIVERS[n](tmp).unavailable()
        if why:
            res.skipped[n] = why
            print("bench: %s skipped: %s (reported as n/a)" % (n, why), flush=True)
    ready = [n for n in names if n not in res.skipped]
    t0 = time.monotonic()
    try:
        if "idle" in metrics and "rss" in metrics:
            metrics_run = [m for m in metrics if m != "rss"]  # idle measures rss too
        else:
            metrics_run = metrics
        for m in metrics_run:
            run_metric(m, ready, tmp, res)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("bench: done in %.0f s" % (time.monotonic() - t0))
    report(res, names, metrics)
    return 0


if __name__ == "__main__":
    sys.exit(main())
