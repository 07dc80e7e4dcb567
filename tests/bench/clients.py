"""tests/bench/clients.py - one driver per client under test in the
comparison suite (tests/bench/compare.py): natter, Profanity, mcabber and
the floor client (tests/bench/floor.c, libstrophe alone).

A driver starts its client logged in to the bench Prosody as its own
account (natter@localhost, profanity@localhost, ...), with an isolated HOME
and, for the terminal clients, inside a private tmux at 200x50. It knows how
to tell from the screen (capture-pane) that a text is shown, how to open a
chat with a peer, how to join a room, and where its process is (/proc).

    d = DRIVERS["natter"](workdir)
    why = d.unavailable()          # None, or why this client cannot run
    d.start(server, account, password)
    d.wait_online(); d.open_chat("bob@localhost"); d.shows("text")
    d.stop()

Profanity and mcabber come from Debian: ensure_installed() runs apt-get
when we are root and they are missing; otherwise they are skipped (n/a).
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))

import screen  # noqa: E402
import tui as tui_mod  # noqa: E402

WIDTH, HEIGHT = 200, 50
FLOOR_SRC = os.path.join(TOP, "tests", "bench", "floor.c")
FLOOR_BIN = os.path.join(TOP, "build", "bench", "floor")
PACKAGES = {"profanity": "profanity", "mcabber": "mcabber"}


def natter_bin():
    """The natter binary under test ($NATTER_BIN or ./natter)."""
    return os.environ.get("NATTER_BIN") or os.path.join(TOP, "natter")


def ensure_installed(names):
    """apt-get install the Debian clients among names that are missing, when
    root; returns {name: reason} for those still unavailable."""
    missing = [n for n in names if n in PACKAGES and shutil.which(n) is None]
    if missing and os.geteuid() == 0:
        print("bench: installing %s with apt-get..." % " ".join(missing), flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends"] +
                       [PACKAGES[n] for n in missing], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=600, check=False)
    return {n: "not installed (apt-get install %s as root)" % PACKAGES[n]
            for n in missing if shutil.which(n) is None}


def build_floor():
    """Compile the floor client into build/bench/floor when it is older
    than its source; returns None or why it failed."""
    if (os.path.exists(FLOOR_BIN) and
            os.path.getmtime(FLOOR_BIN) >= os.path.getmtime(FLOOR_SRC)):
        return None
    os.makedirs(os.path.dirname(FLOOR_BIN), exist_ok=True)
    pkg = subprocess.run(["pkg-config", "--cflags", "--libs", "libstrophe", "libssl"],
                         capture_output=True, text=True)
    if pkg.returncode != 0:
        return "pkg-config libstrophe failed"
    cmd = ([os.environ.get("CC", "cc"), "-O2", "-Wall", "-Wextra", "-Werror", FLOOR_SRC,
            "-o", FLOOR_BIN] + shlex.split(pkg.stdout) + ["-ldl"])
    r = subprocess.run(cmd, capture_output=True, text=True)
    return None if r.returncode == 0 else "build failed: %s" % r.stderr.strip()[:300]


def write_private(path, text):
    """Write a 0600 file (parents made)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


class TuiDriver:
    """Common part of the terminal clients: tmux, screen polling, /proc."""

    name = "?"
    binary = None

    def __init__(self, workdir):
        self.dir = os.path.join(workdir, self.name)
        self.home = os.path.join(self.dir, "home")
        os.makedirs(self.home, exist_ok=True)
        self.env = tui_mod.xdg_env(self.home)
        self.t = None
        self.jid = None

    def unavailable(self):
        """None when the client can run, else why not."""
        return None if shutil.which(self.binary) else "%s not found" % self.binary

    def argv(self, server, account, password):
        """The command line (after writing the config files)."""
        raise NotImplementedError

    def start(self, server, account, password):
        """Write the config and start the client in tmux."""
        self.jid = "%s@localhost" % account
        self.t = tui_mod.Tui(self.argv(server, account, password), self.home,
                             width=WIDTH, height=HEIGHT)
        self.t.start()

    def pid(self):
        """The client's PID."""
        return self.t.pid()

    def screen_text(self):
        """The screen as one string."""
        return self.t.screen_text()

    def shows(self, pattern):
        """True when pattern (substring or regex) is on screen now."""
        text = self.screen_text()
        return bool(pattern.search(text)) if hasattr(pattern, "search") else pattern in text

    def wait_shows(self, pattern, timeout, poll=0.002):
        """Poll until pattern is on screen; monotonic time seen, or raise."""
        deadline = time.monotonic() + timeout
        while not self.shows(pattern):
            if time.monotonic() > deadline:
                raise RuntimeError("%s: %r not on screen within %.0f s; screen:\n%s"
                                   % (self.name, getattr(pattern, "pattern", pattern),
                                      timeout, self.t.dump()))
            if poll:
                time.sleep(poll)
        return time.monotonic()

    def type_line(self, text):
        """Type a command line and Enter."""
        self.t.line(text)

    def open_chat(self, jid):
        """Open and focus the chat with jid."""
        self.type_line("/msg %s" % jid)

    def join_cmd(self, room, nick):
        """The command that joins room as nick."""
        return "/join %s/%s" % (room, nick)

    def join_room(self, room, nick):
        """Type the join command (the room's buffer then shows)."""
        self.type_line(self.join_cmd(room, nick))

    def roster_mark(self, name):
        """What shows a roster contact on screen."""
        return name

    def message_mark(self, text):
        """What shows a received message body on screen."""
        return text

    def stop(self):
        """Kill the tmux server (and the client). Safe twice."""
        if self.t is not None:
            self.t.kill()
            self.t = None


class Natter(TuiDriver):
    """natter: a natterrc with /set lines and /connect."""

    name = "natter"

    def unavailable(self):
        """None when the binary exists."""
        return None if os.access(natter_bin(), os.X_OK) else "%s not built" % natter_bin()

    def argv(self, server, account, password):
        """natter -c RC."""
        rc = os.path.join(self.dir, "natterrc")
        write_private(rc, "\n".join([
            "/set jid %s@localhost" % account, "/set password %s" % password,
            "/set server 127.0.0.1", "/set port %d" % server.port,
            "/set cafile %s" % server.cafile, "/connect"]) + "\n")
        return [natter_bin(), "-c", rc]

    def wait_online(self, timeout=30):
        """Until the status line says online."""
        self.t.wait_for(screen.online_re(self.jid), timeout=timeout, where=screen.status_line)


class Profanity(TuiDriver):
    """Profanity 0.13: an accounts file (password, tls force) and a profrc
    whose tls.certpath is a directory holding the test CA (hashed)."""

    name = "profanity"
    binary = "profanity"

    def _certdir(self, server):
        """A c_rehash-style directory with the test CA."""
        d = os.path.join(self.dir, "certs")
        os.makedirs(d, exist_ok=True)
        h = subprocess.run(["openssl", "x509", "-hash", "-noout", "-in", server.cafile],
                           capture_output=True, text=True, check=True).stdout.strip()
        shutil.copyfile(server.cafile, os.path.join(d, "%s.0" % h))
        return d

    def argv(self, server, account, password):
        """profanity -a ACCOUNT with the files written."""
        jid = "%s@localhost" % account
        write_private(os.path.join(self.env["XDG_DATA_HOME"], "profanity", "accounts"),
                      "[%s]\nenabled=true\njid=%s\nserver=127.0.0.1\nport=%d\n"
                      "resource=bench\npassword=%s\ntls.policy=force\n"
                      % (jid, jid, server.port, password))
        write_private(os.path.join(self.env["XDG_CONFIG_HOME"], "profanity", "profrc"),
                      "[connection]\ntls.certpath=%s\n[ui]\nsplash=false\n[notifications]\n"
                      "message=false\ninvite=false\nsub=false\n"
                      % self._certdir(server))
        return ["profanity", "-a", jid]

    def join_cmd(self, room, nick):
        """Profanity's /join ROOM nick NICK."""
        return "/join %s nick %s" % (room, nick)

    def wait_online(self, timeout=30):
        """Until the title/console says we are connected."""
        self.t.wait_for(re.compile(r"logged in successfully|is online|online \(", re.I),
                        timeout=timeout)


class Mcabber(TuiDriver):
    """mcabber 1.1: an mcabberrc with tls and the test CA (ssl_ca)."""

    name = "mcabber"
    binary = "mcabber"

    def argv(self, server, account, password):
        """mcabber -f RC."""
        rc = os.path.join(self.home, ".mcabber", "mcabberrc")
        write_private(rc, "\n".join([
            "set jid = %s@localhost" % account, "set password = %s" % password,
            "set server = 127.0.0.1", "set port = %d" % server.port,
            "set resource = bench", "set tls = 1", "set ssl_ca = %s" % server.cafile,
            "set ssl_ignore_checks = %s" % os.environ.get("BENCH_MCABBER_IGNORE_CHECKS", "0"),
            "set logging = 0", "set load_logs = 0", "set beep_on_message = 0",
            "set roster_width = 30"]) + "\n")
        os.chmod(os.path.dirname(rc), 0o700)
        return ["mcabber", "-f", rc]

    def wait_online(self, timeout=30):
        """Until the log window says we are connected."""
        self.t.wait_for(re.compile(r"Connected to|Connection established|authenticated", re.I),
                        timeout=timeout)

    def open_chat(self, jid):
        """Select the contact in the roster, then Enter on an empty line
        (chat mode): its buffer fills the chat window."""
        self.type_line("/roster search %s" % jid.split("@")[0])
        time.sleep(0.3)
        self.t.keys("Enter")

    def join_cmd(self, room, nick):
        """mcabber's /room join."""
        return "/room join %s %s" % (room, nick)

    def join_room(self, room, nick):
        """Join, then select the room's buffer (it does not come forward)."""
        self.type_line(self.join_cmd(room, nick))
        time.sleep(0.05)
        self.open_chat(room)


class Floor:
    """The floor client: no terminal; it prints its own figures."""

    name = "floor"

    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "floor")
        os.makedirs(self.dir, exist_ok=True)
        self.proc = None
        self.out = os.path.join(self.dir, "out.txt")
        self.ready = os.path.join(self.dir, "ready")

    def unavailable(self):
        """None when floor builds."""
        return build_floor()

    def start(self, server, account, password, count=0, idle=0.0, roster=False, timeout=600,
              room=None, history=0):
        """Run floor (bounded by timeout) with its output in a file."""
        for p in (self.ready, self.out):
            if os.path.exists(p):
                os.unlink(p)
        argv = [FLOOR_BIN, "--jid", "%s@localhost" % account, "--password", password,
                "--port", str(server.port), "--cafile", server.cafile, "--ready", self.ready,
                "--timeout", str(timeout)]
        if count:
            argv += ["--count", str(count)]
        if idle:
            argv += ["--idle", str(idle)]
        if roster:
            argv += ["--roster", "1"]
        if room:
            argv += ["--room", "%s/%s" % (room, account), "--history", str(history)]
        self.out_f = open(self.out, "w")
        self.proc = subprocess.Popen(argv, stdout=self.out_f, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)

    def wait_online(self, timeout=30):
        """Until floor has written its ready file."""
        deadline = time.monotonic() + timeout
        while not os.path.exists(self.ready):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("floor: not logged in: %s" % self.output())
            time.sleep(0.005)

    def pid(self):
        """floor's PID."""
        return self.proc.pid

    def wait_exit(self, timeout):
        """Wait for floor to finish; its key=value figures (floats)."""
        self.proc.wait(timeout=timeout)
        return self.figures()

    def output(self):
        """What floor printed."""
        try:
            with open(self.out) as f:
                return f.read()
        except OSError:
            return ""

    def figures(self):
        """Every key=value floor printed, as floats where they parse."""
        out = {}
        for k, v in re.findall(r"(\w+)=(\S+)", self.output()):
            try:
                out[k] = float(v)
            except ValueError:
                out[k] = v
        return out

    def stop(self):
        """Terminate floor if it still runs. Safe twice."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=5)
            self.out_f.close()
            self.proc = None


DRIVERS = {"natter": Natter, "profanity": Profanity, "mcabber": Mcabber, "floor": Floor}
