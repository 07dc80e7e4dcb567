"""Disk, database and file faults, and programs run from remote data.

- A full disk while history is written: everything stays on screen, our
  message still goes out, ONE warning says what failed, and once there is
  room again the messages shown meanwhile are written too. The disk is made
  full for real writes by an LD_PRELOAD shim built here, which fails write()
  and pwrite() on files under the data directory with ENOSPC while a flag
  file exists (it works unprivileged and under ASan).
- SIGKILL in the middle of a burst of messages: the database passes
  PRAGMA integrity_check, natter starts again on it and shows the history,
  and every message natter acknowledged (XEP-0184 receipt, sent after the
  message was stored) is in it.
- A damaged database is reported in plain words and set aside
  (history.db.corrupt-...), never deleted; natter starts a new one.
- umask 000: every file and directory natter creates is 0600/0700.
- notify_command: a peer's "$(touch ...)" reaches the program as one literal
  argument and no shell ever runs it."""

import os
import signal
import sqlite3
import stat
import subprocess
import time

import prosody
from harness import NatterCase, natter_bin, wait_until
import screen
import tui as tui_mod

ALICE = "alice@localhost"

SHIM_C = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

/* True while the flag file exists and fd is a file under the full dir. */
static int disk_full(int fd)
{
	const char *flag = getenv("NATTER_TEST_FULL_FLAG");
	const char *dir = getenv("NATTER_TEST_FULL_DIR");
	char link[64], target[4096];
	int saved = errno;
	ssize_t n;
	int full = 0;

	if (flag && dir && access(flag, F_OK) == 0) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			full = strncmp(target, dir, strlen(dir)) == 0;
		}
	}
	errno = saved;
	return full;
}

#include <sys/syscall.h>
/* Open the log without going through our own open(). */
static long syscall_open(const char *path)
{
	return syscall(SYS_openat, -100, path, 02000 | 01 | 0100 | 02000000, 0600);
}

#define REAL(name) static __typeof__(name) *real; if (!real) real = dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(write);
	if (disk_full(fd)) { errno = ENOSPC; return -1; }
	return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite);
	if (disk_full(fd)) { errno = ENOSPC; return -1; }
	return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite64);
	if (disk_full(fd)) { errno = ENOSPC; return -1; }
	return real(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt)
{
	REAL(writev);
	if (disk_full(fd)) { errno = ENOSPC; return -1; }
	return real(fd, iov, cnt);
}
"""

# Appended to the shim for the umask test: every open(..., O_CREAT, mode)
# and mkdir(path, mode) that creates something is logged with the mode
# asked for, so a file created
# wide and narrowed by chmod afterwards (a window for other users) shows.
CREATE_LOG_C = r"""
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>

/* Log "MODE PATH" when NATTER_TEST_CREATE_LOG is set. */
static void log_create(const char *path, unsigned mode)
{
	static __typeof__(write) *real_write;
	const char *log = getenv("NATTER_TEST_CREATE_LOG");
	char line[4200];
	int saved = errno, fd, n;

	if (!log)
		return;
	if (!real_write)
		real_write = dlsym(RTLD_NEXT, "write");
	fd = (int)syscall_open(log);
	if (fd < 0)
		return;
	n = snprintf(line, sizeof(line), "%o %s\n", mode, path);
	real_write(fd, line, (size_t)n);
	close(fd);
	errno = saved;
}

#define OPEN_LIKE(name, ...) \
	{ \
		mode_t mode = 0; \
		REAL(name); \
		if (flags & O_CREAT) { \
			va_list ap; \
			va_start(ap, flags); \
			mode = (mode_t)va_arg(ap, int); \
			va_end(ap); \
			/* O_CREAT on an existing file creates nothing */ \
			if (access(path, F_OK) != 0) \
				log_create(path, mode); \
		} \
		return real(__VA_ARGS__, flags, mode); \
	}

int open(const char *path, int flags, ...) OPEN_LIKE(open, path)
int open64(const char *path, int flags, ...) OPEN_LIKE(open64, path)
int openat(int dirfd, const char *path, int flags, ...) OPEN_LIKE(openat, dirfd, path)

int mkdir(const char *path, mode_t mode)
{
	REAL(mkdir);
	if (access(path, F_OK) != 0)
		log_create(path, mode);
	return real(path, mode);
}
"""

BURST = 300  # messages per burst in the SIGKILL test
RECEIPT_MSG = ("<message to='%s' type='chat' id='%s'><body>%s</body>"
               "<request xmlns='urn:xmpp:receipts'/></message>")


def db_rows(path, sql, args=()):
    """Rows of a query on a database natter is not running on."""
    con = sqlite3.connect(path, timeout=5)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


class DiskCase(NatterCase):
    """natter with extra environment (the disk-full shim) when asked."""

    extra_env = None

    def natter_env(self):
        env = dict(super().natter_env())
        env.update(self.extra_env or {})
        return env

    def stored_bodies(self):
        """Bodies in the history database, in order."""
        return [r[0] for r in db_rows(self.history_db(),
                                      "SELECT body FROM messages ORDER BY ts, rowid")]

    def open_bob(self, t):
        """Focus bob's tab."""
        t.line("/msg bob@localhost")
        t.wait_for(screen.tab_re("bob"), where=screen.tab_bar, timeout=10)


    def build_shim(self, extra=""):
        """Compile the shim (with more C code); returns (library path, flag
        path) and sets the environment natter gets to preload it."""
        src = os.path.join(self.tmp, "shim.c")
        lib = os.path.join(self.tmp, "shim.so")
        with open(src, "w") as f:
            f.write(SHIM_C + extra)
        subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", lib, src, "-ldl"],
                       check=True, timeout=60)
        flag = os.path.join(self.tmp, "disk-is-full")
        base = dict(super().natter_env())
        asan = [o for o in base.get("ASAN_OPTIONS", "").split(":") if o]
        # the shim is preloaded ahead of the ASan runtime; that is fine here
        self.extra_env = {"LD_PRELOAD": lib, "NATTER_TEST_FULL_FLAG": flag,
                          "NATTER_TEST_FULL_DIR": os.path.realpath(self.data_dir()),
                          "ASAN_OPTIONS": ":".join(asan + ["verify_asan_link_order=0"])}
        return lib, flag


class DiskFullTest(DiskCase):

    def test_disk_full_one_warning_then_resumes(self):
        """While the disk is full: messages in and out stay on screen, ours
        is still sent, the console has exactly one warning naming the cause.
        Once there is room, the next write also saves what was missed."""
        _lib, flag = self.build_shim()
        bob = self.peer("bob")
        t = self.natter_online()
        self.open_bob(t)
        bob.send_message(ALICE, "before the disk filled")
        t.wait_for(screen.message_re("before the disk filled", sender="bob"), timeout=10)

        open(flag, "w").close()
        for i in range(3):
            bob.send_message(ALICE, "while full %d" % i)
        t.wait_for(screen.message_re("while full 2", sender="bob"), timeout=10)
        t.line("typed while full")
        self.assertEqual(bob.wait_message(), (ALICE, "typed while full"))
        for text in ("while full 0", "while full 1", "typed while full"):
            t.wait_for(screen.message_re(text), timeout=5)
        self.assertNotIn("saving works again", t.screen_text())

        os.unlink(flag)
        bob.send_message(ALICE, "room again")
        t.wait_for(screen.message_re("room again", sender="bob"), timeout=10)
        t.keys("M-1")
        t.wait_for("saving works again", timeout=10)
        lines = t.screen()
        warnings = [l for l in lines if "history: cannot save" in l]
        self.assertEqual(len(warnings), 1, t.dump())
        self.assertIn("disk full", warnings[0], t.dump())
        self.quit_natter(t)

        bodies = self.stored_bodies()
        for text in ("before the disk filled", "while full 0", "while full 1",
                     "while full 2", "typed while full", "room again"):
            self.assertEqual(bodies.count(text), 1, (text, bodies))
        self.assertEqual(db_rows(self.history_db(), "PRAGMA integrity_check"), [("ok",)])


class CrashTest(DiskCase):
    # What bob sends while natter is dead may sit in the killed session's
    # XEP-0198 queue, which Prosody drops when the new login replaces it: the
    # archive is how natter gets the rest of the burst back.
    server_options = prosody.MAM_OPTIONS

    def acked_ids(self, bob):
        """Ids of bob's messages natter sent a receipt for."""
        return {r.receipt_for for r in list(bob.all_stanzas) if r.receipt_for}

    def test_sigkill_mid_burst_keeps_a_consistent_database(self):
        """Three times: a burst of 300 messages, natter SIGKILLed once it has
        acknowledged 20 of the burst. After each kill the database is intact
        and holds every acknowledged message; a new natter opens it and
        carries on (the rest of the burst arrives and is stored)."""
        bob = self.peer("bob", receipts=False)
        t = self.natter_online()
        counts = []  # messages acknowledged when the kill came
        for rnd in range(3):
            ids = ["r%d-%03d" % (rnd, i) for i in range(BURST)]
            for i, mid in enumerate(ids):
                bob.send_raw(RECEIPT_MSG % (ALICE, mid, "burst %d message %d" % (rnd, i)))
            wait_until(lambda: len(self.acked_ids(bob) & set(ids)) >= 20, timeout=20,
                       what="20 receipts of round %d" % rnd)
            os.kill(t.pid(), signal.SIGKILL)
            wait_until(lambda: not t.alive(), timeout=5, what="natter killed")
            acked = self.acked_ids(bob) & set(ids)
            counts.append(len(acked))
            self.assertEqual(db_rows(self.history_db(), "PRAGMA integrity_check"), [("ok",)])
            stored = {r[0] for r in db_rows(self.history_db(),
                                            "SELECT id FROM messages WHERE dir = 0")}
            self.assertTrue(acked <= stored, sorted(acked - stored))
            # the same database again: the stored page and then the rest of
            # the burst (kept offline by the server) end up on screen
            t = self.natter_online()
            self.open_bob(t)
            t.wait_for(screen.message_re("burst %d message %d" % (rnd, BURST - 1),
                                         sender="bob"), timeout=20)
        self.quit_natter(t)
        self.assertEqual(db_rows(self.history_db(), "PRAGMA integrity_check"), [("ok",)])
        stored = [r[0] for r in db_rows(self.history_db(), "SELECT id FROM messages")]
        self.assertTrue({"r%d-%03d" % (rnd, BURST - 1) for rnd in range(3)} <= set(stored))
        # the kill really came in the middle of a burst (not after it)
        self.assertLess(min(counts), BURST, counts)


class CorruptTest(DiskCase):

    def test_damaged_database_is_set_aside(self):
        """Garbage over the header: natter says so in plain words, keeps the
        old file (history.db.corrupt-...) byte for byte, starts a new
        database and goes on storing messages."""
        bob = self.peer("bob")
        t = self.natter_online()
        bob.send_message(ALICE, "stored before the damage")
        t.wait_for(screen.unread_in_tab("bob", 1), where=screen.tab_bar, timeout=10)
        self.quit_natter(t)
        with open(self.history_db(), "r+b") as f:
            f.write(b"\xde\xad" * 512)
        with open(self.history_db(), "rb") as f:
            damaged = f.read()

        t = self.natter_online()
        t.wait_for("the history database was damaged", timeout=10)
        t.wait_for("corrupt-", timeout=5)
        aside = [n for n in os.listdir(self.data_dir()) if n.startswith("history.db.corrupt-")
                 and not n.endswith(("-wal", "-shm"))]
        self.assertEqual(len(aside), 1, os.listdir(self.data_dir()))
        with open(os.path.join(self.data_dir(), aside[0]), "rb") as f:
            self.assertEqual(f.read(), damaged)
        bob.send_message(ALICE, "stored after the damage")
        self.open_bob(t)
        t.wait_for(screen.message_re("stored after the damage", sender="bob"), timeout=10)
        self.quit_natter(t)
        self.assertIn("stored after the damage", self.stored_bodies())
        self.assertEqual(db_rows(self.history_db(), "PRAGMA integrity_check"), [("ok",)])


class ModesAndNotifierTest(DiskCase):

    def test_umask_000_files_private_from_creation(self):
        """Under umask 000, with -v, after login, a message and a /history
        export: every file natter made is 0600 and every directory 0700, and
        each was asked for with that mode at creation (the shim logs the
        mode of every open(O_CREAT) and mkdir)."""
        bob = self.peer("bob")
        rc = self.write_rc(self.login_lines())
        # XDG directories natter must create itself (the harness makes the
        # usual ones in advance, with Python's modes)
        fresh = os.path.join(self.home, "fresh")
        created = os.path.join(self.tmp, "created.log")
        self.build_shim(CREATE_LOG_C)
        self.extra_env["NATTER_TEST_CREATE_LOG"] = created
        env = dict(self.natter_env())
        for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                         ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
            env[var] = os.path.join(fresh, sub)
        db = os.path.join(fresh, "data", "natter", ALICE, "history.db")
        export = os.path.join(fresh, "data", "natter", "bob.txt")
        argv = ["sh", "-c", 'umask 000; exec "$@"', "umask000", natter_bin(), "-c", rc, "-v"]
        t = tui_mod.Tui(argv, self.home, width=self.width, height=self.height, env=env)
        self.tuis.append(t)
        t.start()
        t.wait_for(screen.online_re(ALICE), timeout=15, where=screen.status_line)
        bob.send_message(ALICE, "hello under umask 000")
        self.open_bob(t)
        t.wait_for(screen.message_re("hello under umask 000", sender="bob"), timeout=10)
        t.line("a reply")
        self.assertEqual(bob.wait_message(), (ALICE, "a reply"))
        t.line("/history export bob@localhost %s" % export)
        wait_until(lambda: os.path.exists(export), timeout=10, what="the export")
        self.assertTrue(os.path.exists(db + "-wal"))
        self.assertTrue(os.path.exists(os.path.join(fresh, "state", "natter", "debug.log")))
        self.quit_natter(t)

        seen, bad = 0, []
        for root, dirs, files in os.walk(fresh):
            rel = os.path.relpath(root, fresh)
            for name in dirs + files:
                mode = stat.S_IMODE(os.lstat(os.path.join(root, name)).st_mode)
                want = 0o700 if name in dirs else 0o600
                seen += 1
                if mode != want:
                    bad.append((os.path.join(rel, name), oct(mode)))
        self.assertEqual(bad, [])
        self.assertEqual(stat.S_IMODE(os.stat(fresh).st_mode), 0o700)
        # and they were created that way, not narrowed afterwards
        with open(created) as f:
            asked = [line.rstrip("\n").split(" ", 1) for line in f]
        ours = [(int(m, 8), p) for m, p in asked if p.startswith(fresh)]
        self.assertGreaterEqual(len(ours), 5, asked)
        self.assertEqual([(oct(m), p) for m, p in ours if m & 0o077], [])
        self.assertGreaterEqual(seen, 10)  # dirs, history.db, logs, export

    def test_notifier_gets_remote_text_as_one_argument(self):
        """A message reading $(touch ...) etc. reaches notify_command as one
        literal argument after a "--"; no shell runs it, no file appears."""
        pwned = os.path.join(self.tmp, "PWNED")
        out = os.path.join(self.tmp, "argv.out")
        script = os.path.join(self.tmp, "record")
        with open(script, "w") as f:
            f.write("#!/bin/sh\nprintf '%%s\\0' \"$@\" >%s.tmp && mv %s.tmp %s\n"
                    % (out, out, out))
        os.chmod(script, 0o700)
        body = "$(touch %s) `touch %s`; touch %s | x\n-rf" % (pwned, pwned, pwned)
        bob = self.peer("bob")
        t = self.natter_online(settings={"notify_command": "%s %%f %%m" % script})
        bob.send_message(ALICE, body)
        wait_until(lambda: os.path.exists(out), timeout=10, what="the notifier's record")
        with open(out, "rb") as f:
            args = f.read().decode("utf-8").split("\0")[:-1]
        self.assertEqual(len(args), 3, args)
        self.assertEqual(args[0], "--")
        self.assertEqual(args[1].lower(), "bob")
        self.assertEqual(args[2], body)
        time.sleep(0.5)
        self.assertFalse(os.path.exists(pwned))
        self.assertTrue(t.alive())
