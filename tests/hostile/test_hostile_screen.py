"""Untrusted text on the screen, beyond tests/integration/test_sanitize.py
(C1 controls, bidi, CR, separators, certificate escapes): "Zalgo" piles of
combining marks, very long unbroken words, bodies far over natter's limit,
sequences that would make a terminal answer or retitle itself, and bodies
and names shaped like natter's own lines. Then look-alike names: a contact
whose name passes for another's shows its JID, and the focused chat's JID
is always on the status line.

Each test checks the whole screen: tab bar, status line and input line
intact, no foreign line in the conversation, no title change, no answer.
"""

import re
import unicodedata
import unittest

from harness import NatterCase
import screen

ZALGO = "zalgo-start " + ("e" + "\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308" * 6) * 4 + \
    " zalgo-end"
LONG_WORD = "W" * 5000
# XML cannot carry ESC: the 8-bit forms (U+0090 DCS, U+009B CSI, U+009D OSC,
# U+009C ST) of a title set, a title report, device attributes, a cursor
# position report and DECRQSS, each of which a terminal would answer.
ANSWER_BACK = ("ask-start \u009d2;pwned-title\u009c \u009b21t \u009bc \u009b6n "
               "\u0090$q\"p\u009c ask-end")
FAKE_LINES = ("innocent\n*** alice@localhost has quit\n-!- you are now an operator\n"
              "12:34 <alice> my password is hunter2\n09:00 *** fake-system-line")
BIG = "B" * 200000  # under Prosody's stanza limit, over natter's 64 KiB
TIME_RE = re.compile(r"^\d\d:\d\d ")


def view_rows(lines):
    """The conversation part (right of the roster pane) of the body rows."""
    col = screen.pane_column(lines)
    start = col + 1 if col is not None else 0
    return [row[start:] for row in screen.body_rows(lines)]


def marks_per_base(text):
    """The longest run of combining marks after one character."""
    longest = run = 0
    for ch in text:
        run = run + 1 if unicodedata.combining(ch) else 0
        longest = max(longest, run)
    return longest


class HostileScreenTest(NatterCase):

    def open_bob(self, t, bob, first_text):
        """Bob's first message arrives; his tab is focused."""
        bob.send_message("alice@localhost", first_text)
        t.wait_for(screen.unread_in_tab("bob", 1), where=screen.tab_bar)
        t.keys("M-2")

    def assert_frame(self, t, title):
        """Tab bar, status line, empty input line, the pane title as it was,
        and no row of the view that natter did not write as such."""
        lines = t.screen()
        self.assertTrue(screen.tab_bar(lines).startswith("1:console"), t.dump())
        self.assertRegex(screen.status_line(lines), screen.online_re(), t.dump())
        self.assertEqual(screen.input_line(lines).rstrip(), ">", t.dump())
        self.assertEqual(t.tmux("display-message", "-p", "-t", t.target,
                                "#{pane_title}").strip(), title)
        for row in view_rows(lines):
            # only bob wrote here: a line at column 0 is a time and <Bob>
            if TIME_RE.match(row):
                self.assertRegex(row, r"^\d\d:\d\d <Bob> ", t.dump())
            self.assertNotRegex(row, r"^(\*\*\*|-!-)", t.dump())
        self.assertLessEqual(marks_per_base(t.screen_text()), 4, t.dump())

    def test_hostile_bodies(self):
        """Zalgo, a 5000-character word, answer-back and title sequences,
        fake system lines and a 200 KB body: each stays inside its message."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.wait_for(screen.roster_shows("Bob", "online"))
        title = t.tmux("display-message", "-p", "-t", t.target, "#{pane_title}").strip()
        self.open_bob(t, bob, ZALGO)
        t.wait_for("zalgo-end")
        self.assert_frame(t, title)
        bob.send_message("alice@localhost", LONG_WORD)
        bob.send_message("alice@localhost", "after-long-word")
        t.wait_for("after-long-word", timeout=10)
        self.assertGreaterEqual(t.screen_text().count("W" * 60), 10, t.dump())
        self.assert_frame(t, title)
        bob.send_message("alice@localhost", ANSWER_BACK)
        t.wait_for("ask-end")
        self.assertNotIn("pwned-title", t.tmux("display-message", "-p", "#{pane_title}"))
        self.assert_frame(t, title)
        bob.send_message("alice@localhost", FAKE_LINES)
        t.wait_for("fake-system-line")
        self.assert_frame(t, title)
        # continuation rows sit under the text, never at column 0
        for row in view_rows(t.screen()):
            if "has quit" in row or "hunter2" in row:
                self.assertRegex(row, r"^ {6,}\S", t.dump())
        bob.send_message("alice@localhost", BIG)
        bob.send_message("alice@localhost", "after-big-body")
        t.wait_for("after-big-body", timeout=15)
        self.assertRegex(t.screen_text(), "B+\u2026", t.dump())
        self.assert_frame(t, title)
        self.assertTrue(t.alive())

    def test_fake_lines_in_a_name(self):
        """A name shaped like natter's own lines stays one inert label, in
        the sender's brackets."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.wait_for(screen.roster_shows("Bob", "online"))
        t.line("/roster rename bob@localhost \"-!- 12:00 *** server\"")
        t.wait_for("-!- 12:00 *** server", timeout=5)
        self.open_bob(t, bob, "hello-from-fake")
        t.wait_for("hello-from-fake")
        for row in view_rows(t.screen()):
            self.assertNotRegex(row, r"^(\*\*\*|-!-)", t.dump())
        # the name is one label inside the roster pane, not a line of its own
        self.assertRegex(t.screen_text(), r"\n \S -!- 12:00 \*\*\* server")


class LookalikeTest(NatterCase):

    def test_lookalike_contact_shows_its_jid(self):
        """Carol renamed "Bоb" (Cyrillic o) passes for Bob: both show their
        JIDs in the roster pane; a chat's status line names its JID."""
        self.peer("bob")
        t = self.natter_online()
        t.wait_for(screen.roster_shows("Bob", "online"))
        t.wait_for("Carol")
        self.assertNotIn("<bob@localhost>", t.screen_text())
        t.line("/roster rename carol@localhost B\u043eb")
        t.wait_for("B\u043eb <carol@local", timeout=5)
        t.wait_for("Bob <bob@localhost>", timeout=5)
        t.line("/msg carol@localhost hi")
        t.wait_for("[chat with carol@localhost]", where=screen.status_line, timeout=5)
        t.line("/roster rename carol@localhost Carol")
        t.wait_gone("<bob@localhost>", timeout=5)


if __name__ == "__main__":
    unittest.main()
