"""Drive a terminal program inside a private tmux server and read its screen.

    tui = Tui(["./natter", "-c", rc], home="/tmp/x", width=100, height=30)
    tui.start()
    tui.wait_for("online as")            # substring or compiled regex
    tui.type("/msg bob@localhost hi")    # literal text
    tui.keys("Enter")                    # tmux key names: Enter, M-2, C-n, PageUp
    screen = tui.screen()                # list of lines
    tui.resize(40, 12)
    tui.pid()                            # the program's PID
    tui.kill()                           # kill the tmux server (SIGHUP to the program)

The tmux server runs on its own socket (-L natter-test-PID-N, -f /dev/null),
the program gets TERM=xterm-256color, a UTF-8 locale and HOME/XDG_* inside
the test's directory, so the user's real files are never touched.
"""

import itertools
import os
import re
import shutil
import subprocess
import time

TMUX = shutil.which("tmux") or "/usr/bin/tmux"
POLL = 0.05
_counter = itertools.count(1)


class TuiTimeout(AssertionError):
    """wait_for gave up; the message holds the last screen."""


def xdg_env(home):
    """HOME and the XDG base directories inside home (created)."""
    env = {"HOME": home}
    for var, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_STATE_HOME", ".local/state"), ("XDG_CACHE_HOME", ".cache"),
                     ("XDG_RUNTIME_DIR", "run")):
        env[var] = os.path.join(home, sub)
        os.makedirs(env[var], mode=0o700, exist_ok=True)
    return env


class Tui:
    """A program running in a detached tmux session of its own."""

    def __init__(self, argv, home, width=100, height=30, env=None, cwd=None):
        self.argv = list(argv)
        self.home = home
        self.width, self.height = width, height
        self.cwd = cwd or home
        self.socket = "natter-test-%d-%d" % (os.getpid(), next(_counter))
        self.target = "natter"
        self.env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                    "TZ": "UTC"}
        self.env.update(xdg_env(home))
        self.env.update(env or {})
        self.started = False
        self.status_file = os.path.join(home, ".tui-exit-" + self.socket)
        self._pid = None

    def tmux(self, *args, check=True, timeout=10):
        """Run a tmux command on our server; returns its stdout as text."""
        proc = subprocess.run([TMUX, "-u", "-L", self.socket, "-f", "/dev/null"] + list(args),
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout, check=False,
                              env=self._client_env())
        if check and proc.returncode != 0:
            raise RuntimeError("tmux %s: %s" % (" ".join(args),
                                                proc.stderr.decode(errors="replace")))
        return proc.stdout.decode("utf-8", errors="replace")

    def _client_env(self):
        """Environment of the tmux client (and so of the server it starts)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
        env.update({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": self.home,
                    "TMUX_TMPDIR": self.home})
        return env

    def _command(self):
        """The pane's command: a shell that runs env with our variables and
        the program, then writes the program's exit status to a file (tmux
        does not always report a dead pane's status in time)."""
        wrapper = 'f=$1; shift; "$@"; echo $? >"$f.tmp" && mv "$f.tmp" "$f"'
        return (["sh", "-c", wrapper, "tui-wrap", self.status_file, "env"] +
                ["%s=%s" % kv for kv in sorted(self.env.items())] + self.argv)

    def start(self):
        """Start the server and the program; panes stay after exit so the
        exit status and last screen can be read."""
        self.tmux("set-option", "-g", "exit-empty", "off", ";",
                  "set-option", "-g", "remain-on-exit", "on", ";",
                  "set-option", "-g", "status", "off", ";",
                  "set-option", "-g", "history-limit", "0", ";",
                  "new-session", "-d", "-x", str(self.width), "-y", str(self.height),
                  "-s", self.target, "-c", self.cwd, "--", *self._command())
        self.started = True
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()
        return False

    def screen(self):
        """The visible screen as a list of exactly height lines."""
        text = self.tmux("capture-pane", "-p", "-t", self.target)
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        lines = lines[:self.height]
        return lines + [""] * (self.height - len(lines))

    def screen_text(self):
        """The screen as one string (for substring checks and messages)."""
        return "\n".join(self.screen())

    def screen_colours(self):
        """The screen with SGR escape sequences (capture-pane -e)."""
        return self.tmux("capture-pane", "-p", "-e", "-t", self.target)

    def type(self, text):
        """Send text literally (no key-name interpretation)."""
        self.tmux("send-keys", "-t", self.target, "-l", "--", text)

    def keys(self, *names):
        """Send tmux key names (Enter, M-2, C-n, PageUp, ...)."""
        self.tmux("send-keys", "-t", self.target, *names)

    def line(self, text):
        """Type a line and press Enter."""
        self.type(text)
        self.keys("Enter")

    def wait_for(self, pattern, timeout=10.0, where=None):
        """Poll the screen every 50 ms until pattern (substring or regex)
        shows, bounded by timeout. where(lines) -> text restricts the search
        (e.g. to the status line). Returns the regex match or the screen."""
        deadline = time.monotonic() + timeout
        while True:
            lines = self.screen()
            text = where(lines) if where else "\n".join(lines)
            if hasattr(pattern, "search"):
                m = pattern.search(text)
                if m:
                    return m
            elif pattern in text:
                return lines
            if time.monotonic() >= deadline:
                raise TuiTimeout("%r not on screen within %.1f s; screen:\n%s"
                                 % (getattr(pattern, "pattern", pattern), timeout,
                                    self.dump()))
            if not self.alive() and time.monotonic() + POLL < deadline:
                # the final screen will not change any more: one last look
                deadline = time.monotonic()
            time.sleep(POLL)

    def wait_gone(self, pattern, timeout=10.0):
        """Poll until pattern is no longer on screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen_text()
            found = pattern.search(text) if hasattr(pattern, "search") else pattern in text
            if not found:
                return
            time.sleep(POLL)
        raise TuiTimeout("%r still on screen after %.1f s:\n%s"
                         % (getattr(pattern, "pattern", pattern), timeout, self.dump()))

    def dump(self):
        """The screen framed with its row numbers, for failure messages."""
        try:
            lines = self.screen()
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            return "(no screen: %s)" % e
        return "\n".join("%2d|%s" % (i, l) for i, l in enumerate(lines))

    def resize(self, width, height):
        """Resize the window (the program gets SIGWINCH)."""
        self.tmux("resize-window", "-t", self.target, "-x", str(width), "-y", str(height))
        self.width, self.height = width, height

    def _display(self, fmt):
        """A tmux format evaluated for our pane."""
        return self.tmux("display-message", "-p", "-t", self.target, fmt).strip()

    def pid(self, timeout=5.0):
        """PID of the program (the child of the pane's wrapper shell)."""
        if self._pid is None:
            wrapper = int(self._display("#{pane_pid}"))
            deadline = time.monotonic() + timeout
            while self._pid is None:
                kids = child_pids(wrapper)
                if kids:
                    self._pid = kids[0]
                elif time.monotonic() > deadline or os.path.exists(self.status_file):
                    raise TuiTimeout("no program under pane process %d" % wrapper)
                else:
                    time.sleep(0.01)
        return self._pid

    def _pane_dead(self):
        """True when the pane's process (the wrapper) has gone."""
        try:
            return self._display("#{pane_dead}") != "0"
        except (RuntimeError, subprocess.TimeoutExpired):
            return True

    def alive(self):
        """True while the program runs."""
        return self.started and not os.path.exists(self.status_file) and not self._pane_dead()

    def exit_status(self):
        """The program's exit status once it ended (128+N for signal N), else None."""
        try:
            with open(self.status_file) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def wait_exit(self, timeout=10.0):
        """Wait until the program ended; returns its exit status (None if the
        wrapper was killed with it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.exit_status()
            if status is not None:
                return status
            if not self.started or self._pane_dead():
                return self.exit_status()
            time.sleep(POLL)
        raise TuiTimeout("program still running after %.1f s (%s):\n%s"
                         % (timeout, self._pane_state(), self.dump()))

    def _pane_state(self):
        """tmux's and /proc's view of the program, for failure messages."""
        try:
            state = self._display("dead=#{pane_dead}")
            pid = self.pid(timeout=0)
            return "pid %d %s process=%s" % (pid, state, proc_state(pid))
        except (RuntimeError, subprocess.TimeoutExpired, TuiTimeout) as e:
            return "no pane: %s" % e

    def kill(self):
        """Kill the tmux server (and so the program, with SIGHUP). Safe twice."""
        if self.started:
            self.tmux("kill-server", check=False)
            self.started = False


def proc_state(pid):
    """A process's state letter from /proc (R, S, Z, ...) or "gone"."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"


def pid_alive(pid):
    """True while a process exists and is not a zombie."""
    return proc_state(pid) not in ("Z", "X", "gone")


def child_pids(ppid):
    """PIDs of the live children of ppid."""
    kids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == ppid and fields[0] not in ("Z", "X"):
            kids.append(int(d))
    return sorted(kids)


def cpu_seconds(pid):
    """User+system CPU time of a process so far, in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def proc_status(pid):
    """/proc/PID/status as a dict of strings."""
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            out[key] = value.strip()
    return out


def status_kb(pid, key):
    """A kB figure of /proc/PID/status ("VmRSS", "RssAnon"...)."""
    return int(proc_status(pid)[key].split()[0])


def regex(pattern, flags=0):
    """Compile a regex (a short name for tests)."""
    return re.compile(pattern, flags)
