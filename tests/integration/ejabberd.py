"""A private ejabberd (Debian's `ejabberd` package) on 127.0.0.1 for tests.

    with Ejabberd(accounts={"alice": "pw", "bob": "pw"},
                  vcards={"bob": {"FN": "Bob Builder", "NICKNAME": "bob"}}) as server:
        server.port, server.cafile, server.jid("bob"), server.ctl("status")

Everything lives in a throwaway directory: the config file, the Mnesia
spool, logs and the test CA's certificates (certs.py). The one host is
"localhost"; its client port requires STARTTLS with a certificate from the
test CA. mod_vcard runs with search on, so the user directory (XEP-0055) is
at vjud.localhost.

How it runs: /usr/sbin/ejabberdctl only runs as root (and then switches to
the `ejabberd` user, who cannot read our directory) or as that user, so this
module starts the Erlang VM itself with the same arguments and environment
that `ejabberdctl foreground` uses, as whoever runs the tests. The node has a
name, cookie and distribution port of its own, listens on loopback only and
needs no epmd (-start_epmd false), so it never meets a system ejabberd.
Commands (register, set_vcard, stop) go through ejabberd_ctl from a hidden
Erlang node, as ejabberdctl does.
"""

import atexit
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time

import certs

ERL = "/usr/bin/erl"
# Where Debian installs ejabberd's Erlang applications (ejabberdctl's ERL_LIBS).
ERL_LIBS = "/usr/lib/x86_64-linux-gnu"
DOMAIN = "localhost"
SEARCH_SERVICE = "vjud." + DOMAIN
START_TIMEOUT = 40.0  # ejabberd may take 10+ s to start on a busy machine
CTL_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0

# What a vCard field may be set to through set_vcard (mod_admin_extra).
VCARD_FIELDS = ("FN", "NICKNAME", "EMAIL", "URL", "BDAY", "TITLE", "ROLE", "DESC")


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    import socket
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def yaml_str(s):
    """A double-quoted YAML string for s."""
    out = []
    for ch in s:
        if ch in "\\\"":
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append("\\x%02x" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def available():
    """True when the ejabberd package and Erlang are installed."""
    return os.path.exists(ERL) and os.path.isdir(ERL_LIBS) and any(
        name.startswith("ejabberd") for name in os.listdir(ERL_LIBS))


class EjabberdError(RuntimeError):
    """ejabberd did not start, or a command failed."""


class Ejabberd:
    """One private ejabberd node; use as a context manager or start()/stop()."""

    def __init__(self, accounts=None, vcards=None, cert="good", workdir=None):
        # accounts: {localpart: password}; vcards: {localpart: {FIELD: value}}
        # with FIELD one of VCARD_FIELDS.
        self.accounts = dict(accounts or {"alice": "alicepw", "bob": "bobpw"})
        self.vcards = {u: dict(v) for u, v in (vcards or {}).items()}
        self.cert_variant = cert
        self.own_dir = workdir is None
        self.dir = workdir or tempfile.mkdtemp(prefix="natter-ejabberd-")
        self.spool = os.path.join(self.dir, "spool")
        self.logs = os.path.join(self.dir, "logs")
        self.config_path = os.path.join(self.dir, "ejabberd.yml")
        self.pem = os.path.join(self.dir, "server.pem")
        self.out_path = os.path.join(self.dir, "ejabberd.out")
        self.certs = certs.make_certs(os.path.join(self.dir, "certs"))
        self.cafile = self.certs.cafile
        self.port = free_port()
        self.dist_port = free_port()
        while self.dist_port == self.port:
            self.dist_port = free_port()
        tag = "%d-%s" % (os.getpid(), secrets.token_hex(3))
        self.node = "natter-ejd-%s@localhost" % tag
        self.cookie = secrets.token_hex(16)
        self.proc = None
        self._out = None
        self._atexit = False
        self._ctl_seq = 0

    def jid(self, local):
        """The bare JID of an account."""
        return "%s@%s" % (local, DOMAIN)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.cleanup()
        return False

    # -- files ----------------------------------------------------------

    def _write_pem(self):
        """Certificate and key of the chosen variant in one PEM file, the
        form ejabberd's certfiles option reads."""
        crt, key = self.certs.cert(self.cert_variant)
        with open(self.pem, "w") as out:
            for path in (crt, key):
                with open(path) as f:
                    out.write(f.read())
        os.chmod(self.pem, 0o600)

    def _config(self):
        """The YAML config file's text."""
        return """# natter test server (generated)
hosts:
  - {domain}
loglevel: info
log_rotate_count: 0
certfiles:
  - {pem}
listen:
  -
    port: {port}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    starttls_required: true
    max_stanza_size: 262144
auth_method: internal
auth_password_format: plain
acl:
  local:
    user_regexp: ""
access_rules:
  local:
    allow: local
  c2s:
    allow: all
api_permissions:
  "console commands":
    from:
      - ejabberd_ctl
    who: all
    what: "*"
modules:
  mod_admin_extra: {{}}
  mod_carboncopy: {{}}
  mod_disco: {{}}
  mod_ping: {{}}
  mod_roster: {{}}
  mod_stream_mgmt: {{}}
  mod_vcard:
    search: true
""".format(domain=DOMAIN, pem=yaml_str(self.pem), port=self.port)

    def _env(self):
        """Environment for the VM: what ejabberdctl exports, pointed at our
        directory (HOME too, so no cookie file lands in the real one)."""
        env = dict(os.environ)
        env.update({
            "HOME": self.dir,
            "EJABBERD_CONFIG_PATH": self.config_path,
            "EJABBERD_LOG_PATH": os.path.join(self.logs, "ejabberd.log"),
            "ERL_LIBS": ERL_LIBS,
            "ERL_CRASH_DUMP": os.path.join(self.logs, "erl_crash.dump"),
            "ERL_CRASH_DUMP_BYTES": "0",
            "ERL_INETRC": "/etc/ejabberd/inetrc",
            "CONTRIB_MODULES_PATH": os.path.join(self.dir, "contrib"),
            "CONTRIB_MODULES_CONF_DIR": os.path.join(self.dir, "contrib-conf"),
        })
        if not os.path.exists(env["ERL_INETRC"]):
            del env["ERL_INETRC"]
        return env

    def _dist_args(self):
        """Erlang distribution on our own port, loopback only, no epmd."""
        return ["-setcookie", self.cookie, "-erl_epmd_port", str(self.dist_port),
                "-start_epmd", "false", "-kernel", "inet_dist_use_interface", "{127,0,0,1}"]

    # -- running --------------------------------------------------------

    def start(self):
        """Write config, start ejabberd, wait for its port, create accounts
        and vCards."""
        for d in (self.spool, self.logs):
            os.makedirs(d, mode=0o700, exist_ok=True)
        self._write_pem()
        with open(self.config_path, "w") as f:
            f.write(self._config())
        os.chmod(self.config_path, 0o600)
        self._spawn()
        try:
            self._wait_ready()
            for user, password in self.accounts.items():
                self._register(user, password)
            for user, fields in self.vcards.items():
                for field, value in fields.items():
                    self.set_vcard(user, field, value)
        except Exception:
            self.stop()
            raise

    def _spawn(self):
        """Start the VM as `ejabberdctl foreground` would, in its own
        process group."""
        self._out = open(self.out_path, "ab")
        argv = [ERL, "-sname", self.node] + self._dist_args() + [
            "+K", "true", "+P", "250000", "-noinput",
            "-mnesia", "dir", '"%s"' % self.spool, "-s", "ejabberd"]
        self.proc = subprocess.Popen(argv, cwd=self.spool, env=self._env(),
                                     stdin=subprocess.DEVNULL, stdout=self._out,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        if not self._atexit:
            atexit.register(self.cleanup)
            self._atexit = True

    def _listening(self, port):
        """True when something listens on 127.0.0.1:port (from /proc, so no
        probe connection is made)."""
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

    def _register(self, user, password):
        """Create an account. Right after the port opens, mnesia may still be
        creating its tables ("no_exists"): retry that alone, bounded."""
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                self.ctl("register", user, DOMAIN, password)
                return
            except EjabberdError as e:
                if "no_exists" not in str(e) or time.monotonic() > deadline:
                    raise
            time.sleep(0.2)

    def _wait_ready(self):
        """Wait (bounded) until the client port accepts connections; ejabberd
        opens it once every module of the host has started."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise EjabberdError("ejabberd exited with %s:\n%s"
                                    % (self.proc.returncode, self.output()))
            if self._listening(self.port):
                return
            time.sleep(0.1)
        raise EjabberdError("ejabberd did not open port %d within %.0f s:\n%s"
                            % (self.port, START_TIMEOUT, self.output()))

    def ctl(self, *args, timeout=CTL_TIMEOUT, check=True):
        """Run an ejabberdctl command against our node; returns its output.
        Raises EjabberdError when it fails and check is set."""
        self._ctl_seq += 1
        ctl_node = "ctl-%d-%d-%s@localhost" % (os.getpid(), self._ctl_seq,
                                               secrets.token_hex(2))
        argv = [ERL, "-sname", ctl_node] + self._dist_args() + [
            "-dist_listen", "false", "-hidden", "-noinput", "-s", "ejabberd_ctl",
            "-extra", self.node] + [str(a) for a in args]
        try:
            proc = subprocess.run(argv, cwd=self.dir, env=self._env(), stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired as e:
            raise EjabberdError("ejabberdctl %s: no answer within %.0f s"
                                % (" ".join(map(str, args)), timeout)) from e
        text = proc.stdout.decode(errors="replace")
        if check and proc.returncode != 0:
            raise EjabberdError("ejabberdctl %s failed (%d): %s"
                                % (" ".join(map(str, args)), proc.returncode, text))
        return text

    def set_vcard(self, user, field, value):
        """Set one vCard field of an account (updates the search index)."""
        if field not in VCARD_FIELDS:
            raise ValueError("unknown vCard field %r" % field)
        self.ctl("set_vcard", user, DOMAIN, field, value)

    def roster(self, user):
        """The account's roster as ejabberd keeps it: get_roster's lines."""
        return self.ctl("get_roster", user, DOMAIN)

    def stop(self):
        """Stop ejabberd: ejabberdctl stop, then SIGTERM and SIGKILL to its
        process group after bounds. Safe to call twice."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.ctl("stop", timeout=STOP_TIMEOUT, check=False)
                self.proc.wait(timeout=STOP_TIMEOUT)
            except (EjabberdError, subprocess.TimeoutExpired):
                pass
            for sig in (signal.SIGTERM, signal.SIGKILL):
                if self.proc.poll() is not None:
                    break
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    pass
        if self.proc is not None:
            # erl's helpers (inet_gethost, epmd would be one) share the group
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self._out is not None:
            self._out.close()
            self._out = None

    def cleanup(self):
        """Stop and remove the throwaway directory (when we made it)."""
        self.stop()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def output(self):
        """The VM's output and the tail of ejabberd's log, for error messages."""
        text = ""
        for path in (self.out_path, os.path.join(self.logs, "ejabberd.log")):
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    text += "--- %s\n%s" % (path, f.read()[-4000:])
            except OSError:
                pass
        return text

    def log_text(self):
        """The whole ejabberd log so far."""
        try:
            with open(os.path.join(self.logs, "ejabberd.log"), encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except OSError:
            return ""
