"""`make run`'s demo: private Prosody, demo bot, natter logged in; all gone after /quit."""

import glob
import os
import re
import unittest

from harness import TOP, NatterCase, natter_bin, wait_until
import screen
import tui as tui_mod


def pids_with_arg(text):
    """PIDs of live processes with an argument containing text."""
    pids = []
    for d in glob.glob("/proc/[0-9]*"):
        try:
            with open(os.path.join(d, "cmdline"), "rb") as f:
                args = f.read().decode(errors="replace").split("\0")
        except OSError:
            continue
        pid = int(os.path.basename(d))
        if any(text in a for a in args) and tui_mod.pid_alive(pid):
            pids.append(pid)
    return pids


class DemoTest(NatterCase):

    start_server = False

    def test_demo_logs_in_chats_and_cleans_up(self):
        """Without a natterrc the demo logs you in, the bot greets and answers,
        and /quit leaves no Prosody and no demo directory behind."""
        tmpdir = os.path.join(self.tmp, "tmp")
        os.makedirs(tmpdir)
        env = dict(self.natter_env(), NATTER_BIN=natter_bin(), TMPDIR=tmpdir)
        t = tui_mod.Tui([os.path.join(TOP, "contrib", "demo", "run.sh")], self.home,
                        env=env, width=120, height=30)
        self.tuis.append(t)
        t.start()
        t.wait_for(screen.online_re("you@localhost"), timeout=20, where=screen.status_line)
        demo_dirs = glob.glob(os.path.join(tmpdir, "natter-demo-*"))
        self.assertEqual(len(demo_dirs), 1)
        t.wait_for(screen.unread_in_tab("demo", 1), timeout=10, where=screen.tab_bar)
        t.keys("M-2")
        t.wait_for("demo bot")
        t.line("hello natter")
        t.wait_for(re.compile(re.escape("rettan olleh")))
        prosody_pids = pids_with_arg(os.path.join(demo_dirs[0], "prosody", "prosody.cfg.lua"))
        self.assertEqual(len(prosody_pids), 1, "no Prosody running from %s" % demo_dirs[0])
        prosody_pid = prosody_pids[0]
        t.line("/quit")
        self.assertEqual(t.wait_exit(timeout=15), 0, t.dump())
        wait_until(lambda: not tui_mod.pid_alive(prosody_pid), timeout=5,
                   what="demo Prosody stopped")
        self.assertFalse(os.path.exists(demo_dirs[0]), "demo directory left behind")


if __name__ == "__main__":
    unittest.main()
