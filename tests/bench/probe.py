#!/usr/bin/python3
"""tests/bench/probe.py - a quick burst/RSS probe of natter against the floor
client (build/bench/floor), for profiling work while tests/bench/compare.py
is the real suite.

A private Prosody with raised limits (muc_bench.bench_server_options), one
raw sender (muc_bench.Member) that sends PROBE_MESSAGES (default 20,000)
chat messages to alice as fast as the server takes them; the last one asks
for a receipt. For each client: CPU seconds (utime+stime from /proc/PID/stat)
over the burst, wall seconds from the first send until the last message is
on screen (natter: capture-pane polled every 20 ms; floor: its own count),
VmRSS after login. PROBE_RUNS (default 1) runs each. Only 127.0.0.1; every
wait is bounded; everything started is stopped. Figures only.
  tests/bench/probe.py [natter|floor]...      (default: both)
"""

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import muc_bench  # noqa: E402
import prosody as prosody_mod  # noqa: E402
import screen  # noqa: E402
import tui as tui_mod  # noqa: E402

MESSAGES = int(os.environ.get("PROBE_MESSAGES", "20000"))
RUNS = int(os.environ.get("PROBE_RUNS", "1"))
FLOOR = os.path.join(TOP, "build", "bench", "floor")
TIMEOUT = 300.0
PASSWORD = "probe-pw"
def print_pmap(pid):
    """The 15 mappings of pid with the most resident kB (pmap -x)."""
    out = subprocess.run(["pmap", "-x", str(pid)], capture_output=True, text=True,
                         timeout=10).stdout.splitlines()
    rows = [r.split() for r in out[2:] if len(r.split()) >= 6 and r.split()[2].isdigit()]
    rows.sort(key=lambda r: -int(r[2]))
    for r in rows[:15]:
        print("pmap %8s kB rss %8s kB dirty  %s" % (r[2], r[3], " ".join(r[5:])))


def print_smaps(pid, who):
    """Resident and anonymous kB of pid per mapped file, from /proc/PID/smaps,
    biggest first: which libraries' pages are resident (PROBE_PMAP=1)."""
    tot, name = {}, "[anon]"
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 5 and "-" in parts[0] and ":" in parts[3]:
                name = os.path.basename(parts[5]) if len(parts) > 5 else "[anon]"
            elif parts[0] in ("Rss:", "Anonymous:"):
                row = tot.setdefault(name, [0, 0])
                row[parts[0] == "Anonymous:"] += int(parts[1])
    for name, (rss, anon) in sorted(tot.items(), key=lambda kv: -kv[1][0]):
        if rss:
            print("smaps %s %6d kB rss %6d kB anon  %s" % (who, rss, anon, name))


def start_perf(pid):
    """perf record -g on pid into $PROBE_PERF when that is set; else None."""
    out = os.environ.get("PROBE_PERF")
    if not out:
        return None
    # PROBE_CALLGRAPH=dwarf gives callers through code built without frame
    # pointers (libc, SQLite); the default (fp) is cheaper.
    mode = os.environ.get("PROBE_CALLGRAPH", "fp")
    p = subprocess.Popen(["perf", "record", "--call-graph", mode, "-o", out, "-p", str(pid)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    return p


def stop_perf(p):
    """Stop a perf record started by start_perf (bounded)."""
    if p is None:
        return
    p.send_signal(2)
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


class Sender:
    """One raw client on an asyncio loop of its own (muc_bench.Crowd's)."""

    def __init__(self, server):
        self.crowd = muc_bench.Crowd(server.port, server.cafile, None, 0)
        self.member = muc_bench.Member("s00", PASSWORD, "s00")
        self.crowd.members = [self.member]
        self.crowd._run(self.member.login(server.port, self.crowd.tls), 60)
        self.member.send("<presence/>")

    async def _burst(self, n, tag):
        """n messages, draining the socket every 500 so it stays bounded."""
        for i in range(n):
            last = i == n - 1
            body = "%s %d the quick brown fox jumps over the lazy dog" % (tag, i)
            if last:
                body = "%s-end" % tag
            req = "<request xmlns='urn:xmpp:receipts'/>" if last else ""
            self.member.send("<message type='chat' to='alice@localhost' id='%s%d'>"
                             "<body>%s</body>%s</message>" % (tag, i, body, req))
            if i % 500 == 499:
                await self.member.writer.drain()
        await self.member.writer.drain()

    def burst(self, n, tag):
        """Send the burst (bounded)."""
        self.crowd._run(self._burst(n, tag), TIMEOUT)

    def stop(self):
        """Close the connection and the loop."""
        self.crowd.stop()


def probe_natter(server, tmp, run):
    """One natter run: dict of figures."""
    home = os.path.join(tmp, "home%d" % run)
    os.makedirs(home)
    t = tui_mod.Tui([harness.natter_bin(), "-c", muc_bench.login_rc(server, tmp)], home)
    snd = None
    try:
        t.start()
        t.wait_for(screen.online_re("alice@localhost"), timeout=30, where=screen.status_line)
        pid = t.pid()
        time.sleep(2)
        fig = {"rss_login_kb": tui_mod.status_kb(pid, "VmRSS")}
        if os.environ.get("PROBE_PMAP"):
            print_pmap(pid)
            print_smaps(pid, "natter")
        snd = Sender(server)
        snd.burst(1, "warm")
        t.wait_for("s00@localhost", timeout=30)
        tab = screen.find_tab(t.screen(), "s00")
        t.line("/tab %d" % (tab[0] if tab else 2))
        t.wait_for("warm-end", timeout=10)
        time.sleep(1)
        perf = start_perf(pid)
        c0, w0 = tui_mod.cpu_seconds(pid), time.monotonic()
        snd.burst(MESSAGES, "b%d" % run)
        t.wait_for("b%d-end" % run, timeout=TIMEOUT)
        stop_perf(perf)
        fig["wall_s"] = time.monotonic() - w0
        fig["cpu_s"] = tui_mod.cpu_seconds(pid) - c0
        fig["rss_after_kb"] = tui_mod.status_kb(pid, "VmRSS")
        return fig
    finally:
        if snd is not None:
            snd.stop()
        t.kill()


def probe_floor(server, tmp, run):
    """One floor run: dict of figures."""
    ready = os.path.join(tmp, "ready%d" % run)
    p = subprocess.Popen([FLOOR, "--jid", "alice@localhost", "--password",
                          harness.PASSWORDS["alice"], "--port", str(server.port),
                          "--cafile", server.cafile, "--count", str(MESSAGES),
                          "--timeout", str(int(TIMEOUT)), "--ready", ready],
                         stdout=subprocess.PIPE, text=True)
    snd = None
    try:
        deadline = time.monotonic() + 30
        while not os.path.exists(ready) and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(2)
        fig = {"rss_login_kb": tui_mod.status_kb(p.pid, "VmRSS")}
        if os.environ.get("PROBE_PMAP"):
            print_smaps(p.pid, "floor")
        c0 = tui_mod.cpu_seconds(p.pid)  # the floor prints its whole CPU: leave out the login
        snd = Sender(server)
        w0 = time.monotonic()
        snd.burst(MESSAGES, "f%d" % run)
        out, _ = p.communicate(timeout=TIMEOUT)
        fig["wall_s"] = time.monotonic() - w0
        kv = dict(f.split("=", 1) for f in out.split()[1:] if "=" in f)
        fig["cpu_s"] = float(kv.get("cpu_s", "nan")) - c0
        fig["rss_after_kb"] = int(kv.get("rss_kb", "0"))
        return fig
    finally:
        if snd is not None:
            snd.stop()
        if p.poll() is None:
            p.kill()
            p.wait()


def main():
    """Run the chosen clients; print one line per run and metric."""
    which = sys.argv[1:] or ["natter", "floor"]
    tmp = tempfile.mkdtemp(prefix="natter-probe-")
    pdir = os.path.join(tmp, "prosody")
    acc = {"alice": harness.PASSWORDS["alice"], "s00": PASSWORD}
    server = prosody_mod.Prosody(accounts=acc, workdir=pdir, contacts=[("alice", "s00")],
                                 **muc_bench.bench_server_options(pdir))
    try:
        server.start()
        for run in range(RUNS):
            for who in which:
                fig = (probe_natter if who == "natter" else probe_floor)(server, tmp, run)
                print("probe %s run=%d %s" % (who, run, " ".join(
                    "%s=%s" % (k, ("%.3f" % v) if isinstance(v, float) else v)
                    for k, v in fig.items())), flush=True)
        return 0
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
