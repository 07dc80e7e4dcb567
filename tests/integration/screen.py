"""What natter's screen looks like: the one place tests match its layout.

If natter's formats change, adjust this module, not the tests.

Layout (see src/ui/): row 0 the tab bar ("1:console 2:bob@localhost(1)"),
then the roster pane on the left and the conversation on the right
("HH:MM <sender> text"), the status line on the second-to-last row
("online as alice@localhost/natter", "connecting…", "error: ...",
"[unread N]") and the input line on the last row.
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
