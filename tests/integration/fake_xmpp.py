"""A scripted XMPP server for what Prosody never sends: here, one large TLS
write carrying many stanzas at once (records of 16 KB, bigger than the 4 KB
libstrophe reads per call), so data is left inside OpenSSL's buffer after the
socket has been read empty.

    srv = BurstServer(certfile, keyfile, stanzas=[...])
    srv.start()            # listens on 127.0.0.1:srv.port, one client
    ...                    # natter connects: STARTTLS, SASL PLAIN, bind, roster
    srv.stop()

Everything is bounded in time; only 127.0.0.1 is used.
"""

import re
import socket
import ssl
import threading

STREAM = ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' id='fake%d' from='localhost' "
          "version='1.0'>")
TIMEOUT = 10.0


class BurstServer:
    """One client; after login, answers the roster query and sends every
    stanza of `stanzas` in a single sendall()."""

    def __init__(self, certfile, keyfile, stanzas):
        self.certfile, self.keyfile = certfile, keyfile
        self.stanzas = stanzas
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.listener.settimeout(TIMEOUT)
        self.port = self.listener.getsockname()[1]
        self.error = None
        self.conn = None
        self.burst_sent = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.listener.close()
        if self.conn is not None:
            try:
                self.conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.thread.join(TIMEOUT)

    def _read_until(self, sock, pattern, buf):
        """Read until pattern (bytes regex) matches buf; returns (match, rest)."""
        while True:
            m = re.search(pattern, buf, re.S)
            if m:
                return m, buf[m.end():]
            data = sock.recv(65536)
            if not data:
                raise ConnectionError("client closed while waiting for %r" % pattern)
            buf += data

    def _run(self):
        try:
            conn, _ = self.listener.accept()
            self.conn = conn
            conn.settimeout(TIMEOUT)
            self._serve(conn)
        except Exception as e:  # reported through self.error to the test
            self.error = e

    def _serve(self, conn):
        buf = b""
        _, buf = self._read_until(conn, rb"<stream:stream[^>]*>", buf)
        conn.sendall((STREAM % 1 + "<stream:features><starttls "
                      "xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                      "</stream:features>").encode())
        _, buf = self._read_until(conn, rb"<starttls[^>]*/>", buf)
        conn.sendall(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.certfile, self.keyfile)
        tls = ctx.wrap_socket(conn, server_side=True)
        self.conn = tls  # wrap_socket took over the file descriptor
        buf = b""
        _, buf = self._read_until(tls, rb"<stream:stream[^>]*>", buf)
        tls.sendall((STREAM % 2 + "<stream:features><mechanisms "
                     "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
                     "</mechanisms></stream:features>").encode())
        _, buf = self._read_until(tls, rb"</auth>", buf)
        tls.sendall(b"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")
        _, buf = self._read_until(tls, rb"<stream:stream[^>]*>", buf)
        tls.sendall((STREAM % 3 + "<stream:features><bind "
                     "xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>").encode())
        m, buf = self._read_until(tls, rb"<iq[^>]*id=[\"']([^\"']+)[\"'][^>]*>\s*<bind", buf)
        tls.sendall(("<iq type='result' id='%s'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                     "<jid>alice@localhost/natter</jid></bind></iq>"
                     % m.group(1).decode()).encode())
        m, buf = self._read_until(tls, rb"<iq[^>]*id=[\"']([^\"']+)[\"'][^>]*>\s*<query "
                                  rb"xmlns=[\"']jabber:iq:roster", buf)
        tls.sendall(("<iq type='result' id='%s'><query xmlns='jabber:iq:roster'>"
                     "<item jid='bob@localhost' name='Bob' subscription='both'/>"
                     "</query></iq>" % m.group(1).decode()).encode())
        tls.sendall("".join(self.stanzas).encode())
        self.burst_sent.set()
        # keep the connection open, silent, until natter leaves
        try:
            while tls.recv(65536):
                pass
        except (OSError, ssl.SSLError):
            pass


class RegisterServer(BurstServer):
    """One client that wants to register (XEP-0077), for what Prosody never
    sends: only legacy fields, or a CAPTCHA form. STARTTLS is mandatory;
    then the registration query is answered with `query` (the inner XML of
    the <iq type='result'/>), the client's submission is kept in
    self.submitted and answered with `verdict` (None: a plain result)."""

    def __init__(self, certfile, keyfile, query, verdict=None):
        super().__init__(certfile, keyfile, stanzas=[])
        self.query = query
        self.verdict = verdict
        self.submitted = None
        self.done = threading.Event()

    def _serve(self, conn):
        buf = b""
        _, buf = self._read_until(conn, rb"<stream:stream[^>]*>", buf)
        conn.sendall((STREAM % 1 + "<stream:features><starttls "
                      "xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                      "</stream:features>").encode())
        _, buf = self._read_until(conn, rb"<starttls[^>]*/>", buf)
        conn.sendall(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.certfile, self.keyfile)
        tls = ctx.wrap_socket(conn, server_side=True)
        self.conn = tls
        buf = b""
        _, buf = self._read_until(tls, rb"<stream:stream[^>]*>", buf)
        tls.sendall((STREAM % 2 + "<stream:features><register "
                     "xmlns='http://jabber.org/features/iq-register'/>"
                     "</stream:features>").encode())
        m, buf = self._read_until(tls, rb"<iq[^>]*id=[\"']([^\"']+)[\"'][^>]*>\s*<query "
                                  rb"xmlns=[\"']jabber:iq:register[\"']\s*/>", buf)
        tls.sendall(("<iq type='result' id='%s'>%s</iq>"
                     % (m.group(1).decode(), self.query)).encode())
        m, buf = self._read_until(tls, rb"<iq[^>]*id=[\"']([^\"']+)[\"'][^>]*>(.*?)</iq>", buf)
        self.submitted = m.group(0).decode()
        iq_id = m.group(1).decode()
        tls.sendall((self.verdict % iq_id if self.verdict else
                     "<iq type='result' id='%s'/>" % iq_id).encode())
        self.done.set()
        try:
            while tls.recv(65536):
                pass
        except (OSError, ssl.SSLError):
            pass
