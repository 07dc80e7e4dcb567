"""The terminal changing under natter: resizes, hang-ups, end of input."""

import time
import unittest

from harness import NatterCase, natter_bin, wait_until
import screen
import tui as tui_mod


class ResizeTest(NatterCase):

    def check_frame(self, t, width, height):
        """natter is alive and drew its frame for the new size."""
        def framed():
            lines = t.screen()
            return (t.alive() and screen.tab_bar(lines).startswith("1:con") and
                    "online" in screen.status_line(lines))
        wait_until(framed, timeout=5, what="frame redrawn at %dx%d" % (width, height))
        lines = t.screen()
        self.assertEqual(len(lines), height)
        self.assertTrue(all(len(line) <= width for line in lines), t.dump())
        # the input line is the bottom row: typed text shows up there
        t.type("xy")
        t.wait_for("xy", where=screen.input_line, timeout=5)
        t.keys("BSpace", "BSpace")
        t.wait_gone("xy", timeout=5)

    def test_resize_small_tiny_large(self):
        """40x12, 20x6, then 120x40: still alive, frame intact, roster back."""
        self.peer("bob")
        t = self.natter_online()
        t.wait_for(screen.roster_shows("Bob", "online"))
        pid = t.pid()
        for width, height in ((40, 12), (20, 6), (120, 40)):
            t.resize(width, height)
            self.check_frame(t, width, height)
            self.assertEqual(t.pid(), pid)
        t.wait_for(screen.roster_shows("Bob", "online"), timeout=5)
        self.assertTrue(tui_mod.pid_alive(pid))


class TerminalGoneTest(NatterCase):

    def test_hangup_exits(self):
        """Killing the tmux server (SIGHUP to natter) makes natter exit."""
        t = self.natter_online()
        pid = t.pid()
        self.assertTrue(tui_mod.pid_alive(pid))
        t.kill()
        wait_until(lambda: not tui_mod.pid_alive(pid), timeout=5,
                   what="natter (pid %d) gone after SIGHUP" % pid)

    def test_stdin_eof_exits_without_spinning(self):
        """natter with stdin at end of file exits cleanly and does not spin."""
        rc = self.write_rc(self.login_lines(connect=False))
        t = tui_mod.Tui(["sh", "-c", 'exec "$0" "$@" </dev/null', natter_bin(), "-c", rc],
                        self.home, env=self.natter_env())
        self.tuis.append(t)
        t.start()
        cpu = 0.0
        deadline = time.monotonic() + 5
        while t.alive() and time.monotonic() < deadline:
            try:
                cpu = tui_mod.cpu_seconds(t.pid())
            except (OSError, ValueError, RuntimeError, tui_mod.TuiTimeout):
                pass  # natter already gone
            time.sleep(0.05)
        self.assertFalse(t.alive(), "natter still running 5 s after stdin EOF (cpu %.2fs):\n%s"
                         % (cpu, t.dump()))
        self.assertEqual(t.wait_exit(timeout=2), 0, t.dump())
        self.assertLess(cpu, 1.0)


if __name__ == "__main__":
    unittest.main()
