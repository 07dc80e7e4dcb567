"""A private Prosody 0.12 on 127.0.0.1 for tests, the benchmark and the demo.

    with Prosody(accounts={"alice": "pw", "bob": "pw"},
                 contacts=[("alice", "bob")]) as server:
        server.port, server.tls_port, server.cafile, server.log_text()
        server.kill(); server.restart()   # a crash, then the same ports and data
        server.freeze(); server.thaw()    # SIGSTOP / SIGCONT

Prosody(..., **MAM_OPTIONS) adds a message archive (XEP-0313).

Everything lives in a throwaway directory: config, data, certificates and
logs. Accounts and rosters are written as Prosody's internal storage files
before start (mod_auth_internal_plain / mod_storage_internal formats, see
/usr/lib/prosody/util/datamanager.lua and core/rostermanager.lua), so no
slow prosodyctl round trips are needed. The server certificate can be a
variant made for negative tests (see certs.py).
"""

import atexit
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import certs

PROSODY = "/usr/bin/prosody"
DOMAIN = "localhost"
START_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0

MODULES = ("roster", "saslauth", "tls", "disco", "carbons", "ping", "register", "presence",
           "message", "smacks", "offline", "blocklist", "vcard", "version")

# Keyword arguments for Prosody() that add a message archive (XEP-0313): every
# chat message is archived by default and nothing expires during a test.
MAM_OPTIONS = {"extra_modules": ("mam",),
               "extra_config": 'archive_expires_after = "never"\n'
                               'default_archive_policy = true\n'
                               'max_archive_query_results = 100'}

# Keyword arguments for Prosody() that add a group chat service (XEP-0045)
# at MUC_DOMAIN whose rooms keep an archive (XEP-0313) and replay history.
MUC_DOMAIN = "conference." + DOMAIN
MUC_OPTIONS = {"extra_config": 'Component "%s" "muc"\n'
                               '\tmodules_enabled = { "muc_mam" }\n'
                               '\tmuc_room_default_history_length = 50\n'
                               '\tmuc_room_default_persistent = true\n'
                               '\tmuc_log_expires_after = "never"\n' % MUC_DOMAIN}


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lua_str(s):
    """A Lua string literal for s (quotes and control characters escaped)."""
    out = []
    for ch in s:
        if ch in "\\\"" or ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append("\\%03d" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _lua_list(items):
    """A Lua array of strings."""
    return "{ " + ", ".join(lua_str(i) for i in items) + " }"


def _write(path, text, mode=0o600):
    """Write a text file (parents created) with the given mode."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, mode)


class Prosody:
    """One private Prosody process; use as a context manager or start()/stop()."""

    def __init__(self, accounts=None, contacts=None, cert="good", names=None, workdir=None,
                 extra_config="", extra_modules=()):
        # accounts: {localpart: password}; contacts: pairs made mutual
        # ("both") roster contacts; names: {localpart: roster name};
        # extra_config: Lua lines added to the global section;
        # extra_modules: more modules to enable (e.g. "mam").
        self.accounts = dict(accounts or {"alice": "alicepw", "bob": "bobpw"})
        self.contacts = list(contacts if contacts is not None else [("alice", "bob")])
        self.names = dict(names or {})
        self.cert_variant = cert
        self.extra_config = extra_config
        self.modules = tuple(MODULES) + tuple(m for m in extra_modules if m not in MODULES)
        self.own_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix="natter-prosody-")
        self.data_path = os.path.join(self.dir, "data")
        self.log_path = os.path.join(self.dir, "prosody.log")
        self.out_path = os.path.join(self.dir, "prosody.out")
        self.config_path = os.path.join(self.dir, "prosody.cfg.lua")
        self.certs = certs.make_certs(os.path.join(self.dir, "certs"))
        self.cafile = self.certs.cafile
        self.port = free_port()
        self.tls_port = free_port()
        while self.tls_port == self.port:
            self.tls_port = free_port()
        self.proc = None
        self._out = None
        self.frozen = False
        self._atexit = False

    def jid(self, local):
        """The bare JID of an account."""
        return "%s@%s" % (local, DOMAIN)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.cleanup()
        return False

    def _install_cert(self):
        """Copy the chosen certificate variant into the directory Prosody
        indexes, as localhost.crt/.key: Prosody picks certificates for SNI
        from there, so it must hold nothing else."""
        tls_dir = os.path.join(self.dir, "tls")
        os.makedirs(tls_dir, exist_ok=True)
        src_crt, src_key = self.certs.cert(self.cert_variant)
        crt, key = os.path.join(tls_dir, DOMAIN + ".crt"), os.path.join(tls_dir, DOMAIN + ".key")
        shutil.copyfile(src_crt, crt)
        shutil.copyfile(src_key, key)
        os.chmod(key, 0o600)
        return tls_dir, crt, key

    def _config(self):
        """The Lua config file's text."""
        tls_dir, crt, key = self._install_cert()
        return """-- natter test server (generated)
daemonize = false
run_as_root = true
pidfile = {pidfile}
data_path = {data}
plugin_paths = {{}}
certificates = {certdir}
interfaces = {{ "127.0.0.1" }}
local_interfaces = {{ "127.0.0.1" }}
c2s_interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {port} }}
c2s_direct_tls_ports = {{ {tls_port} }}
s2s_ports = {{ }}
http_ports = {{ }}
https_ports = {{ }}
modules_enabled = {modules}
modules_disabled = {{ "s2s", "dialback", "posix" }}
authentication = "internal_plain"
storage = "internal"
c2s_require_encryption = true
allow_registration = true
smacks_hibernation_time = 30
log = {{ {{ levels = {{ min = "debug" }}, to = "file", filename = {log} }} }}
ssl = {{ certificate = {crt}, key = {key} }}
c2s_direct_tls_ssl = {{ certificate = {crt}, key = {key} }}
{extra}

VirtualHost "{domain}"
	ssl = {{ certificate = {crt}, key = {key} }}
""".format(pidfile=lua_str(os.path.join(self.dir, "prosody.pid")), data=lua_str(self.data_path),
           certdir=lua_str(tls_dir), port=self.port, tls_port=self.tls_port,
           modules=_lua_list(self.modules), log=lua_str(self.log_path), crt=lua_str(crt),
           key=lua_str(key), domain=DOMAIN, extra=self.extra_config)

    def _store_path(self, store, user):
        """Path of an internal storage file for a user on our host."""
        return os.path.join(self.data_path, DOMAIN, store, user + ".dat")

    def _write_accounts(self):
        """accounts/NAME.dat for every account (internal_plain format)."""
        for user, password in self.accounts.items():
            _write(self._store_path("accounts", user),
                   "return {\n\t[\"password\"] = %s;\n};\n" % lua_str(password))

    def add_accounts(self, accounts):
        """More accounts ({localpart: password}), written as data files; works
        while Prosody runs (it reads an account's file at each login)."""
        self.accounts.update(accounts)
        for user, password in accounts.items():
            _write(self._store_path("accounts", user),
                   "return {\n\t[\"password\"] = %s;\n};\n" % lua_str(password))

    def _roster_items(self):
        """{user: [contact localparts]} from the mutual contact pairs."""
        items = {}
        for a, b in self.contacts:
            items.setdefault(a, []).append(b)
            items.setdefault(b, []).append(a)
        return items

    def _write_rosters(self):
        """roster/NAME.dat with subscription "both", a name and a group."""
        for user, others in self._roster_items().items():
            lines = ["return {", "\t[false] = { [\"version\"] = 1; [\"pending\"] = {}; };"]
            for other in others:
                name = self.names.get(other, other.capitalize())
                lines.append("\t[%s] = { [\"subscription\"] = \"both\"; [\"name\"] = %s; "
                             "[\"groups\"] = { [\"Friends\"] = true; }; };"
                             % (lua_str(self.jid(other)), lua_str(name)))
            lines.append("};")
            _write(self._store_path("roster", user), "\n".join(lines) + "\n")

    def start(self):
        """Write config and data, start Prosody and wait for its ports."""
        os.makedirs(self.data_path, exist_ok=True)
        os.chmod(self.data_path, 0o700)
        _write(self.config_path, self._config(), 0o644)
        self._write_accounts()
        self._write_rosters()
        self._spawn()

    def _spawn(self):
        """Run Prosody on the config and data already written; wait for its ports."""
        if self._out is not None:
            self._out.close()
        self._out = open(self.out_path, "ab")
        self.proc = subprocess.Popen([PROSODY, "--config", self.config_path], cwd=self.dir,
                                     stdin=subprocess.DEVNULL, stdout=self._out,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.frozen = False
        if not self._atexit:
            atexit.register(self.cleanup)
            self._atexit = True
        try:
            self._wait_ready()
        except Exception:
            self.stop()
            raise

    def kill(self):
        """SIGKILL Prosody, as a crash would: no stream is closed, nothing is
        flushed beyond what it already wrote. Waits until it is gone."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=STOP_TIMEOUT)
        self.frozen = False

    def restart(self):
        """Start Prosody again after kill() or stop(), on the same ports with
        the same data directory (accounts, rosters, offline messages and the
        archive as the last run left them)."""
        if self.proc is not None and self.proc.poll() is None:
            raise RuntimeError("prosody is still running")
        deadline = time.monotonic() + START_TIMEOUT
        # the old listening sockets die with the process; wait until the
        # kernel has really let go of the ports before binding them again
        while self._listening(self.port) or self._listening(self.tls_port):
            if time.monotonic() > deadline:
                raise RuntimeError("ports %d/%d still taken" % (self.port, self.tls_port))
            time.sleep(0.05)
        self._spawn()

    def freeze(self):
        """SIGSTOP Prosody: its TCP connections stay open but nothing answers."""
        os.kill(self.proc.pid, signal.SIGSTOP)
        self.frozen = True

    def thaw(self):
        """SIGCONT after freeze()."""
        if self.frozen and self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGCONT)
        self.frozen = False

    def _listening(self, port):
        """True when something listens on 127.0.0.1:port (read from
        /proc/net/tcp, so that no probe connection shows in Prosody's log)."""
        want = "0100007F:%04X" % port
        try:
            with open("/proc/net/tcp") as f:
                for line in f:
                    fields = line.split()
                    if len(fields) > 3 and fields[1] == want and fields[3] == "0A":
                        return True
        except OSError:
            pass
        return False

    def _wait_ready(self):
        """Wait (bounded) until both client ports listen."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("prosody exited with %s:\n%s" % (self.proc.returncode,
                                                                    self.output()))
            if self._listening(self.port) and self._listening(self.tls_port):
                return
            time.sleep(0.05)
        raise RuntimeError("prosody did not open its ports within %.0f s:\n%s"
                           % (START_TIMEOUT, self.output()))

    def stop(self):
        """Stop Prosody: SIGTERM, then SIGKILL after a bound. Safe to call twice."""
        self.thaw()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=STOP_TIMEOUT)
        if self._out is not None:
            self._out.close()
            self._out = None

    def cleanup(self):
        """Stop and remove the throwaway directory (when we made it)."""
        self.stop()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def output(self):
        """Prosody's stdout/stderr and the tail of its log, for error messages."""
        text = ""
        for path in (self.out_path, self.log_path):
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    text += "--- %s\n%s" % (path, f.read()[-4000:])
            except OSError:
                pass
        return text

    def log_text(self):
        """The whole Prosody log so far."""
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def log_mark(self):
        """A position in the log; log_since(mark) gives what came after."""
        return len(self.log_text())

    def log_since(self, mark):
        """The log written after log_mark() returned mark."""
        return self.log_text()[mark:]

    def wait_log(self, pattern, since=0, timeout=10.0):
        """Wait (bounded) until the log after mark since matches pattern (a
        substring or a compiled regex); returns the match or True."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.log_since(since)
            if hasattr(pattern, "search"):
                m = pattern.search(text)
                if m:
                    return m
            elif pattern in text:
                return True
            if time.monotonic() >= deadline:
                raise AssertionError("prosody log: %r not seen within %.1f s"
                                     % (getattr(pattern, "pattern", pattern), timeout))
            time.sleep(0.05)

    def authenticated(self, user):
        """True when the log says user ever authenticated."""
        return ("Authenticated as %s" % self.jid(user)) in self.log_text()
