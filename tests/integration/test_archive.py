"""XEP-0313 archive catch-up: what arrived while natter was not running shows
once, in order, and stays that way over restarts; forged archive results are
ignored."""

import re
import time
import unittest

from harness import NatterCase, wait_until
import prosody
import screen

ALICE = "alice@localhost"
SETTLE = 2.0  # quiet time after the catch-up in which a duplicate would show


class ArchiveTest(NatterCase):
    server_options = prosody.MAM_OPTIONS

    def start_and_catch_up(self):
        """Start natter, wait until it is online and its archive query has
        completed (Prosody's log says so), then open bob's tab."""
        mark = self.server.log_mark()
        t = self.natter_online()
        self.server.wait_log(re.compile(r"Archive query id=\S+ completed"), since=mark,
                             timeout=15)
        t.line("/msg bob@localhost")
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar)
        return t

    def assert_once_in_order(self, t, expected):
        """expected is [(text, own)]: each shows exactly once, ours labelled
        as ours and bob's as bob's, in this order."""
        for text, own in expected:
            t.wait_for(screen.message_re(text), timeout=15)
        time.sleep(SETTLE)
        lines = t.screen()
        rows = []
        for text, own in expected:
            found = screen.message_rows(lines, text)
            self.assertEqual(len(found), 1, "%r shown %d times:\n%s"
                             % (text, len(found), t.dump()))
            sender = screen.OWN_LABEL if own else "bob"
            self.assertEqual(screen.message_rows(lines, text, sender=sender), found,
                             "%r not shown as from %s:\n%s" % (text, sender, t.dump()))
            rows.append(found[0])
        self.assertEqual(rows, sorted(rows), "out of order:\n" + t.dump())

    def test_catch_up_once_in_order_over_restarts(self):
        """natter ran once and quit. Meanwhile bob writes five messages and
        alice writes bob one from another client. natter starts: all six
        show exactly once in order, alice's as her own. Quit and start again:
        still exactly once each."""
        bob = self.peer("bob")
        t = self.start_and_catch_up()
        t.line("before natter quit")
        self.assertEqual(bob.wait_message(), (ALICE, "before natter quit"))
        self.quit_natter(t)

        expected = []
        for i in (1, 2, 3):
            text = "archived from bob %d" % i
            bob.send_message(ALICE, text)
            expected.append((text, False))
        bob.sync()
        # a later second, so that time stamps alone order it after bob's
        time.sleep(1.1)
        other = self.peer("alice", resource="other")
        other.send_message("bob@localhost", "from my other client")
        self.assertEqual(bob.wait_message(), (ALICE, "from my other client"))
        expected.append(("from my other client", True))
        other.stop()
        time.sleep(1.1)
        for i in (4, 5):
            text = "archived from bob %d" % i
            bob.send_message(ALICE, text)
            expected.append((text, False))
        bob.sync()

        t2 = self.start_and_catch_up()
        self.assert_once_in_order(t2, [("before natter quit", True)] + expected)
        self.quit_natter(t2)

        t3 = self.start_and_catch_up()
        self.assert_once_in_order(t3, [("before natter quit", True)] + expected)

    def test_forged_archive_results_ignored(self):
        """bob sends archive-result-shaped messages (with and without a
        queryid natter might use): nothing of them shows or is stored."""
        bob = self.peer("bob")
        t = self.start_and_catch_up()
        for qid in ("", " queryid='q1'", " queryid='1'"):
            bob.send_raw(
                "<message to='%s'><result xmlns='urn:xmpp:mam:2'%s id='forged-%d'>"
                "<forwarded xmlns='urn:xmpp:forward:0'>"
                "<delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/>"
                "<message xmlns='jabber:client' from='carol@localhost/x' to='%s' type='chat'"
                " id='fa%d'><body>forged archive text</body></message></forwarded></result>"
                "</message>" % (ALICE, qid, len(qid), ALICE, len(qid)))
        bob.send_message(ALICE, "after the forged results")
        t.wait_for(screen.message_re("after the forged results", sender="bob"), timeout=10)
        self.assertIsNone(screen.find_tab(t.screen(), "carol"), t.dump())
        self.assertNotIn("forged archive text", t.screen_text())
        t.keys("M-1")
        t.wait_gone("after the forged results")
        self.assertNotIn("forged archive text", t.screen_text())
        self.assertNotIn(b"forged archive text", self.history_bytes())

    def test_scroll_up_pages_older_from_archive(self):
        """120 messages from bob are only in the archive (another client of
        alice's took them from offline storage). natter's first start shows
        the newest; PageUp past the top loads older pages from the archive
        until the very first, with no gap and no duplicate on screen."""
        bob = self.peer("bob")
        texts = ["old message %03d" % i for i in range(120)]
        for text in texts:
            bob.send_message(ALICE, text)
        bob.sync()
        other = self.peer("alice", resource="other")
        wait_until(lambda: texts[-1] in other.bodies(), timeout=15,
                   what="alice/other emptying offline storage")
        other.stop()
        t = self.start_and_catch_up()
        t.wait_for(screen.message_re(texts[-1], sender="bob"), timeout=15)
        number = re.compile(r"old message (\d{3})")
        for _ in range(60):
            if screen.message_rows(t.screen(), texts[0]):
                break
            t.keys("PageUp")
            time.sleep(0.3)
        t.wait_for(screen.message_re(texts[0], sender="bob"), timeout=10)
        shown = [int(m.group(1)) for row in screen.body_rows(t.screen())
                 for m in [number.search(row)] if m]
        self.assertEqual(shown[0], 0, t.dump())
        self.assertEqual(shown, list(range(len(shown))), "gap or duplicate:\n" + t.dump())
        self.assertGreater(len(shown), 10, t.dump())


class DelayTest(NatterCase):

    def test_odd_stamps_do_not_reorder_live_messages(self):
        """Messages with absurd, junk or empty XEP-0203 stamps are shown and
        do not crash natter or end up after a later live message."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.line("/msg bob@localhost")
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar)
        bob.send_message(ALICE, "plain first")
        stamps = ("9999-12-31T23:59:59Z", "2038-01-19T03:14:08Z", "not a time", "",
                  "1970-01-01T00:00:00Z", "2024-02-30T25:61:61Z",
                  "99999999999999999999-01-01T00:00:00Z")
        for i, stamp in enumerate(stamps):
            bob.send_raw("<message to='%s' type='chat' id='odd%d'><body>odd stamp %d</body>"
                         "<delay xmlns='urn:xmpp:delay' from='localhost' stamp='%s'/></message>"
                         % (ALICE, i, i, stamp))
        bob.send_message(ALICE, "plain last")
        t.wait_for(screen.message_re("plain last", sender="bob"), timeout=10)
        self.assertTrue(t.alive())
        lines = t.screen()
        last = screen.message_rows(lines, "plain last")
        self.assertEqual(len(last), 1, t.dump())
        for i in range(len(stamps)):
            rows = screen.message_rows(lines, "odd stamp %d" % i)
            self.assertEqual(len(rows), 1, "odd stamp %d (%r):\n%s" % (i, stamps[i], t.dump()))
            self.assertLess(rows[0], last[0], "odd stamp %d (%r) shown after a later live "
                            "message:\n%s" % (i, stamps[i], t.dump()))


if __name__ == "__main__":
    unittest.main()
