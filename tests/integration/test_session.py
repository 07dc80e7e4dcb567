"""The session beyond the basics: bursts through TLS, the heartbeat, live
roster pushes, our presence, completion, refused text and tab keys."""

import os
import socket
import re
import signal
import time
import unittest

from harness import NatterCase, PASSWORDS
import certs
import fake_xmpp
import peer as peer_mod
import screen
import tui as tui_mod


class BurstTest(NatterCase):

    def test_burst_through_tls_all_shown(self):
        """40 messages sent back to back, the last one 30 KB (two TLS records,
        each bigger than libstrophe's 4 KB read), all reach the screen with no
        later traffic to wake natter up: data left inside OpenSSL's buffer is
        drained, not forgotten until the next packet."""
        bob = self.peer("bob")
        t = self.natter_online()
        big = "B" * 30000 + " end-of-big"
        for i in range(40):
            bob.send_message("alice@localhost", big if i == 39 else "burst %02d" % i)
        t.wait_for(screen.unread_in_tab("bob", 40), where=screen.tab_bar, timeout=10)
        t.keys("M-2")
        t.wait_for("end-of-big")


class TlsBufferTest(NatterCase):
    """natter against a scripted server that sends 60 KB in one TLS write."""

    start_server = False

    def test_one_big_write_all_shown(self):
        """Everything in one write: TLS records of 16 KB, of which libstrophe
        reads 4 KB per call, and then silence. Every message must be on
        screen anyway."""
        work = os.path.join(self.tmp, "certs")
        crt, key = certs.make_certs(work).cert("good")
        cafile = os.path.join(work, "ca.crt")
        stanzas = ["<message type='chat' from='bob@localhost/x' id='m%d'><body>%s</body>"
                   "</message>" % (i, "line %02d " % i + "x" * 1400) for i in range(40)]
        stanzas.append("<message type='chat' from='bob@localhost/x' id='last'>"
                       "<body>the very last one</body></message>")
        srv = fake_xmpp.BurstServer(crt, key, stanzas).start()
        self.addCleanup(srv.stop)
        t = self.natter(["/set jid alice@localhost", "/set server 127.0.0.1",
                         "/set port %d" % srv.port, "/set cafile %s" % cafile,
                         "/set password %s" % PASSWORDS["alice"], "/connect"])
        self.assertTrue(srv.burst_sent.wait(15), "no burst: %r" % srv.error)
        t.wait_for(screen.unread_in_tab("bob", 41), where=screen.tab_bar, timeout=5)
        t.keys("M-2")
        t.wait_for("the very last one")


class SilentServerTest(NatterCase):
    """A server that accepts the TCP connection and then says nothing."""

    start_server = False

    def test_negotiation_does_not_spin(self):
        """While natter waits for the stream to be negotiated it sleeps: the
        connected socket is always writable, and asking select() for that
        would turn the wait into a busy loop."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        self.addCleanup(listener.close)
        port = listener.getsockname()[1]
        t = self.natter(["/set jid alice@localhost", "/set server 127.0.0.1",
                         "/set port %d" % port, "/set password x", "/connect"])
        listener.settimeout(10)
        conn, _ = listener.accept()
        self.addCleanup(conn.close)
        t.wait_for("connecting", where=screen.status_line)
        pid = t.pid()
        before = tui_mod.cpu_seconds(pid)
        time.sleep(3)
        used = tui_mod.cpu_seconds(pid) - before
        self.assertLess(used, 0.5, "natter used %.2f s of CPU in 3 s while waiting" % used)


class HeartbeatTest(NatterCase):

    def test_stalled_server_detected(self):
        """With the server frozen (SIGSTOP: the TCP connection stays up but
        nothing answers), the heartbeat notices within ping_interval +
        ping_timeout and says so in the status line."""
        lines = self.login_lines(connect=False)
        lines += ["/set ping_interval 1", "/set ping_timeout 2", "/connect"]
        t = self.natter(lines)
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        pid = self.server.proc.pid
        os.kill(pid, signal.SIGSTOP)
        self.addCleanup(os.kill, pid, signal.SIGCONT)
        start = time.monotonic()
        t.wait_for("no answer from the server", where=screen.status_line, timeout=12)
        self.assertLess(time.monotonic() - start, 12)
        self.assertIn("error:", screen.status_line(t.screen()))


class RosterPushTest(NatterCase):

    def test_push_from_own_account_shows_contact(self):
        """Another client of alice's adds dave: the server's roster push
        reaches natter and dave appears in the roster pane, in his group."""
        t = self.natter_online()
        t.wait_for(screen.roster_shows("bob", "offline"))
        other = peer_mod.Peer("alice@localhost/other", PASSWORDS["alice"],
                              port=self.server.port, cafile=self.server.cafile)
        self.peers.append(other)
        other.start()
        other._call(lambda: other._client.update_roster("dave@localhost", name="Dave",
                                                        groups=["Climbing"]))
        t.wait_for("Climbing")
        t.wait_for(screen.roster_shows("Dave", "offline"))


class PresenceOutTest(NatterCase):

    def test_status_reaches_peer(self):
        """/status away MESSAGE is what bob sees, and the status line shows it."""
        bob = self.peer("bob")
        t = self.natter_online()
        bob.wait_presence("alice@localhost")
        t.line("/status away gone climbing")
        t.wait_for("[away: gone climbing]", where=screen.status_line)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            seen = [p for p in list(bob.presences)
                    if p[0].startswith("alice@localhost") and p[2] == "away"]
            if seen:
                self.assertEqual(seen[-1][3], "gone climbing")
                return
            time.sleep(0.05)
        self.fail("bob never saw alice away: %r" % (bob.presences,))


class InputTest(NatterCase):

    def test_completion_of_commands_and_jids(self):
        """Tab completes a command name, then a roster JID."""
        t = self.natter_online()
        t.type("/ms")
        t.keys("Tab")
        # tmux drops trailing blanks; the JID completion below proves the space
        t.wait_for(re.compile(r"> /msg\s*$"), where=screen.input_line)
        t.type("bo")
        t.keys("Tab")
        t.wait_for("> /msg bob@localhost", where=screen.input_line)

    def test_forbidden_character_refused(self):
        """A control character typed with Ctrl-V is refused with a reason and
        nothing is sent."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.line("/msg bob@localhost first")
        self.assertEqual(bob.wait_message()[1], "first")
        t.line("/tab 2")
        t.type("bad ")
        t.keys("C-v", "C-a")
        t.type(" char")
        t.keys("Enter")
        t.wait_for("U+0001")
        with self.assertRaises(peer_mod.PeerError):
            bob.wait_message(timeout=1.5)

    def test_tab_keys_and_close(self):
        """Ctrl-N/Ctrl-P cycle through tabs, Alt-N jumps, /close closes."""
        t = self.natter_online()
        t.line("/msg bob@localhost to-bob")
        t.line("/msg carol@localhost to-carol")
        t.wait_for(screen.tab_re("carol"), where=screen.tab_bar)
        self.assertEqual(screen.find_tab(t.screen(), "bob")[0], 2)
        self.assertEqual(screen.find_tab(t.screen(), "carol")[0], 3)

        def showing(text):
            """Wait until the conversation view shows text and no other tab's."""
            others = {"to-bob", "to-carol", "connected as"} - {text}
            t.wait_for(text)
            body = "\n".join(screen.body_rows(t.screen()))
            for other in others:
                self.assertNotIn(other, body)

        t.keys("M-1")
        showing("connected as")
        t.keys("C-n")
        showing("to-bob")
        t.keys("C-n")
        showing("to-carol")
        t.keys("C-n")
        showing("connected as")
        t.keys("C-p")
        showing("to-carol")
        t.keys("M-2")
        showing("to-bob")
        t.line("/close")
        t.wait_gone(screen.tab_re("bob"))
        self.assertEqual(screen.find_tab(t.screen(), "carol")[0], 2)


if __name__ == "__main__":
    unittest.main()
