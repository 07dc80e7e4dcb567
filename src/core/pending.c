/* pending.c - subscription presences from others: requests kept for /accept
 * or /deny (bounded), answers shown in plain words, notices rate-limited */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "jid.h"
#include "log.h"
#include "roster.h"
#include "settings.h"
#include "timer.h"
#include "xmalloc.h"

/* Requests, oldest first; at most ROSTER_PENDING_MAX. */
static struct sub_request *reqs[ROSTER_PENDING_MAX];
static size_t nreqs;

/* A spell of notices: the first ROSTER_NOTICES_PER_SPELL are shown, the
 * rest and the dropped requests are summed up when it ends. */
static struct {
	unsigned timer;    /* ends the spell; 0 when none runs */
	unsigned shown;    /* notices shown in this spell */
	unsigned quiet;    /* new requests not announced */
	unsigned accepted; /* automatic acceptances not announced */
	unsigned dropped;  /* old requests dropped to make room */
} spell;

/* Pending requests, oldest first. */
struct sub_request *const *roster_pending(size_t *n)
{
	*n = nreqs;
	return reqs;
}

/* Index of jid's request, or -1 (a flood may ask this often: the JID is
 * made bare once, the kept ones are bare already). */
static long req_index(const char *jid)
{
	char *bare = jid_bare(jid);
	long found = -1;
	for (size_t i = 0; i < nreqs && found < 0; i++)
		if (strcmp(reqs[i]->jid, bare) == 0)
			found = (long)i;
	free(bare);
	return found;
}

/* jid's pending request, or NULL. */
const struct sub_request *roster_pending_find(const char *jid)
{
	long i = req_index(jid);
	return i < 0 ? NULL : reqs[i];
}

/* Free one request. */
static void req_free(struct sub_request *r)
{
	free(r->jid);
	free(r->status);
	free(r);
}

/* Take request i out of the list. */
static void req_drop(size_t i)
{
	req_free(reqs[i]);
	memmove(&reqs[i], &reqs[i + 1], (nreqs - i - 1) * sizeof(*reqs));
	nreqs--;
}

/* Forget jid's request. */
bool roster_pending_remove(const char *jid)
{
	long i = req_index(jid);
	if (i < 0)
		return false;
	req_drop((size_t)i);
	core_emit_roster_changed(NULL);
	return true;
}

/* Timer callback: the spell is over. */
static void spell_timer(void *arg)
{
	(void)arg;
	spell.timer = 0;
	roster_pending_spell_end();
}

/* Start a spell unless one runs. */
static void spell_begin(void)
{
	if (spell.timer == 0)
		spell.timer = timer_add(ROSTER_NOTICE_SPELL_MS, spell_timer, NULL);
}

/* Sum up what the spell did not announce, and start afresh. */
void roster_pending_spell_end(void)
{
	if (spell.quiet)
		core_info("%u more subscription request%s arrived in the last minute; %zu %s "
		          "pending (/roster lists them, /accept or /deny answers)",
		          spell.quiet, spell.quiet == 1 ? "" : "s", nreqs,
		          nreqs == 1 ? "is" : "are");
	if (spell.accepted)
		core_info("%u more subscription request%s accepted automatically (auto_accept %s)",
		          spell.accepted, spell.accepted == 1 ? " was" : "s were",
		          setting_str("auto_accept"));
	if (spell.dropped)
		core_info("dropped the %u oldest subscription request%s: at most %d are kept",
		          spell.dropped, spell.dropped == 1 ? "" : "s", ROSTER_PENDING_MAX);
	timer_cancel(spell.timer);
	memset(&spell, 0, sizeof(spell));
}

/* True when one more notice may be shown in this spell. */
static bool notice_allowed(void)
{
	spell_begin();
	if (spell.shown >= ROSTER_NOTICES_PER_SPELL)
		return false;
	spell.shown++;
	return true;
}

/* Keep jid's request (dropping the oldest when full); false if it was
 * already pending. */
static bool req_keep(const char *jid, const char *status)
{
	if (req_index(jid) >= 0)
		return false;
	if (nreqs == ROSTER_PENDING_MAX) {
		req_drop(0);
		spell_begin();
		spell.dropped++;
	}
	struct sub_request *r = xcalloc(1, sizeof(*r));
	r->jid = jid_bare(jid);
	r->status = status && *status ? xstrdup(status) : NULL;
	r->when = time(NULL);
	reqs[nreqs++] = r;
	return true;
}

/* True when the auto_accept setting lets jid's request through. */
static bool auto_accepts(const struct contact *c)
{
	const char *policy = setting_str("auto_accept");
	if (strcmp(policy, "all") == 0)
		return true;
	return strcmp(policy, "roster") == 0 && c != NULL && c->in_roster;
}

/* Approve jid's request without asking (already allowed, or auto_accept). */
static void approve_quietly(const char *jid, bool announce)
{
	const struct roster_backend *b = roster_backend();
	if (b == NULL || b->send_subscription(jid, SUBP_SUBSCRIBED) < 0)
		return;
	if (!announce)
		return;
	if (notice_allowed())
		core_info("accepted %s's subscription request automatically (auto_accept %s)", jid,
		          setting_str("auto_accept"));
	else
		spell.accepted++;
}

/* Someone asks to see our presence. */
static void request_in(const char *jid, const char *status)
{
	struct contact *c = roster_find(jid);
	if (c && c->in_roster && (c->sub == SUB_FROM || c->sub == SUB_BOTH)) {
		/* they may already see it: confirming gives nothing new away */
		approve_quietly(jid, false);
		return;
	}
	if (auto_accepts(c)) {
		approve_quietly(jid, true);
		return;
	}
	if (!req_keep(jid, status))
		return; /* announced once already */
	core_emit_roster_changed(NULL);
	if (!notice_allowed()) {
		spell.quiet++;
		return;
	}
	if (status && *status)
		core_info("%s asks to see your presence, saying \"%s\": /accept %s or /deny %s",
		          jid, status, jid, jid);
	else
		core_info("%s asks to see your presence: /accept %s or /deny %s", jid, jid, jid);
}

/* They accepted our request: we see their presence now. */
static void subscribed_in(struct contact *c)
{
	if (!c->ask && (c->sub == SUB_TO || c->sub == SUB_BOTH))
		return; /* nothing new */
	c->ask = false;
	c->sub = c->sub == SUB_FROM || c->sub == SUB_BOTH ? SUB_BOTH : SUB_TO;
	core_emit_roster_changed(c);
	core_info("%s accepted your request: you see their presence now", c->jid);
}

/* They no longer want our presence (or withdrew their request). */
static void unsubscribe_in(const char *jid, struct contact *c)
{
	if (roster_pending_remove(jid))
		core_info("%s withdrew their subscription request", jid);
	if (c == NULL || !(c->sub == SUB_FROM || c->sub == SUB_BOTH))
		return;
	c->sub = c->sub == SUB_BOTH ? SUB_TO : SUB_NONE;
	core_emit_roster_changed(c);
	core_info("%s no longer sees your presence", c->jid);
}

/* They refused our request, or stopped sharing their presence. */
static void unsubscribed_in(struct contact *c)
{
	bool asked = c->ask;
	if (!asked && !(c->sub == SUB_TO || c->sub == SUB_BOTH))
		return;
	c->ask = false;
	if (c->sub == SUB_BOTH)
		c->sub = SUB_FROM;
	else if (c->sub == SUB_TO)
		c->sub = SUB_NONE;
	core_emit_roster_changed(c);
	if (asked)
		core_info("%s did not accept your request to see their presence", c->jid);
	else
		core_info("%s no longer shares their presence with you", c->jid);
}

/* A subscription presence from the network. */
void roster_sub_in(const char *jid, enum sub_presence type, const char *status)
{
	const char *own = core_own_jid();
	if (jid == NULL || (own && jid_bare_eq(jid, own)))
		return;
	struct contact *c = roster_find(jid);
	if (c && !c->in_roster)
		c = NULL;
	switch (type) {
	case SUBP_SUBSCRIBE:
		request_in(jid, status);
		return;
	case SUBP_UNSUBSCRIBE:
		unsubscribe_in(jid, c);
		return;
	case SUBP_SUBSCRIBED:
	case SUBP_UNSUBSCRIBED:
		break;
	}
	if (c == NULL) {
		/* an answer to nothing we asked: the server would not route it */
		log_debug("subscription answer from a JID not in the roster ignored");
		return;
	}
	if (type == SUBP_SUBSCRIBED)
		subscribed_in(c);
	else
		unsubscribed_in(c);
}

/* Forget every request and the notice state. */
void roster_pending_free_all(void)
{
	while (nreqs > 0)
		req_free(reqs[--nreqs]);
	timer_cancel(spell.timer);
	memset(&spell, 0, sizeof(spell));
}
