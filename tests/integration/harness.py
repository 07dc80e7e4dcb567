"""Shared set-up for natter's integration and UI tests.

NatterCase gives each test a throwaway directory, a private Prosody with
alice and bob as mutual contacts, slixmpp peers, and natter itself running
in tmux with HOME/XDG_* inside the directory. On tear-down natter is asked to
quit (so sanitizer leak checks run), everything is stopped, and the test
fails if natter left any AddressSanitizer/UBSan report behind.

Helpers for longer stories: quit_natter() and a second natter() on the same
home (history survives), self.gate() (a TCP relay to the server that the
test can shut, so natter is certainly away), history_db()/history_bytes().

NATTER_BIN selects the binary (default ./natter at the top of the tree);
NATTER_KEEP=1 keeps the directories of failed tests for a look (=always:
of every test);
NATTER_EXTRA_ARGS adds arguments to every natter (e.g. "-v" for its logs).
NATTER_VALGRIND=1 runs natter under valgrind's memcheck (use the plain
build, not the ASan one): each natter writes valgrind-PID.log into the
test's directory, the test fails if a log reports an error or a definite
leak, and the screen/exit timeouts are multiplied by NATTER_VALGRIND_FACTOR
(default 5). `make valgrind-integration` runs a subset this way.
"""

import base64
import glob
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import peer as peer_mod  # noqa: E402
import prosody as prosody_mod  # noqa: E402
import screen  # noqa: E402
import tui as tui_mod  # noqa: E402

PASSWORDS = {"alice": "alice-secret-pw", "bob": "bob-secret-pw", "carol": "carol-secret-pw"}


def plain_payloads(user="alice"):
    """Base64 SASL PLAIN messages a client could send for user (with and
    without an authorization identity): must never be logged or leaked."""
    pw = PASSWORDS[user].encode()
    forms = (b"\0" + user.encode() + b"\0" + pw,
             (user + "@localhost").encode() + b"\0" + user.encode() + b"\0" + pw,
             b"\0" + (user + "@localhost").encode() + b"\0" + pw)
    return [base64.b64encode(f).decode() for f in forms]


def natter_bin():
    """Absolute path of the natter binary under test."""
    return os.path.abspath(os.environ.get("NATTER_BIN") or os.path.join(TOP, "natter"))


def sanitizer_env(logdir):
    """ASAN/UBSAN options that write reports into logdir (kept from the
    caller's environment otherwise)."""
    env = {}
    for var, name in (("ASAN_OPTIONS", "asan"), ("UBSAN_OPTIONS", "ubsan"),
                      ("LSAN_OPTIONS", "lsan")):
        opts = [o for o in os.environ.get(var, "").split(":") if o and
                not o.startswith("log_path=")]
        if var == "UBSAN_OPTIONS":
            opts += ["print_stacktrace=1", "halt_on_error=1"]
        opts.append("log_path=" + os.path.join(logdir, name))
        env[var] = ":".join(opts)
    return env


def sanitizer_reports(logdir):
    """Texts of every sanitizer report file in logdir."""
    out = []
    for path in sorted(glob.glob(os.path.join(logdir, "*san*"))):
        with open(path, errors="replace") as f:
            text = f.read()
        if text.strip():
            out.append("--- %s\n%s" % (path, text))
    return out


VALGRIND = os.environ.get("NATTER_VALGRIND") == "1"
VALGRIND_FACTOR = float(os.environ.get("NATTER_VALGRIND_FACTOR", "5"))
VALGRIND_SUPP = os.path.join(TOP, "tests", "valgrind.supp")


def valgrind_argv(logdir):
    """The valgrind command line natter runs under with NATTER_VALGRIND=1."""
    argv = ["valgrind", "--tool=memcheck", "--leak-check=full",
            "--errors-for-leak-kinds=definite", "--show-leak-kinds=definite",
            "--error-exitcode=99", "--num-callers=30",
            "--log-file=" + os.path.join(logdir, "valgrind-%p.log")]
    if os.path.exists(VALGRIND_SUPP):
        argv.append("--suppressions=" + VALGRIND_SUPP)
    return argv


def valgrind_reports(logdir):
    """Texts of the valgrind logs in logdir that report errors or definite
    leaks ("ERROR SUMMARY: N" with N > 0, or error blocks in a log cut short
    because natter was killed)."""
    out = []
    for path in sorted(glob.glob(os.path.join(logdir, "valgrind-*.log"))):
        with open(path, errors="replace") as f:
            text = f.read()
        summary = [line for line in text.splitlines() if "ERROR SUMMARY:" in line]
        bad = any(" 0 errors" not in line for line in summary)
        if not summary:
            bad = any(word in text for word in ("Invalid read", "Invalid write",
                                                "uninitialised", "Invalid free",
                                                "definitely lost in"))
        if bad:
            out.append("--- %s\n%s" % (path, text))
    return out


class ValgrindTui(tui_mod.Tui):
    """A Tui whose program runs under valgrind: slower, so every bounded
    wait gets VALGRIND_FACTOR times longer."""

    def wait_for(self, pattern, timeout=10.0, where=None):
        return super().wait_for(pattern, timeout=timeout * VALGRIND_FACTOR, where=where)

    def wait_gone(self, pattern, timeout=10.0):
        return super().wait_gone(pattern, timeout=timeout * VALGRIND_FACTOR)

    def wait_exit(self, timeout=10.0):
        return super().wait_exit(timeout=timeout * VALGRIND_FACTOR)

    def pid(self, timeout=5.0):
        return super().pid(timeout=timeout * VALGRIND_FACTOR)


class NatterCase(unittest.TestCase):
    """Base class: a temp dir, a Prosody, peers and natter in tmux."""

    # Overridable per class: start a Prosody in setUp, its certificate variant.
    start_server = True
    cert = "good"
    server_options = {}  # more keyword arguments for Prosody()
    width, height = 100, 30

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="natter-it-")
        self.home = os.path.join(self.tmp, "home")
        self.sandir = os.path.join(self.tmp, "sanitizer")
        os.makedirs(self.home, mode=0o700)
        os.makedirs(self.sandir)
        self.tuis, self.peers = [], []
        self.server = None
        self.addCleanup(self._cleanup)
        if self.start_server:
            self.server = prosody_mod.Prosody(accounts=PASSWORDS,
                                              contacts=[("alice", "bob"), ("alice", "carol")],
                                              cert=self.cert,
                                              workdir=os.path.join(self.tmp, "prosody"),
                                              **self.server_options)
            self.server.start()

    # -- peers ----------------------------------------------------------

    def peer(self, user="bob", start=True, resource=None, **options):
        """A slixmpp client logged in as user (stopped at tear-down); options
        go to peer.Peer (receipts=False, carbons=True)."""
        jid = self.server.jid(user) + ("/" + resource if resource else "")
        p = peer_mod.Peer(jid, PASSWORDS[user], port=self.server.port,
                          cafile=self.server.cafile, **options)
        self.peers.append(p)
        return p.start() if start else p

    # -- natter ---------------------------------------------------------

    def login_lines(self, user="alice", password=True, direct_tls=False, connect=True,
                    settings=None, port=None):
        """natterrc lines that log user in to the test server; settings is a
        dict of more /set lines (before /connect); port overrides the port."""
        port = port or (self.server.tls_port if direct_tls else self.server.port)
        lines = ["/set jid %s" % self.server.jid(user), "/set server 127.0.0.1",
                 "/set port %d" % port, "/set cafile %s" % self.server.cafile]
        if direct_tls:
            lines.append("/set direct_tls on")
        if password:
            lines.append("/set password %s" % PASSWORDS[user])
        for name, value in (settings or {}).items():
            lines.append("/set %s %s" % (name, value))
        if connect:
            lines.append("/connect")
        return lines

    def write_rc(self, lines, path=None, mode=0o600):
        """Write a natterrc (default: in the temp dir) and return its path."""
        path = path or os.path.join(self.tmp, "natterrc")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.chmod(path, mode)
        return path

    def natter_env(self):
        """Extra environment for natter (sanitizer report paths)."""
        return sanitizer_env(self.sandir)

    def natter(self, rc_lines=None, args=(), width=None, height=None, rc_path=None):
        """Start natter in tmux. With rc_lines, they are written to a natterrc
        passed with -c; otherwise natter reads its default natterrc."""
        argv = [natter_bin()]
        if rc_lines is not None:
            argv += ["-c", self.write_rc(rc_lines, rc_path)]
        argv += list(args)
        # NATTER_EXTRA_ARGS (e.g. "-v"): more arguments for every natter, to debug
        argv += os.environ.get("NATTER_EXTRA_ARGS", "").split()
        cls = tui_mod.Tui
        if VALGRIND:
            argv = valgrind_argv(self.sandir) + argv
            cls = ValgrindTui
        t = cls(argv, self.home, width=width or self.width,
                height=height or self.height, env=self.natter_env())
        self.tuis.append(t)
        return t.start()

    def natter_online(self, settings=None, port=None, **kw):
        """natter logged in as alice (with more /set settings, through another
        port); returns the Tui once the status line says online."""
        t = self.natter(self.login_lines(settings=settings, port=port), **kw)
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        return t

    def quit_natter(self, t, timeout=10):
        """/quit natter and wait until it has exited with status 0."""
        t.keys("C-u")
        t.line("/quit")
        status = t.wait_exit(timeout=timeout)
        self.assertEqual(status, 0, "natter did not quit cleanly:\n" + t.dump())

    def data_dir(self, account="alice@localhost"):
        """natter's $XDG_DATA_HOME/natter/ACCOUNT in this test's home."""
        return os.path.join(self.home, ".local", "share", "natter", account)

    def history_db(self, account="alice@localhost"):
        """Path of the account's history database."""
        return os.path.join(self.data_dir(account), "history.db")

    def history_bytes(self, account="alice@localhost"):
        """The raw bytes of the history database and its WAL (whatever
        exists), to check what was ever written without knowing the schema."""
        out = b""
        for suffix in ("", "-wal", "-journal"):
            try:
                with open(self.history_db(account) + suffix, "rb") as f:
                    out += f.read()
            except FileNotFoundError:
                pass
        return out

    def gate(self):
        """A TcpGate in front of the test server's STARTTLS port (closed at
        tear-down)."""
        g = TcpGate(self.server.port)
        self.addCleanup(g.stop)
        return g

    def state_dir(self):
        """natter's $XDG_STATE_HOME/natter in this test's home."""
        return os.path.join(self.home, ".local", "state", "natter")

    def config_dir(self):
        """natter's $XDG_CONFIG_HOME/natter in this test's home."""
        return os.path.join(self.home, ".config", "natter")

    # -- tear-down ------------------------------------------------------

    def _program_pid(self, t):
        """natter's PID if it is still running, else None."""
        try:
            return t.pid(timeout=0) if t.alive() else None
        except (AssertionError, RuntimeError, OSError):
            return None

    def _quit_natter(self, t):
        """Ask natter to quit so exit-time checks (LSan) run; bounded."""
        try:
            if t.alive():
                t.keys("C-u")
                t.line("/quit")
                t.wait_exit(timeout=5)
        except (AssertionError, RuntimeError, OSError):
            pass

    def _cleanup(self):
        """Stop everything, then fail on sanitizer reports."""
        for t in self.tuis:
            pid = self._program_pid(t)
            self._quit_natter(t)
            t.kill()
            # exit-time sanitizer reports are written as the process ends
            if pid is not None:
                try:
                    wait_until(lambda: not tui_mod.pid_alive(pid),
                               timeout=5 * (VALGRIND_FACTOR if VALGRIND else 1),
                               what="natter (pid %d) gone" % pid)
                except AssertionError:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
        for p in self.peers:
            p.stop()
        if self.server is not None:
            self.server.stop()
        reports = sanitizer_reports(self.sandir)
        if VALGRIND:
            reports += valgrind_reports(self.sandir)
        failed = self._outcome_failed()
        keep = os.environ.get("NATTER_KEEP")
        if keep == "always" or (failed and keep):
            sys.stderr.write("\n(kept %s)\n" % self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)
        if reports:
            self.fail("natter wrote sanitizer reports:\n" + "\n".join(reports)[:20000])

    def _outcome_failed(self):
        """True when the test has failed so far (best effort)."""
        outcome = getattr(self, "_outcome", None)
        return outcome is not None and not getattr(outcome, "success", True)


class FakeServer:
    """A tiny XMPP-looking server on 127.0.0.1 that never offers STARTTLS.

    It answers the stream header with stream features offering SASL PLAIN
    in the clear and records every byte the client sends."""

    FEATURES = ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                "xmlns:stream='http://etherx.jabber.org/streams' id='fake1' "
                "from='localhost' version='1.0' xml:lang='en'>"
                "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                "<mechanism>PLAIN</mechanism></mechanisms></stream:features>")

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.received = b""
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True, name="fakeserver")
        self._thread.start()

    def _serve(self):
        """Accept connections one after the other until stopped."""
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.connections += 1
            with conn:
                self._talk(conn)

    def _talk(self, conn):
        """Answer the stream header once, then record until EOF or stop."""
        conn.settimeout(0.1)
        answered = False
        while not self._stop:
            try:
                data = conn.recv(4096)
            except socket.timeout:
                continue
            except OSError:
                return
            if not data:
                return
            self.received += data
            if not answered and b"<stream:stream" in self.received and \
                    self.received.rstrip().endswith(b">"):
                conn.sendall(self.FEATURES.encode())
                answered = True

    def stop(self):
        """Stop serving and close the socket (bounded)."""
        self._stop = True
        self._thread.join(2)
        self.sock.close()


class TcpGate:
    """A TCP relay on 127.0.0.1 in front of a port, which the test can shut:
    shut() cuts every relayed connection and refuses new ones (accepted and
    closed at once, as a server that is down would), open() lets clients
    through again. Bytes are relayed untouched (TLS goes end to end)."""

    def __init__(self, target_port):
        self.target = ("127.0.0.1", target_port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.is_open = True
        self.accepted = 0     # connections let through
        self.refused = 0      # connections closed because the gate was shut
        self._pairs = []
        self._lock = threading.Lock()
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True, name="tcpgate")
        self._thread.start()

    def _serve(self):
        """Accept clients; relay them or close them depending on the gate."""
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            if not self.is_open:
                self.refused += 1
                conn.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                self.refused += 1
                conn.close()
                continue
            self.accepted += 1
            with self._lock:
                self._pairs.append((conn, upstream))
            for a, b in ((conn, upstream), (upstream, conn)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True,
                                 name="tcpgate-pump").start()

    @staticmethod
    def _pump(src, dst):
        """Copy src to dst until either side ends, then close both."""
        src.settimeout(None)
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def shut(self):
        """Cut all relayed connections and refuse new ones."""
        self.is_open = False
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for s in pair:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def open(self):
        """Let new connections through again."""
        self.is_open = True

    def stop(self):
        """Shut the gate and stop listening (bounded)."""
        self.shut()
        self._stop = True
        self._thread.join(2)
        self.sock.close()


def read_text(path):
    """A file's text ("" when it does not exist)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def wait_until(predicate, timeout=10.0, what="condition"):
    """Poll predicate every 50 ms until true; AssertionError after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    raise AssertionError("%s not met within %.1f s" % (what, timeout))
