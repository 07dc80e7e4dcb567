"""Losing the server and getting it back: natter reconnects by itself,
sends what was typed meanwhile exactly once, and shows what arrived while it
was away exactly once, in order."""

import re
import time
import unittest

from harness import NatterCase, wait_until
import prosody
import screen

ALICE = "alice@localhost"
# short back-off so that the tests do not wait for the defaults
FAST = {"reconnect_min": 1, "reconnect_max": 2}
RECONNECT_BOUND = 30.0  # seconds from the server being back to "online"
SETTLE = 3.0  # quiet time in which a duplicate would have shown


class ReconnectCase(NatterCase):
    """Shared checks."""

    def wait_offline(self, t, timeout=10):
        """The status line stops saying online."""
        t.wait_for(re.compile(r"\S"), where=screen.not_online, timeout=timeout)

    def wait_back_online(self, t, since):
        """natter is online again, within RECONNECT_BOUND of since."""
        t.wait_for(screen.online_re(ALICE), where=screen.status_line,
                   timeout=RECONNECT_BOUND + 5)
        took = time.monotonic() - since
        self.assertLess(took, RECONNECT_BOUND, "reconnecting took %.1f s" % took)

    def type_while_down(self, t, texts):
        """Type texts in the focused chat; each shows as sending."""
        for text in texts:
            t.line(text)
            t.wait_for(screen.state_re(text, "sending"), timeout=5)

    def assert_received_once_in_order(self, peer, texts):
        """peer got each text exactly once from alice, in this order (after
        waiting for them all and a quiet SETTLE period)."""
        wait_until(lambda: set(texts) <= set(peer.bodies(ALICE)), timeout=20,
                   what="%s receiving %r (got %r)" % (peer.jid, texts, peer.bodies(ALICE)))
        time.sleep(SETTLE)
        got = [b for b in peer.bodies(ALICE) if b in texts]
        self.assertEqual(got, list(texts), "not exactly once and in order")

    def assert_shown_once_in_order(self, t, texts, sender=None):
        """Every text shows exactly once in the focused conversation, in order."""
        for text in texts:
            t.wait_for(screen.message_re(text, sender=sender), timeout=20)
        time.sleep(SETTLE)
        lines = t.screen()
        rows = []
        for text in texts:
            found = screen.message_rows(lines, text, sender=sender)
            self.assertEqual(len(found), 1, "%r shown %d times:\n%s"
                             % (text, len(found), t.dump()))
            rows.append(found[0])
        self.assertEqual(rows, sorted(rows), "out of order:\n" + t.dump())


class KillTest(ReconnectCase):
    server_options = prosody.MAM_OPTIONS

    def test_kill_restart_sends_typed_messages_once(self):
        """SIGKILL Prosody while natter is online: natter says it is not
        online; three messages typed meanwhile show "…"; Prosody restarts on
        the same port and data: natter reconnects by itself, bob gets each
        message exactly once and they end up delivered. Nothing natter showed
        before the crash is duplicated by the archive catch-up."""
        bob = self.peer("bob")
        t = self.natter_online(settings=FAST)
        t.line("/msg bob@localhost before the crash")
        self.assertEqual(bob.wait_message(), (ALICE, "before the crash"))
        t.wait_for(screen.state_re("before the crash", "delivered"), timeout=10)
        bob.stop()
        self.server.kill()
        self.wait_offline(t)
        typed = ["typed while down %d" % i for i in (1, 2, 3)]
        self.type_while_down(t, typed)
        self.server.restart()
        self.wait_back_online(t, time.monotonic())
        bob2 = self.peer("bob")
        self.assert_received_once_in_order(bob2, typed)
        for text in typed:
            t.wait_for(screen.state_re(text, "delivered"), timeout=15)
        self.assert_shown_once_in_order(t, ["before the crash"] + typed)


class AwayTest(ReconnectCase):
    """natter reaches the server through a gate the test can shut, so that
    bob can write while natter is certainly away. Without an archive the
    server keeps bob's messages in offline storage (XEP-0160)."""

    def test_messages_both_ways_while_away(self):
        """The server crashes and comes back while natter cannot reach it;
        bob writes three messages, natter's user three. When natter gets
        through again, by itself: bob has each of natter's exactly once, and
        natter shows each of bob's exactly once, in order, after what came
        before."""
        gate = self.gate()
        bob = self.peer("bob")
        t = self.natter_online(settings=FAST, port=gate.port)
        bob.send_message(ALICE, "hello before")
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar, timeout=10)
        t.line("/msg bob@localhost")
        t.wait_for(screen.message_re("hello before", sender="bob"))
        bob.stop()
        gate.shut()
        self.server.kill()
        self.wait_offline(t)
        typed = ["from alice while away %d" % i for i in (1, 2, 3)]
        self.type_while_down(t, typed)
        self.server.restart()
        bob2 = self.peer("bob")
        from_bob = ["from bob while away %d" % i for i in (1, 2, 3)]
        for text in from_bob:
            bob2.send_message(ALICE, text)
        bob2.sync()  # the server has them all before natter gets back
        self.assertTrue(screen.not_online(t.screen()), "natter got through a shut gate")
        gate.open()
        self.wait_back_online(t, time.monotonic())
        self.assert_received_once_in_order(bob2, typed)
        self.assert_shown_once_in_order(t, ["hello before"] + from_bob, sender="bob")
        self.assert_shown_once_in_order(t, typed)


class AwayMamTest(AwayTest):
    """The same with a message archive: bob's messages come both from
    offline storage and from the archive catch-up, and must show once."""

    server_options = prosody.MAM_OPTIONS


class FreezeTest(ReconnectCase):

    def test_frozen_server_noticed_then_reconnect(self):
        """SIGSTOP Prosody: with ping_interval 2 and ping_timeout 2 natter
        notices within about 4 s (bounded at 7 s); after SIGCONT it
        reconnects by itself and messages flow again. A message typed during
        the freeze is never lost silently: it reaches bob (any second copy
        carries the same id, so bob could drop it) or it shows failed."""
        settings = dict(FAST, ping_interval=2, ping_timeout=2)
        bob = self.peer("bob")
        t = self.natter_online(settings=settings)
        t.line("/msg bob@localhost")
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar)
        self.server.freeze()
        start = time.monotonic()
        t.line("typed during the freeze")
        t.wait_for(screen.state_re("typed during the freeze", "sending"), timeout=5)
        self.wait_offline(t, timeout=10)
        noticed = time.monotonic() - start
        self.assertLess(noticed, 7.0, "noticed the frozen server only after %.1f s" % noticed)
        self.server.thaw()
        self.wait_back_online(t, time.monotonic())
        t.line("after the freeze")
        bob.wait_stanza(lambda r: r.bare == ALICE and r.body == "after the freeze", timeout=15,
                        what="the message sent after the freeze")
        t.wait_for(screen.state_re("after the freeze", "delivered"), timeout=10)
        # the message typed during the freeze: delivered (maybe twice with one id) or failed
        typed = "typed during the freeze"
        wait_until(lambda: screen.message_state(t.screen(), typed) in ("delivered", "failed"),
                   timeout=15, what="%r delivered or failed" % typed)
        copies = [r for r in list(bob.messages) if r.body == typed]
        if screen.message_state(t.screen(), typed) == "delivered":
            self.assertIn(len(copies), (1, 2), copies)
            self.assertEqual(len({(c.origin_id or c.id) for c in copies}), 1,
                             "a resent copy has a new id: %r" % copies)

if __name__ == "__main__":
    unittest.main()
