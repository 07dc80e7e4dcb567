"""The keyboard and the terminal as an attacker or a fault: bracketed paste
(a pasted block never runs as commands), resize storms, SIGTSTP/SIGCONT,
and the terminal going away (SSH dropped) while online.

tests/integration/test_terminal.py has the basics (a few resizes, hang-up,
stdin at EOF); these go further.
"""

import os
import random
import re
import time
import unittest

from harness import NatterCase, natter_bin, wait_until
import screen
import tui as tui_mod

PASTED = ["/quit", "second line", "/set password leaked", "  indented four", "last: //x"]
QUESTION_RE = re.compile(r"send 5 pasted lines to bob\S*\? \(y/n\)")
BREAK = "\u21b5"  # how the input line shows a pasted line break


def paste(t, text, name="natter-paste"):
    """Paste text into the pane the way a terminal does: through a tmux
    buffer with bracketed-paste marks (-p; tmux adds them because natter
    asked for them with ESC[?2004h). Line feeds arrive as CR, as typed."""
    path = os.path.join(t.home, ".paste")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    t.tmux("load-buffer", "-b", name, path)
    t.tmux("paste-buffer", "-p", "-d", "-b", name, "-t", t.target)


def stays_alive(case, t, seconds):
    """natter keeps running for the given time (a /quit would end it)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        case.assertTrue(t.alive(), "natter exited:\n" + t.dump())
        time.sleep(0.1)


class PasteTest(NatterCase):

    def open_chat(self):
        """natter online with a chat tab for bob focused; returns (t, bob)."""
        bob = self.peer("bob")
        t = self.natter_online()
        t.wait_for(screen.roster_shows("Bob", "online"))
        t.line("/msg bob@localhost hi")
        self.assertEqual(bob.wait_message(), ("alice@localhost", "hi"))
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar)
        return t, bob

    def test_pasted_block_is_one_message_after_yes(self):
        """Five pasted lines, the first "/quit": nothing runs, a question
        asks, "y" sends them as one message with its line breaks."""
        t, bob = self.open_chat()
        paste(t, "\n".join(PASTED) + "\n")
        t.wait_for(QUESTION_RE, where=screen.input_line, timeout=5)
        stays_alive(self, t, 1.0)
        self.assertNotIn("leaked", t.screen_text())
        t.type("y")
        frm, body = bob.wait_message(timeout=5)
        self.assertEqual(frm, "alice@localhost")
        self.assertEqual(body, "\n".join(PASTED))
        t.wait_for("last: //x")
        t.wait_gone(QUESTION_RE, timeout=5)
        self.assertTrue(t.alive())
        # the pasted lines are the message's continuation rows, not commands
        self.assertRegex(t.screen_text(), r"\n *x? *\d\d:\d\d <alice> /quit\n")

    def test_declined_paste_stays_in_the_input_line(self):
        """"n" keeps the block in the input line (line breaks shown as ↵);
        Enter then sends it as a message, still never as a command."""
        t, bob = self.open_chat()
        paste(t, "/quit\nsecond\n")
        t.wait_for(re.compile(r"send 2 pasted lines"), where=screen.input_line, timeout=5)
        t.type("n")
        t.wait_for("/quit" + BREAK + "second", where=screen.input_line, timeout=5)
        stays_alive(self, t, 0.5)
        t.keys("Enter")
        frm, body = bob.wait_message(timeout=5)
        self.assertEqual(body, "/quit\nsecond")
        stays_alive(self, t, 0.5)

    def test_single_pasted_line_is_only_inserted(self):
        """One pasted line ending in a newline goes into the input line and
        does not run."""
        t, _bob = self.open_chat()
        paste(t, "/quit\n")
        t.wait_for("> /quit", where=screen.input_line, timeout=5)
        stays_alive(self, t, 1.0)
        t.keys("C-u")
        t.wait_gone("/quit", timeout=5)

    def test_forbidden_characters_refused_and_kept(self):
        """A pasted block with a character XML forbids is refused before
        sending, with a reason; the text waits in the input line."""
        t, bob = self.open_chat()
        paste(t, "bad \x01 char\nline two\n")
        t.wait_for(re.compile(r"send 2 pasted lines"), where=screen.input_line, timeout=5)
        t.type("y")
        t.wait_for(re.compile(r"control character U\+0001"), timeout=5)
        t.wait_for("line two", where=screen.input_line, timeout=5)
        time.sleep(0.5)
        self.assertEqual(bob.bodies("alice@localhost"), ["hi"])


class ResizeStormTest(NatterCase):

    def test_resize_storm(self):
        """200 resizes between 1x1 and 300x100 in about 2 s, then 100x30:
        natter lives, draws a correct frame and sleeps afterwards."""
        self.peer("bob")
        t = self.natter_online()
        t.wait_for(screen.roster_shows("Bob", "online"))
        pid = t.pid()
        rnd = random.Random(6)
        sizes = [(1, 1), (300, 100), (2, 1), (1, 50)]
        sizes += [(rnd.randint(1, 300), rnd.randint(1, 100)) for _ in range(196)]
        start = time.monotonic()
        for width, height in sizes:
            t.resize(width, height)
        self.assertLess(time.monotonic() - start, 20)
        self.assertTrue(tui_mod.pid_alive(pid), "natter died in the storm")
        t.resize(100, 30)

        def framed():
            lines = t.screen()
            return (screen.tab_bar(lines).startswith("1:con") and
                    "online" in screen.status_line(lines))
        wait_until(framed, timeout=5, what="frame redrawn at 100x30")
        t.wait_for(screen.roster_shows("Bob", "online"), timeout=5)
        lines = t.screen()
        self.assertEqual(len(lines), 30)
        self.assertTrue(all(len(line) <= 100 for line in lines), t.dump())
        # asleep afterwards: almost no CPU time over a second
        time.sleep(0.3)
        before = tui_mod.cpu_seconds(pid)
        time.sleep(1.0)
        self.assertLess(tui_mod.cpu_seconds(pid) - before, 0.1, "busy after the storm")
        t.type("xy")
        t.wait_for("xy", where=screen.input_line, timeout=5)


class SuspendTest(NatterCase):

    def test_sigtstp_gives_the_terminal_back(self):
        """natter run from an interactive shell: SIGTSTP stops it with the
        terminal in the shell's modes (the shell prompt works, stty shows
        canonical mode and echo); fg brings it back redrawn."""
        rc = self.write_rc(self.login_lines())
        env = dict(self.natter_env())
        env["PS1"] = "SHELL$ "
        t = tui_mod.Tui(["/bin/bash", "--norc", "--noprofile", "-i"], self.home, env=env)
        self.tuis.append(t)
        t.start()
        t.wait_for("SHELL$", timeout=10)
        # the shell itself does not want marked pastes: only natter does
        t.line("bind 'set enable-bracketed-paste off'")
        t.line("%s -c %s 2>/dev/null" % (natter_bin(), rc))
        t.wait_for(screen.online_re("alice@localhost"), timeout=15, where=screen.status_line)
        shell = t.pid()
        natter = tui_mod.child_pids(shell)[0]
        os.kill(natter, 20)  # SIGTSTP
        wait_until(lambda: tui_mod.proc_state(natter) == "T", timeout=5,
                   what="natter stopped")
        t.wait_for(re.compile(r"Stopped[\s\S]*SHELL\$"), timeout=5)
        # natter left the alternate screen: the shell's screen is back
        self.assertEqual(t.tmux("display-message", "-p", "-t", t.target,
                                "#{alternate_on}").strip(), "0", t.dump())
        self.assertNotIn("\x1b", t.screen_text())
        # natter turned bracketed paste off: a paste reaches the shell as typed
        paste(t, "echo paste-$((6*7))-done\n")
        t.wait_for(re.compile(r"^paste-42-done", re.M), timeout=5)
        t.line("stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ,; echo")
        t.wait_for("icanon,echo,", timeout=5)
        t.line("fg")
        t.wait_for(screen.online_re("alice@localhost"), timeout=10, where=screen.status_line)
        self.assertEqual(t.tmux("display-message", "-p", "-t", t.target,
                                "#{alternate_on}").strip(), "1", t.dump())
        self.assertNotIn("SHELL$", t.screen_text())
        t.type("zz")
        t.wait_for("zz", where=screen.input_line, timeout=5)
        t.keys("C-u")
        t.line("/quit")
        wait_until(lambda: not tui_mod.pid_alive(natter), timeout=10, what="natter quit")


class HangupTest(NatterCase):

    def test_terminal_gone_closes_the_stream(self):
        """The tmux server is killed (SSH dropped): natter exits within 3 s
        without spinning, bob sees alice unavailable at once, and the
        message that arrived before is in the database. (This Prosody also
        reports a dropped socket at once, so the presence alone does not
        prove the </stream:stream>; the scripted server can.)"""
        bob = self.peer("bob")
        t = self.natter_online()
        t.wait_for(screen.roster_shows("Bob", "online"))
        bob.wait_presence("alice@localhost", "available", timeout=10)
        bob.send_message("alice@localhost", "kept-before-hangup")
        t.wait_for(screen.unread_in_tab("bob", 1), where=screen.tab_bar)
        pid = t.pid()
        cpu_before = tui_mod.cpu_seconds(pid)
        cpu = cpu_before
        t.kill()
        start = time.monotonic()
        while tui_mod.pid_alive(pid) and time.monotonic() - start < 3:
            try:
                cpu = tui_mod.cpu_seconds(pid)
            except (OSError, ValueError, IndexError):
                pass
            time.sleep(0.05)
        self.assertFalse(tui_mod.pid_alive(pid), "natter still running 3 s after the hang-up")
        self.assertLess(cpu - cpu_before, 1.0)
        bob.wait_presence("alice@localhost", "unavailable", timeout=3)
        self.assertIn(b"kept-before-hangup", self.history_bytes())


if __name__ == "__main__":
    unittest.main()
