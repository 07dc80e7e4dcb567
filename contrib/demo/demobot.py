"""The demo's chat partner: a slixmpp bot that greets you and answers.

It logs in as demo@localhost with the test harness's Peer (an independent
XMPP client, see tests/integration/peer.py), waits until you come online,
says hello, and answers every message: it echoes the text reversed, and has
a few friendly replies for greetings and questions.
"""

import os
import sys
import threading

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))

import peer as peer_mod  # noqa: E402

GREETING = ("Hi, I am the natter demo bot. Type a message here and press Enter: I answer "
            "everything. Alt-1 is the console, Alt-2 this chat, /help lists the commands, "
            "/quit leaves (and stops this demo server).")


def reply_to(text):
    """The bot's answer to one message."""
    low = text.strip().lower()
    if not low:
        return "Say something and I will say it backwards."
    if low.rstrip("!.") in ("hi", "hello", "hey", "moin", "hallo", "salut"):
        return "Hello to you too! Tell me anything and I will reverse it."
    if low.endswith("?"):
        return "Good question. I only know how to reverse things: %s" % text[::-1]
    return "%s  (that was your message, reversed)" % text[::-1]


class DemoBot:
    """demo@localhost, in a background thread, until stop()."""

    def __init__(self, jid, password, port, cafile, user_jid):
        self.user_jid = user_jid
        self.peer = peer_mod.Peer(jid, password, port=port, cafile=cafile)
        self._stop = threading.Event()
        self._thread = None

    def start(self):
        """Log in (bounded) and start answering."""
        self.peer.start()
        self.peer.set_presence("chat", "demo bot: say hi")
        self._thread = threading.Thread(target=self._run, daemon=True, name="demo-bot")
        self._thread.start()
        return self

    def _greet_when_online(self):
        """Wait until the user is online, then say hello (once)."""
        while not self._stop.is_set():
            try:
                self.peer.wait_presence(self.user_jid, timeout=1.0)
            except peer_mod.PeerError:
                continue
            self.peer.send_message(self.user_jid, GREETING)
            return

    def _run(self):
        """Greet, then answer every message until stopped."""
        self._greet_when_online()
        while not self._stop.is_set():
            try:
                rec = self.peer.wait_received(timeout=0.5)
            except peer_mod.PeerError:
                continue
            try:
                self.peer.send_message(rec.bare, reply_to(rec.body))
            except Exception:  # the server is going away: nothing to answer
                return

    def stop(self):
        """Stop answering and log out (bounded)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(3)
        self.peer.stop()
