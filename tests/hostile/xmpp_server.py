"""A scripted XMPP server for what Prosody would never send: malformed or
oversized XML, stalls at any login step, resets, hostile SCRAM, bad acks.

    srv = ScriptServer(certfile, keyfile).start()   # 127.0.0.1:srv.port
    ...                                              # natter logs in as alice
    srv.stop()

Connections are served one after another until stop(). Every login step is a
method taking the connection c; a test subclasses ScriptServer and overrides
the step it wants hostile (or sets stall_at = "step name" to have the server
go silent there). The steps, in order:

    stream_header    read natter's stream header, send ours (n counts headers)
    features_plain   <starttls/> offered and required (skipped with direct_tls)
    starttls         read <starttls/>, answer <proceed/> (may send <failure/>)
    tls_handshake    the TLS handshake (stall here: natter is left mid-handshake)
    stream_tls       the stream restart after TLS
    features_tls     SASL mechanisms from self.mechanisms
    sasl             PLAIN or SCRAM-SHA-1 against user/password; False ends
    stream_bound     the stream restart after SASL success
    features_bound   bind (and XEP-0198 when self.sm)
    bind             answer the bind request with user@localhost/natter
    roster           answer the roster query (self.roster_items)
    online           answer pings and other iqs, ack XEP-0198, read until EOF

Each connection's record (srv.conns) holds: accepted / closed (monotonic
times), received (every plaintext byte natter sent, after decryption),
steps (the steps reached), ended (how it ended: "eof", "reset by client",
"closed by script", "reset by script", "stopped", "error: ...").

c.send(str|bytes), c.read_until(regex, timeout) -> match (bytes regex
over what was received and not yet consumed), c.reset() (RST through
SO_LINGER 0), c.close(), c.stall(seconds) (interrupted by stop()).

Everything is bounded in time; only 127.0.0.1 is used.
"""

import base64
import hashlib
import hmac
import os
import re
import socket
import ssl
import struct
import threading
import time

STREAM = ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' id='script%d' from='localhost' "
          "version='1.0'>")
NS_TLS = "urn:ietf:params:xml:ns:xmpp-tls"
NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
NS_BIND = "urn:ietf:params:xml:ns:xmpp-bind"
NS_SM = "urn:xmpp:sm:3"
TIMEOUT = 10.0
STEPS = ("stream_header", "features_plain", "starttls", "tls_handshake", "stream_tls",
         "features_tls", "sasl", "stream_bound", "features_bound", "bind", "roster", "online")


class ScriptEnd(Exception):
    """The script ended the connection on purpose (close, reset, stop)."""


class Conn:
    """One accepted connection: its socket (plain, later TLS) and record."""

    def __init__(self, server, sock):
        self.server = server
        self.sock = sock
        self.accepted = time.monotonic()
        self.closed = None
        self.received = b""
        self.pending = b""
        self.steps = []
        self.ended = None
        self.headers = 0  # stream headers sent by us
        self.scram = {}  # state of a SCRAM exchange, for overrides
        self.sent_stanzas = 0  # XEP-0198 count of what natter sent (counted in online)
        sock.settimeout(TIMEOUT)

    def send(self, data):
        """Send str (UTF-8) or bytes."""
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def _recv(self, timeout):
        """One read, bounded by timeout; b"" at EOF."""
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(65536)
        except ConnectionResetError:
            self.ended = self.ended or "reset by client"
            raise ScriptEnd("reset by client")
        self.received += data
        self.pending += data
        return data

    def read_until(self, pattern, timeout=TIMEOUT):
        """Read until the bytes regex pattern matches what was received and
        not yet consumed; consume up to the match's end and return it."""
        if isinstance(pattern, str):
            pattern = pattern.encode()
        deadline = time.monotonic() + timeout
        while True:
            m = re.search(pattern, self.pending, re.S)
            if m:
                self.pending = self.pending[m.end():]
                return m
            left = deadline - time.monotonic()
            if left <= 0 or self.server.stopping.is_set():
                raise ScriptEnd("timed out waiting for %r" % pattern)
            try:
                data = self._recv(min(left, 0.5))
            except (socket.timeout, TimeoutError):
                continue
            if not data:
                self.ended = self.ended or "eof"
                raise ScriptEnd("client closed while waiting for %r" % pattern)

    def reset(self):
        """Abort the connection with a TCP RST."""
        raw = self.sock
        try:
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        raw.close()
        self.ended = self.ended or "reset by script"
        raise ScriptEnd("reset")

    def close(self):
        """Close the connection (FIN, after a TLS close_notify if any)."""
        try:
            if isinstance(self.sock, ssl.SSLSocket):
                self.sock = self.sock.unwrap()
        except (OSError, ValueError, ssl.SSLError):
            pass
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.ended = self.ended or "closed by script"
        raise ScriptEnd("closed")

    def stall(self, seconds):
        """Say nothing for seconds (reading and recording what arrives),
        returning early when stop() is called or the client leaves."""
        deadline = time.monotonic() + seconds
        while not self.server.stopping.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                data = self._recv(min(left, 0.2))
            except (socket.timeout, TimeoutError):
                continue
            except (ssl.SSLError, OSError):
                return
            if not data:
                self.ended = self.ended or "eof"
                raise ScriptEnd("client closed during a stall")

    def start_tls(self, certfile, keyfile):
        """Wrap the socket in TLS (server side)."""
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(certfile, keyfile)
        self.sock.settimeout(TIMEOUT)
        self.sock = ctx.wrap_socket(self.sock, server_side=True)
        self.pending = b""


class ScriptServer:
    """The login script; override a step method, or set stall_at."""

    sm = False  # offer XEP-0198 stream management
    stall_at = None  # a step name: go silent there (stall_seconds)
    stall_seconds = 30.0
    roster_items = "<item jid='bob@localhost' name='Bob' subscription='both'/>"
    scram_iterations = 4096

    def __init__(self, certfile, keyfile, user="alice", password="alice-secret-pw",
                 mechanisms=("PLAIN",), direct_tls=False):
        self.certfile, self.keyfile = certfile, keyfile
        self.user, self.password = user, password
        self.mechanisms = tuple(mechanisms)
        self.direct_tls = direct_tls
        self.conns = []
        self.errors = []  # unexpected exceptions of the script, for the test
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.current = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    # -- life -----------------------------------------------------------

    def start(self):
        """Start serving; returns self."""
        self.thread.start()
        return self

    def stop(self):
        """Stop serving and close everything (bounded)."""
        self.stopping.set()
        c = self.current
        if c is not None:
            try:
                c.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.thread.join(TIMEOUT)
        self.listener.close()

    def wait_conns(self, n, timeout=TIMEOUT):
        """Wait until at least n connections were accepted; the list."""
        deadline = time.monotonic() + timeout
        while len(self.conns) < n and time.monotonic() < deadline:
            time.sleep(0.05)
        if len(self.conns) < n:
            raise AssertionError("%d connection(s) after %.0f s, wanted %d (errors: %r)"
                                 % (len(self.conns), timeout, n, self.errors))
        return self.conns

    def wait_closed(self, c, timeout=TIMEOUT):
        """Wait until connection c has ended."""
        deadline = time.monotonic() + timeout
        while c.closed is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if c.closed is None:
            raise AssertionError("connection still open after %.0f s (steps %r)"
                                 % (timeout, c.steps))

    def _run(self):
        """Accept and serve connections one after another."""
        while not self.stopping.is_set():
            try:
                sock, _ = self.listener.accept()
            except (socket.timeout, TimeoutError):
                continue
            except OSError:
                return
            c = Conn(self, sock)
            with self.lock:
                self.conns.append(c)
            self.current = c
            self._serve_one(c)
            self.current = None

    def _serve_one(self, c):
        """Run the script on c and record how it ended."""
        try:
            self.script(c)
            c.ended = c.ended or "script done"
        except ScriptEnd:
            pass
        except (ssl.SSLError, OSError) as e:
            c.ended = c.ended or ("stopped" if self.stopping.is_set() else "error: %s" % e)
        except Exception as e:  # reported to the test through self.errors
            c.ended = c.ended or "error: %r" % e
            self.errors.append(e)
        finally:
            try:
                c.sock.close()
            except OSError:
                pass
            c.closed = time.monotonic()

    # -- the script -----------------------------------------------------

    def step(self, c, name):
        """Run one step (or stall there); its return value."""
        c.steps.append(name)
        if self.stall_at == name:
            c.stall(self.stall_seconds)
            c.close()
        return getattr(self, name)(c)

    def script(self, c):
        """The whole login, then online."""
        if self.direct_tls:
            self.step(c, "tls_handshake")
            self.step(c, "stream_tls")
        else:
            self.step(c, "stream_header")
            self.step(c, "features_plain")
            self.step(c, "starttls")
            self.step(c, "tls_handshake")
            self.step(c, "stream_tls")
        self.step(c, "features_tls")
        if not self.step(c, "sasl"):
            c.close()
        self.step(c, "stream_bound")
        self.step(c, "features_bound")
        self.step(c, "bind")
        self.step(c, "roster")
        self.step(c, "online")

    def open_stream(self, c):
        """Read natter's stream header and answer with ours."""
        c.read_until(rb"<(?:stream:)?stream\b[^>]*>")
        c.headers += 1
        c.send(STREAM % c.headers)

    def stream_header(self, c):
        self.open_stream(c)

    def stream_tls(self, c):
        self.open_stream(c)

    def stream_bound(self, c):
        self.open_stream(c)

    def features_plain(self, c):
        c.send("<stream:features><starttls xmlns='%s'><required/></starttls>"
               "</stream:features>" % NS_TLS)

    def starttls(self, c):
        c.read_until(rb"<starttls[^>]*/>")
        c.send("<proceed xmlns='%s'/>" % NS_TLS)

    def tls_handshake(self, c):
        c.start_tls(self.certfile, self.keyfile)

    def features_tls(self, c):
        mechs = "".join("<mechanism>%s</mechanism>" % m for m in self.mechanisms)
        c.send("<stream:features><mechanisms xmlns='%s'>%s</mechanisms></stream:features>"
               % (NS_SASL, mechs))

    def sasl(self, c):
        """Check the login; True on success (after <success/> was sent)."""
        m = c.read_until(rb"<auth[^>]*mechanism=[\"']([A-Z0-9-]+)[\"'][^>]*"
                         rb"(?:/>|>([^<]*)</auth>)")
        mech = m.group(1).decode()
        data = base64.b64decode(m.group(2) or b"")
        if mech == "PLAIN" and mech in self.mechanisms:
            ok = data.split(b"\0")[1:] == [self.user.encode(), self.password.encode()]
            return self.sasl_result(c, ok, "")
        if mech == "SCRAM-SHA-1" and mech in self.mechanisms:
            return self.scram_sha1(c, data.decode())
        c.send("<failure xmlns='%s'><invalid-mechanism/></failure>" % NS_SASL)
        return False

    def sasl_result(self, c, ok, additional):
        """Send <success/> (with base64 additional data) or <failure/>."""
        if ok:
            extra = base64.b64encode(additional.encode()).decode() if additional else ""
            c.send("<success xmlns='%s'>%s</success>" % (NS_SASL, extra))
        else:
            c.send("<failure xmlns='%s'><not-authorized/></failure>" % NS_SASL)
        return ok

    # SCRAM-SHA-1 (RFC 5802), server side

    def scram_server_first(self, c, client_first_bare, client_nonce):
        """The server-first-message; c.scram gets salt, iterations, nonce."""
        c.scram["salt"] = os.urandom(16)
        c.scram["iterations"] = self.scram_iterations
        c.scram["nonce"] = client_nonce + base64.b64encode(os.urandom(18)).decode()
        return "r=%s,s=%s,i=%d" % (c.scram["nonce"], base64.b64encode(c.scram["salt"]).decode(),
                                   c.scram["iterations"])

    def scram_server_final(self, c, server_signature, auth_message):
        """The server-final-message (v=base64 signature) sent with <success/>."""
        del auth_message
        return "v=" + base64.b64encode(server_signature).decode()

    def scram_sha1(self, c, client_first):
        """Run a SCRAM-SHA-1 exchange; True when natter proved the password."""
        bare = client_first.split(",", 2)[2]
        attrs = dict(kv.split("=", 1) for kv in bare.split(",") if "=" in kv)
        server_first = self.scram_server_first(c, bare, attrs.get("r", ""))
        c.send("<challenge xmlns='%s'>%s</challenge>"
               % (NS_SASL, base64.b64encode(server_first.encode()).decode()))
        m = c.read_until(rb"<response[^>]*>([^<]*)</response>")
        final = base64.b64decode(m.group(1)).decode()
        without_proof, _, proof = final.rpartition(",p=")
        auth_message = ",".join((bare, server_first, without_proof))
        salted = hashlib.pbkdf2_hmac("sha1", self.password.encode(), c.scram.get("salt", b""),
                                     int(c.scram.get("iterations", 1)))
        client_key = hmac.new(salted, b"Client Key", hashlib.sha1).digest()
        stored = hashlib.sha1(client_key).digest()
        signature = hmac.new(stored, auth_message.encode(), hashlib.sha1).digest()
        expected = bytes(a ^ b for a, b in zip(client_key, signature))
        ok = hmac.compare_digest(expected, base64.b64decode(proof or "")) and \
            ("r=" + c.scram.get("nonce", "")) in without_proof
        server_key = hmac.new(salted, b"Server Key", hashlib.sha1).digest()
        server_sig = hmac.new(server_key, auth_message.encode(), hashlib.sha1).digest()
        return self.sasl_result(c, ok, self.scram_server_final(c, server_sig, auth_message))

    def features_bound(self, c):
        sm = "<sm xmlns='%s'/>" % NS_SM if self.sm else ""
        c.send("<stream:features><bind xmlns='%s'/>%s</stream:features>" % (NS_BIND, sm))

    def bind(self, c):
        m = c.read_until(rb"<iq[^>]*id=[\"']([^\"']+)[\"'][^>]*>\s*<bind")
        c.send("<iq type='result' id='%s'><bind xmlns='%s'><jid>%s@localhost/natter</jid>"
               "</bind></iq>" % (m.group(1).decode(), NS_BIND, self.user))

    def roster(self, c):
        m = c.read_until(rb"<iq[^>]*id=[\"']([^\"']+)[\"'][^>]*>\s*<query "
                         rb"xmlns=[\"']jabber:iq:roster")
        c.send("<iq type='result' id='%s'><query xmlns='jabber:iq:roster'>%s</query></iq>"
               % (m.group(1).decode(), self.roster_items))

    def online(self, c):
        """Answer iqs of type get/set with empty results, XEP-0198 <enable/>
        and <r/>; record everything; until EOF or stop()."""
        pattern = (rb"<iq\b[^>]*>|<enable\b[^>]*/>|<r\b[^>]*/>|<message\b[^>]*>"
                   rb"|<presence\b[^>]*>")
        while True:
            try:
                m = c.read_until(pattern, timeout=3600)
            except ScriptEnd:
                return
            self.online_element(c, m.group(0).decode(errors="replace"))

    def online_element(self, c, tag):
        """React to one start tag natter sent while online."""
        if tag.startswith("<enable"):
            if not self.sm:
                c.send("<failed xmlns='%s'><unexpected-request "
                       "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>" % NS_SM)
                return
            c.sm_enabled = True
            c.send("<enabled xmlns='%s' id='sm-1' resume='true'/>" % NS_SM)
            return
        if tag.startswith("<r"):
            c.send("<a xmlns='%s' h='%d'/>" % (NS_SM, c.sent_stanzas))
            return
        if getattr(c, "sm_enabled", False):
            c.sent_stanzas += 1
        if tag.startswith("<iq"):
            kind = re.search(r"type=[\"'](\w+)", tag)
            ident = re.search(r"id=[\"']([^\"']+)", tag)
            if kind and ident and kind.group(1) in ("get", "set"):
                c.send("<iq type='result' id='%s'/>" % ident.group(1))
