"""natter's demo: a private Prosody, a friendly bot, and natter logged in.

    /usr/bin/python3 contrib/demo/demo.py NATTER [NATTER-ARGS...]

Starts Prosody on 127.0.0.1 (free ports, own CA, throwaway directory) with
the accounts you@localhost and demo@localhost as mutual contacts, logs the
demo bot in, writes a natterrc (0600) for you@localhost and runs natter in
the foreground with it. natter's data and logs stay in the throwaway
directory too. When natter exits, the bot and Prosody are stopped and the
directory is removed.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))

import prosody as prosody_mod  # noqa: E402
from demobot import DemoBot  # noqa: E402


class Stop(Exception):
    """SIGTERM or SIGHUP arrived: clean up and leave."""


def _on_signal(signum, _frame):
    """Turn SIGTERM/SIGHUP into an exception so the finally blocks run."""
    raise Stop(signum)


def say(text):
    """A line on stderr before natter takes over the screen."""
    sys.stderr.write("demo: %s\n" % text)
    sys.stderr.flush()


def write_natterrc(path, server, password):
    """A natterrc for you@localhost on the demo server, mode 0600."""
    lines = ["# natter demo: a throwaway account on a private Prosody",
             "/set jid you@localhost",
             "/set password %s" % password,
             "/set server 127.0.0.1",
             "/set port %d" % server.port,
             "/set cafile %s" % server.cafile,
             "/connect"]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")


def natter_env(tmp):
    """natter's environment: XDG directories inside the demo directory so
    the demo account leaves nothing in your own data and state."""
    env = dict(os.environ)
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
        env[var] = os.path.join(tmp, sub)
        os.makedirs(env[var], mode=0o700, exist_ok=True)
    return env


def run_natter(argv, env):
    """Run natter in the foreground; returns its exit status. Ctrl-C is
    natter's business, not ours, while it runs."""
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        proc = subprocess.Popen(argv, env=env)
        try:
            return proc.wait()
        except Stop:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
            raise
    finally:
        signal.signal(signal.SIGINT, old)


def main(argv):
    """Set everything up, run natter, tear everything down."""
    if not argv:
        sys.stderr.write("usage: demo.py NATTER [ARGS...]\n")
        return 2
    natter = argv[0]
    if not os.access(natter, os.X_OK):
        say("%s is missing: run make first" % natter)
        return 1
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    tmp = tempfile.mkdtemp(prefix="natter-demo-")
    passwords = {"you": secrets.token_urlsafe(12), "demo": secrets.token_urlsafe(12)}
    server = bot = None
    try:
        say("starting a private Prosody on 127.0.0.1 (in %s)" % tmp)
        server = prosody_mod.Prosody(accounts=passwords, contacts=[("you", "demo")],
                                     names={"demo": "Demo Bot", "you": "You"},
                                     workdir=os.path.join(tmp, "prosody"))
        server.start()
        bot = DemoBot("demo@localhost", passwords["demo"], server.port, server.cafile,
                      "you@localhost").start()
        rc = os.path.join(tmp, "natterrc")
        write_natterrc(rc, server, passwords["you"])
        say("logging you in as you@localhost; the demo bot is demo@localhost")
        return run_natter([natter, "-c", rc] + argv[1:], natter_env(tmp))
    except Stop:
        return 1
    except Exception as e:  # say what went wrong in one line, not a traceback
        say("could not start the demo: %s" % e)
        if server is not None:
            say(server.output()[-2000:])
        return 1
    finally:
        if bot is not None:
            bot.stop()
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
