"""What natter's screen looks like: the one place tests match its layout.

If natter's formats change, adjust this module, not the tests.

Layout (see src/ui/): row 0 the tab bar ("1:console 2:bob@localhost(1)"),
then the roster pane on the left and the conversation on the right
("HH:MM <sender> text"), the status line on the second-to-last row
("online as alice@localhost/natter", "connecting…", "error: ...",
"[unread N]") and the input line on the last row.

Our own messages end with a state glyph ("HH:MM <alice> text ✓"): sending
"…", sent "✓", delivered "✓✓", read "R", failed "✗ REASON". An unread
marker line containing "new messages" sits above the first unread message.
"""

import re

GLYPHS = {
    "online": "●",
    "chat": "●",
    "away": "◐",
    "xa": "○",
    "dnd": "⊘",
    "offline": "·",
}
ALL_GLYPHS = "".join(sorted(set(GLYPHS.values())))


def tab_bar(lines):
    """The tab bar (top row)."""
    return lines[0] if lines else ""


def status_line(lines):
    """The status line (the row above the input line)."""
    return lines[-2] if len(lines) >= 2 else ""


def input_line(lines):
    """The input line (bottom row)."""
    return lines[-1] if lines else ""


def body_rows(lines):
    """Rows between the tab bar and the status line."""
    return lines[1:-2]


def online_re(jid=None):
    """Status line text once logged in (optionally as a given bare JID)."""
    return re.compile(r"online as " + (re.escape(jid) if jid else r"\S+"))


ERROR_RE = re.compile(r"error: ?(.*)")
CONNECTING = "connecting"


def tab_re(label):
    """A tab whose title contains label; group 1 the tab number, group 2 the
    unread count (None when there is none)."""
    return re.compile(r"(\d+):[^ ]*" + re.escape(label) + r"[^ (]*(?:\((\d+)\))?",
                      re.IGNORECASE)


def find_tab(lines, label):
    """(number, unread or 0) of the tab for label, or None."""
    m = tab_re(label).search(tab_bar(lines))
    if not m:
        return None
    return int(m.group(1)), int(m.group(2) or 0)


def unread_in_tab(label, count):
    """Regex for a tab bar showing label with this unread count."""
    return re.compile(r"\d+:[^ ]*" + re.escape(label) + r"[^ (]*\(" + str(count) + r"\)",
                      re.IGNORECASE)


def roster_glyph(lines, name):
    """The presence glyph drawn before name in the roster pane, or None.
    The roster is the left part of the body rows; the conversation may
    mention the name too, so only the glyph-prefixed form counts."""
    pat = re.compile("([" + ALL_GLYPHS + r"])\s*" + re.escape(name), re.IGNORECASE)
    for row in body_rows(lines):
        m = pat.search(row)
        if m:
            return m.group(1)
    return None


def roster_shows(name, show):
    """Regex for name in the roster pane with the glyph of show."""
    return re.compile(re.escape(GLYPHS[show]) + r"\s*" + re.escape(name), re.IGNORECASE)


def message_re(text, sender=None):
    """Regex for a conversation line showing text (from sender if given)."""
    who = r"<[^>]*" + re.escape(sender) + r"[^>]*>" if sender else r"<[^>]*>"
    return re.compile(r"\d\d:\d\d\s+" + who + r"\s+.*" + re.escape(text), re.IGNORECASE)


def rc_error_re(path_tail, line):
    """Console error for a config file line: "natterrc:N: ..."."""
    return re.compile(re.escape(path_tail) + ":" + str(line) + r":\s*\S")


def fingerprint_re(hexfp):
    """The words "SHA-256" and then the fingerprint hexfp (lowercase hex), in
    either case, with or without ':' between bytes."""
    pairs = [hexfp[i:i + 2] for i in range(0, len(hexfp), 2)]
    return re.compile(r"SHA-?256.*?" + ":?".join(pairs), re.IGNORECASE | re.DOTALL)


# -- message states, unread marker, typing, search ---------------------------

STATE_GLYPHS = {
    "sending": "…",
    "sent": "✓",
    "delivered": "✓✓",
    "read": "R",
    "failed": "✗",
}
# longest first, so that "✓✓" is not taken for "✓"
_GLYPH_ORDER = sorted(STATE_GLYPHS.items(), key=lambda kv: -len(kv[1]))
OWN_LABEL = "alice"  # how natter labels our own messages (the account's local part)
UNREAD_MARKER = "new messages"


def own_message_re(text, own=OWN_LABEL):
    """Regex for one of our own messages showing text (sent from natter or,
    through carbons or the archive, from another client of ours)."""
    return message_re(text, sender=own)


def state_re(text, state):
    """Regex for a conversation line with text followed by the glyph of
    state (and nothing but the failure reason after it); text is the whole
    body, right after the sender. For "failed",
    group 1 is the reason shown."""
    glyph = re.escape(STATE_GLYPHS[state])
    head = r"\d\d:\d\d\s+<[^>]*>\s+" + re.escape(text) + r"\s+" + glyph
    if state == "failed":
        return re.compile(head + r"\s*(.*?)\s*$", re.MULTILINE)
    return re.compile(head + r"\s*$", re.MULTILINE)


def message_state(lines, text):
    """The state shown after our message whose whole body is text ("sending",
    "sent", ...), None when its line shows no glyph, or "missing" when it is
    not on screen."""
    pat = re.compile(r"\d\d:\d\d\s+<[^>]*>\s+" + re.escape(text) + r"(\s.*)?$")
    for row in body_rows(lines):
        m = pat.search(row)
        if not m:
            continue
        rest = (m.group(1) or "").strip()
        for name, glyph in _GLYPH_ORDER:
            if rest.startswith(glyph):
                return name
        return None
    return "missing"


def count_messages(lines, text, sender=None):
    """How many conversation lines show a message with text."""
    pat = message_re(text, sender)
    return sum(1 for row in body_rows(lines) if pat.search(row))


def message_rows(lines, text, sender=None):
    """Indexes (in lines) of the conversation lines showing text."""
    pat = message_re(text, sender)
    return [i + 1 for i, row in enumerate(body_rows(lines)) if pat.search(row)]


def marker_rows(lines):
    """Indexes (in lines) of unread marker lines."""
    return [i + 1 for i, row in enumerate(body_rows(lines)) if UNREAD_MARKER in row]


def is_online(lines):
    """True when the status line says we are online."""
    return bool(online_re().search(status_line(lines)))


def not_online(lines):
    """The status line when it says we are not online (disconnected,
    reconnecting, error), else "": for wait_for(..., where=not_online)."""
    line = status_line(lines)
    return "" if online_re().search(line) else (line.strip() or "(blank)")


def typing_re(name):
    """Status line or tab bar saying that name is typing."""
    return re.compile(re.escape(name) + r".*typing", re.IGNORECASE)


def search_hit_re(before, word):
    """A search result line: context text before the hit, then the word as
    natter marks a hit, in [brackets]."""
    return re.compile(re.escape(before) + r".*\[" + re.escape(word) + r"\]", re.IGNORECASE)


def search_summary_re(query):
    """The line that sums up a search for query; group 1 the number of hits."""
    return re.compile(r'search for "' + re.escape(query) + r'".*?(\d+) hits?', re.IGNORECASE)


def export_line_re(body, sender=None):
    """One line of /history export: "YYYY-MM-DD HH:MM:SS <sender> body"."""
    who = r"<[^>]*" + re.escape(sender) + r"[^>]*>" if sender else r"<[^>]*>"
    return re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d " + who + " " + re.escape(body) + "$",
                      re.MULTILINE | re.IGNORECASE)


# -- rooms: occupants pane, styles from capture-pane -e ----------------------

OCCUPANT_GROUPS = ("Moderators", "Participants", "Visitors")
ROSTER_GROUP = "Friends"  # the group the test server's rosters put contacts in


def group_header_re(group, count):
    """An occupants pane group header: "Participants 2"."""
    return re.compile(r"\b" + re.escape(group) + r" " + str(count) + r"\b")


def pane_column(lines):
    """The column of the line between the left pane and the conversation
    (the same "│", "x" or "|" on every body row), or None."""
    rows = body_rows(lines)
    width = min((len(r) for r in rows), default=0)
    for c in range(width):
        ch = rows[0][c]
        if ch in "│x|" and all(r[c] == ch for r in rows):
            return c
    return None


def occupant_rows(lines):
    """The occupants pane as (row index, text) for headers and nicks, in
    screen order: the left pane's part of the body rows."""
    col = pane_column(lines)
    out = []
    for i, row in enumerate(body_rows(lines)):
        left = (row[:col] if col is not None else row).strip()
        if left:
            out.append((i + 1, left))
    return out


def join_line_re(nick, what="joined"):
    """A compact join/part line: "HH:MM ... bob joined" (no <sender>)."""
    return re.compile(r"\d\d:\d\d\s+[^<\n]*\b" + re.escape(nick) + r" " + what + r"\b")


_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def sgr_at(coloured_line, needle):
    """The SGR parameters (a set of strings, e.g. {"1", "35"}) in force where
    needle starts on a line captured with escapes (capture-pane -e), or None
    when needle is not on it."""
    if needle not in _SGR.sub("", coloured_line):
        return None
    return _active_before(coloured_line, needle)


def _active_before(coloured_line, needle):
    """Walk the escapes before the first plain-text occurrence of needle."""
    active, plain, pos = set(), "", 0
    for m in list(_SGR.finditer(coloured_line)) + [None]:
        if m is None:
            return active
        chunk = coloured_line[pos:m.start()]
        if needle in plain + chunk:
            return active
        plain += chunk
        params = m.group(1).split(";") if m.group(1) else ["0"]
        for p in params:
            if p in ("0", ""):
                active = set()
            else:
                active.add(p)
        pos = m.end()
    return active


def styled(coloured_text, needle):
    """sgr_at() for the first line of a capture-pane -e screen holding needle."""
    for line in coloured_text.split("\n"):
        if needle in _SGR.sub("", line):
            return sgr_at(line, needle)
    return None
