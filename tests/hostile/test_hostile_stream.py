"""Network faults and hostile streams from a scripted server (xmpp_server.py):
oversized and too deeply nested XML, malformed XML, half a stanza then EOF,
a TCP reset mid-stanza, stalls at every login step, bad XEP-0198 acks.

Each test checks the screen, the process (alive, memory bounded, not
spinning) and what the server saw (connections, and when they came)."""

import os
import time

import harness
from harness import NatterCase, wait_until
import certs
import screen
import tui as tui_mod
import xmpp_server

# RSS bounds: AddressSanitizer keeps up to 256 MiB of freed memory in
# quarantine, so its binary gets a larger one.
RSS_LIMIT_KB = 200 * 1024
RSS_LIMIT_ASAN_KB = 640 * 1024


def rss_limit_kb(pid):
    """The RSS bound for the natter running as pid."""
    with open("/proc/%d/maps" % pid) as f:
        return RSS_LIMIT_ASAN_KB if "libasan" in f.read() else RSS_LIMIT_KB
MSG = "<message type='chat' from='bob@localhost/x' id='%s'><body>%s</body></message>"


class StreamCase(NatterCase):
    """natter against a ScriptServer subclass (self.server_class)."""

    start_server = False
    server_class = xmpp_server.ScriptServer
    login_timeout = 30
    width = 200  # reasons fit on one line

    def script_server(self, cls=None, **kw):
        """Start a script server with the good certificate (stopped at tear-down)."""
        work = os.path.join(self.tmp, "certs")
        made = certs.make_certs(work)
        crt, key = made.cert("good")
        self.cafile = made.cafile
        srv = (cls or self.server_class)(crt, key, **kw).start()
        self.addCleanup(srv.stop)
        return srv

    def natter_on(self, srv, extra=()):
        """natter logging in to srv as alice, with fast back-off."""
        lines = ["/set jid alice@localhost", "/set server 127.0.0.1",
                 "/set port %d" % srv.port, "/set cafile %s" % self.cafile,
                 "/set password alice-secret-pw", "/set reconnect_min 1",
                 "/set reconnect_max 2", "/set login_timeout %d" % self.login_timeout]
        return self.natter(lines + list(extra) + ["/connect"])

    def assert_healthy(self, t, cpu_before=None, seconds=None):
        """natter is alive, its RSS bounded and (with cpu_before) it used
        little CPU over the last seconds."""
        self.assertTrue(t.alive(), "natter died:\n" + t.dump())
        pid = t.pid()
        rss = int(tui_mod.proc_status(pid)["VmRSS"].split()[0])
        self.assertLess(rss, rss_limit_kb(pid), "natter uses %d kB" % rss)
        # Under valgrind every TLS handshake of a reconnect costs seconds of
        # CPU, so "not spinning" is told only by the native (ASan) run.
        if cpu_before is not None and not harness.VALGRIND:
            used = tui_mod.cpu_seconds(pid) - cpu_before
            self.assertLess(used, 0.5 * seconds + 1.0,
                            "natter used %.1f s of CPU in %.1f s" % (used, seconds))

    def assert_backoff(self, srv, first_closed_by=10):
        """The first connection ends, a second one comes later (back-off), not at once."""
        c1 = srv.wait_conns(1)[0]
        srv.wait_closed(c1, timeout=first_closed_by)
        c2 = srv.wait_conns(2, timeout=12)[1]
        gap = c2.accepted - c1.closed
        self.assertGreater(gap, 0.5, "reconnected %.2f s after the drop: no back-off" % gap)
        return c1, c2


class PlanServer(xmpp_server.ScriptServer):
    """Connection n (from 0) runs plan[n] once online; later ones behave."""

    plan = ()

    def online(self, c):
        n = self.conns.index(c)
        if n < len(self.plan):
            self.plan[n](c)
        super().online(c)


def send_big(c):
    """A 5 MiB stanza in 64 KiB writes."""
    c.send("<message type='chat' from='bob@localhost/x' id='big'><body>")
    chunk = b"x" * 65536
    for _ in range(80):
        c.send(chunk)
    c.send("</body></message>")


def send_deep(c):
    """10,000 nested opens."""
    c.send("<message from='bob@localhost/x'>" + "<a>" * 10000)


def send_mismatch(c):
    c.send("<message from='bob@localhost/x'><body>x</html></message>")


def send_bad_entity(c):
    """Bare '&': only expat notices (libstrophe then keeps the stream open)."""
    c.send("<message from='bob@localhost/x'><body>a & b</body></message>")


def half_then_eof(c):
    c.send("<message type='chat' from='bob@localhost/x' id='h1'><body>half a sta")
    time.sleep(0.3)
    c.close()


def half_then_reset(c):
    c.send("<message type='chat' from='bob@localhost/x' id='h2'><body>reset mid sta")
    time.sleep(0.3)
    c.reset()


class HostileStreamTest(StreamCase):

    def run_plan(self, plan, messages, rounds=None):
        """Serve plan (one hostile online step per connection); wait for each
        message on screen in turn, for back-off between connections and for
        a last, well-behaved login. Returns (server, tui)."""
        cls = type("Plan", (PlanServer,), {"plan": tuple(plan)})
        srv = self.script_server(cls)
        t = self.natter_on(srv)
        cpu0, t0 = None, time.monotonic()
        for i, text in enumerate(messages):
            t.wait_for(text, timeout=15)
            if cpu0 is None:
                cpu0, t0 = tui_mod.cpu_seconds(t.pid()), time.monotonic()
            c1, c2 = srv.conns[i], srv.wait_conns(i + 2, timeout=12)[i + 1]
            srv.wait_closed(c1, timeout=5)
            gap = c2.accepted - c1.closed
            self.assertGreater(gap, 0.5, "reconnected %.2f s after the drop" % gap)
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        self.assert_healthy(t, cpu0, time.monotonic() - t0)
        return srv, t

    def test_oversized_and_deep(self):
        """A 5 MiB stanza, then 10,000 nested elements: each refused before
        libstrophe builds it (the reason on screen, memory bounded), then a
        reconnect after back-off."""
        srv, t = self.run_plan([send_big, send_deep],
                               ["stanza larger than 4 MiB", "nested deeper than 64 elements"])
        self.assertNotIn("bob", screen.tab_bar(t.screen()))

    def test_malformed_xml(self):
        """A mismatched end tag (caught by natter's scanner) and a bare '&'
        (caught by expat, after which libstrophe kept the stream open and
        natter hung): both end the connection and reconnect with back-off."""
        self.run_plan([send_mismatch, send_bad_entity],
                      ["end tag </html> does not match <body>", "the server sent malformed XML"])

    def test_half_stanza_then_eof_or_reset(self):
        """Half a stanza, then EOF; half a stanza, then a TCP reset: nothing
        half-parsed shows, natter reconnects with back-off each time."""
        srv, t = self.run_plan([half_then_eof, half_then_reset],
                               ["disconnected: the server closed the connection",
                                "disconnected: the connection was lost"])
        text = "\n".join(t.screen())
        self.assertNotIn("half a sta", text)
        self.assertNotIn("reset mid", text)
        self.assertNotIn("bob", screen.tab_bar(t.screen()))


class BadAckServer(xmpp_server.ScriptServer):
    """XEP-0198 server whose first connection answers natter's first message
    with an ack counting 1,000 stanzas (libstrophe would drop its whole
    resend queue on it); on the next connection it has lost the session, as
    a restarted server would, so natter starts a fresh one."""

    sm = True

    def bind(self, c):
        if self.conns.index(c) > 0:
            c.read_until(rb"<resume\b[^>]*/>")
            c.send("<failed xmlns='%s'><item-not-found "
                   "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>" % xmpp_server.NS_SM)
        super().bind(c)

    def online_element(self, c, tag):
        if self.conns.index(c) == 0 and getattr(c, "lied", False):
            return  # silent after the lie: nothing natter sent is confirmed
        if self.conns.index(c) == 0 and tag.startswith("<message"):
            c.lied = True
            c.send("<a xmlns='%s' h='1000'/>" % xmpp_server.NS_SM)
            return
        super().online_element(c, tag)


class BadAckTest(StreamCase):

    def test_impossible_ack_ends_the_stream_and_nothing_is_lost(self):
        """An ack for more stanzas than natter sent ends the connection
        before libstrophe acts on it (its resend queue stays whole); after
        the reconnect the unconfirmed message is sent again."""
        srv = self.script_server(BadAckServer)
        t = self.natter_on(srv)
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        self.assertIn(b"<enable", srv.conns[0].received)
        t.line("/msg bob@localhost kept safe despite the lie")
        t.wait_for("acknowledged 1000 stanzas but natter sent only", timeout=15)
        c1, c2 = self.assert_backoff(srv)
        wait_until(lambda: b"kept safe despite the lie" in c2.received, timeout=15,
                   what="the message sent again on the new connection")
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        self.assert_healthy(t)


class HangupCloseTest(StreamCase):

    def test_terminal_gone_sends_stream_close(self):
        """The terminal goes away (tmux killed, as when SSH drops): natter
        closes its stream with </stream:stream> before it exits, so the
        server ends the session at once instead of waiting for a timeout."""
        srv = self.script_server()
        t = self.natter_on(srv)
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        pid = t.pid()
        t.kill()
        wait_until(lambda: not tui_mod.pid_alive(pid), timeout=5, what="natter gone")
        c = srv.conns[0]
        srv.wait_closed(c, timeout=5)
        self.assertIn(b"</stream:stream>", c.received)
        self.assertEqual(len(srv.conns), 1, "natter reconnected while quitting")


class StallServer(xmpp_server.ScriptServer):
    """Connection n stalls at stalls[n]; later ones log in."""

    stalls = ("stream_header", "starttls", "tls_handshake", "sasl", "bind")

    def step(self, c, name):
        n = self.conns.index(c)
        if n < len(self.stalls) and name == self.stalls[n]:
            c.steps.append(name)
            c.stall(15)
            c.close()
        return super().step(c, name)


class LoginStallTest(StreamCase):

    login_timeout = 2

    def test_stall_at_each_login_step(self):
        """A server that goes silent at a login step (no stream header, no
        answer to STARTTLS, mid TLS handshake, no answer to the login, no
        answer to bind) is given up after login_timeout with the step named,
        and natter tries again after back-off; the last attempt logs in.
        Without the watchdog natter waited forever (and inside libstrophe's
        TLS handshake loop it froze)."""
        srv = self.script_server(StallServer)
        t = self.natter_on(srv)
        words = ["(no stream header)", "(no answer to STARTTLS)", "(TLS handshake)",
                 "(no answer to authentication)", "(no answer to resource binding)"]
        cpu0, t0 = None, time.monotonic()
        for i, step in enumerate(words):
            t.wait_for("could not connect: the server stopped answering during login " + step,
                       timeout=10)
            if cpu0 is None:
                cpu0, t0 = tui_mod.cpu_seconds(t.pid()), time.monotonic()
            c = srv.conns[i]
            srv.wait_closed(c, timeout=5)
            took = c.closed - c.accepted
            self.assertTrue(1.5 < took < 5, "gave up after %.1f s at %s" % (took, step))
            nxt = srv.wait_conns(i + 2, timeout=10)[i + 1]
            self.assertGreater(nxt.accepted - c.closed, 0.5, "no back-off after %s" % step)
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        self.assert_healthy(t, cpu0, time.monotonic() - t0)
