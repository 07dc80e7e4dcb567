"""The roster cache (RFC 6121 2.6 roster versioning): natter shows the
roster the last run knew at once, before the login is done, and then the
server's roster; the login after the first asks with the version it kept."""

import os
import re

from harness import NatterCase, read_text
import screen

ALICE = "alice@localhost"
FAST = {"reconnect_min": 1, "reconnect_max": 2}
ROSTER_NS = "jabber:iq:roster"


def roster_gets(xml_log):
    """The ver attribute of every roster get natter sent (None: no ver)."""
    out = []
    for line in xml_log.splitlines():
        if " SENT " in line and ROSTER_NS in line and 'type="get"' in line:
            m = re.search(r'<query[^>]*\bver="([^"]*)"', line)
            out.append(m.group(1) if m else None)
    return out


def roster_result_vers(xml_log):
    """The ver of every roster result natter received with a <query/>."""
    return re.findall(r'RECV .*type="result".*<query xmlns="%s" ver="([^"]*)"' % ROSTER_NS,
                      xml_log)


class RosterCacheTest(NatterCase):

    def xml_log(self):
        """natter's raw XML log (-v), all runs so far."""
        return read_text(os.path.join(self.state_dir(), "xml.log"))

    def change_roster_while_away(self):
        """On the server: carol leaves alice's roster, dave comes in."""
        alice2 = self.peer("alice", resource="other")
        for item in ("<item jid='carol@localhost' subscription='remove'/>",
                     "<item jid='dave@localhost' name='Dave'><group>Friends</group></item>"):
            answer = alice2.iq(ALICE, "<query xmlns='%s'>%s</query>" % (ROSTER_NS, item),
                               itype="set")
            self.assertIn("type=\"result\"", answer.replace("'", "\""), answer)
        alice2.stop()

    def test_cached_roster_first_then_server_roster(self):
        """Second start with the server out of reach: bob and carol (cached)
        are on screen while not online; once in, the pane and /roster show
        exactly the server's new roster (bob, dave), and the get carried
        the version of the first run's result."""
        gate = self.gate()
        t = self.natter_online(settings=FAST, port=gate.port, args=["-v"])
        t.wait_for(screen.roster_shows("Bob", "offline"))
        t.wait_for(screen.roster_shows("Carol", "offline"))
        self.quit_natter(t)
        first = self.xml_log()
        self.assertEqual(roster_gets(first), [""], "first login: ver=\"\" (nothing cached)")
        vers = roster_result_vers(first)
        self.assertEqual(len(vers), 1, first[-3000:])
        self.assertNotEqual(vers[0], "")

        self.change_roster_while_away()
        gate.shut()
        t2 = self.natter(self.login_lines(settings=FAST, port=gate.port), args=["-v"])
        t2.wait_for(screen.roster_shows("Carol", "offline"))
        t2.wait_for(screen.roster_shows("Bob", "offline"))
        lines = t2.screen()
        self.assertFalse(screen.is_online(lines), t2.dump())
        self.assertNotRegex("\n".join(lines), "Dave", t2.dump())

        gate.open()
        t2.wait_for(screen.online_re(ALICE), where=screen.status_line, timeout=30)
        t2.wait_for(screen.roster_shows("Dave", "offline"))
        t2.wait_gone(screen.roster_shows("Carol", "offline"))
        t2.line("/roster")
        t2.wait_for("Roster (2 contacts)")
        text = t2.screen_text()
        self.assertIn("Bob <bob@localhost>", text)
        self.assertIn("Dave <dave@localhost>", text)
        self.assertNotIn("carol@localhost", text)
        second = self.xml_log()[len(first):]
        self.assertEqual(roster_gets(second), [vers[0]], second[-3000:])
        self.assertNotEqual(roster_result_vers(second), [vers[0]])

        # nothing changed since: the server answers "unchanged" and the
        # cached roster stands
        self.quit_natter(t2)
        mark = len(self.xml_log())
        t3 = self.natter_online(settings=FAST, port=gate.port, args=["-v"])
        t3.wait_for(screen.roster_shows("Dave", "offline"))
        t3.line("/roster")
        t3.wait_for("Roster (2 contacts)")
        third = self.xml_log()[mark:]
        self.assertEqual(roster_gets(third), roster_result_vers(second))
        self.assertEqual(roster_result_vers(third), [], third[-3000:])
