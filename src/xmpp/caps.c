/* caps.c - XEP-0115 entity capabilities: our <c/>, and contacts' verified
 * disco#info answers cached by ver in memory and in
 * $XDG_CACHE_HOME/natter/caps.db */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "jid.h"
#include "log.h"
#include "roster.h"
#include "strbuf.h"
#include "util.h"
#include "xmalloc.h"
#include "xmpp_internal.h"

#define CAPS_NS       "http://jabber.org/protocol/caps"
#define DISCO_INFO_NS "http://jabber.org/protocol/disco#info"
#define DATA_NS       "jabber:x:data"
/* Separates the parts of a sort key (see identity_key). */
#define SEP "\x01"
/* Bounds on what one answer and the cache may hold. */
#define HASH_PARTS_MAX 1024        /* identities + features + form fields */
#define ENTRY_XML_MAX  (16 * 1024) /* a bigger answer is not cached */
#define CACHE_MAX      256
#define SEEN_MAX       4096 /* full JIDs whose ver we remember */
#define ASKING_MAX     16   /* disco#info queries for caps in flight */
#define BAD_MAX        64   /* vers whose answer did not match */
#define CACHE_FILE_MAX (8 * 1024 * 1024)

/* A verified disco#info answer. */
struct caps_entry {
	char *hash, *ver;
	char *xml;       /* the <query/> as text, for the disk cache */
	char *client;    /* sanitized "name (type)" of its client identity, or NULL */
	char **features; /* raw vars, only compared */
};

/* Which ver a full JID announced. */
struct caps_seen {
	char *jid, *hash, *ver;
};

/* A disco#info query for a ver in flight. */
struct caps_ask {
	char *hash, *ver;
};

static struct caps_entry cache[CACHE_MAX];
static size_t ncache;
static bool cache_loaded;
static struct caps_seen seen[SEEN_MAX];
static size_t nseen;
static struct caps_ask *asking[ASKING_MAX];
static char *bad[BAD_MAX];
static size_t nbad;

/* Compare strings through pointers, for qsort. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A list of strings for one part of the verification string. */
struct parts {
	char **v;
	size_t n;
};

/* Append s (taken over) to p; false (s freed) when over the bound. */
static bool parts_add(struct parts *p, char *s)
{
	if (p->n == HASH_PARTS_MAX) {
		free(s);
		return false;
	}
	p->v[p->n++] = s;
	return true;
}

/* Sort p; false when two entries are equal (a malformed answer). */
static bool parts_sort_unique(struct parts *p)
{
	qsort(p->v, p->n, sizeof(*p->v), cmp_str);
	for (size_t i = 1; i < p->n; i++)
		if (strcmp(p->v[i - 1], p->v[i]) == 0)
			return false;
	return true;
}

/* Free the strings of p. */
static void parts_free(struct parts *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
}

/* A new empty parts list. */
static struct parts parts_new(void)
{
	struct parts p = {xcalloc(HASH_PARTS_MAX, sizeof(char *)), 0};
	return p;
}

/* An attribute or "" (for the verification string, raw bytes). */
static const char *attr_or_empty(xmpp_stanza_t *el, const char *name)
{
	const char *v = xmpp_stanza_get_attribute(el, name);
	return v ? v : "";
}

/* The element name of a child, or "" for text nodes. */
static const char *tag_name(xmpp_stanza_t *c)
{
	const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
	return name ? name : "";
}

/* The identity as a sort key: category, type, lang and name joined by
 * SEP, which sorts below every character XML allows, so that plain string
 * order is the field-by-field order the XEP asks for. libstrophe keeps
 * xml:lang as lang. */
static char *identity_key(xmpp_stanza_t *c)
{
	const char *lang = xmpp_stanza_get_attribute(c, "xml:lang");
	if (lang == NULL)
		lang = attr_or_empty(c, "lang");
	return xasprintf("%s" SEP "%s" SEP "%s" SEP "%s", attr_or_empty(c, "category"),
	                 attr_or_empty(c, "type"), lang, attr_or_empty(c, "name"));
}

/* Append key to sb with each SEP replaced by c. */
static void add_key(struct strbuf *sb, const char *key, char c)
{
	for (; *key; key++)
		strbuf_addch(sb, *key == SEP[0] ? c : *key);
}

/* Append the text of each <value/> of a form field, sorted, as "v<"
 * pieces; *count gets how many. False when over the bound. */
static bool field_values(xmpp_stanza_t *field, struct strbuf *out, size_t *count)
{
	struct parts vals = parts_new();
	bool ok = true;
	for (xmpp_stanza_t *v = xmpp_stanza_get_children(field); v && ok;
	     v = xmpp_stanza_get_next(v)) {
		if (strcmp(tag_name(v), "value") != 0)
			continue;
		char *text = xmpp_stanza_get_text(v);
		ok = parts_add(&vals, xstrdup(text ? text : ""));
		if (text)
			xmpp_free(xs.ctx, text);
	}
	qsort(vals.v, vals.n, sizeof(*vals.v), cmp_str);
	for (size_t i = 0; ok && i < vals.n; i++)
		strbuf_addf(out, "%s<", vals.v[i]);
	*count = vals.n;
	parts_free(&vals);
	return ok;
}

/* The FORM_TYPE <field/> of form x when it is hidden, else NULL. */
static xmpp_stanza_t *form_type_field(xmpp_stanza_t *x)
{
	for (xmpp_stanza_t *f = xmpp_stanza_get_children(x); f; f = xmpp_stanza_get_next(f))
		if (strcmp(tag_name(f), "field") == 0 &&
		    strcmp(attr_or_empty(f, "var"), "FORM_TYPE") == 0)
			return strcmp(attr_or_empty(f, "type"), "hidden") == 0 ? f : NULL;
	return NULL;
}

/* One form's sort key: FORM_TYPE, SEP, then "var<value<..." for each
 * field by var. NULL when the form is ignored (no hidden FORM_TYPE with a
 * value); *malformed set when it spoils the whole answer. */
static char *form_string(xmpp_stanza_t *x, bool *malformed)
{
	xmpp_stanza_t *ft = form_type_field(x);
	struct strbuf sb = STRBUF_INIT;
	size_t nvalues = 0;
	bool ok = ft && field_values(ft, &sb, &nvalues);
	if (!ok || nvalues != 1) {
		*malformed = nvalues > 1 || (ft && !ok);
		strbuf_free(&sb);
		return NULL;
	}
	sb.s[sb.len - 1] = SEP[0]; /* "FORM_TYPE<" becomes the key's first part */
	struct parts fields = parts_new();
	for (xmpp_stanza_t *f = xmpp_stanza_get_children(x); f && ok; f = xmpp_stanza_get_next(f)) {
		if (f == ft || strcmp(tag_name(f), "field") != 0)
			continue;
		struct strbuf one = STRBUF_INIT;
		strbuf_addf(&one, "%s" SEP, attr_or_empty(f, "var"));
		ok = field_values(f, &one, &nvalues) && parts_add(&fields, strbuf_detach(&one));
		strbuf_free(&one);
	}
	/* fields sort by var: the keys are "var" SEP "values" */
	qsort(fields.v, fields.n, sizeof(*fields.v), cmp_str);
	for (size_t i = 0; ok && i < fields.n; i++)
		add_key(&sb, fields.v[i], '<');
	parts_free(&fields);
	if (!ok) {
		*malformed = true;
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* Collect the identities, features and forms of query; false when malformed. */
static bool collect(xmpp_stanza_t *query, struct parts *ids, struct parts *feats,
                    struct parts *forms)
{
	bool ok = true, malformed = false;
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(query); c && ok;
	     c = xmpp_stanza_get_next(c)) {
		const char *name = tag_name(c);
		const char *ns = xmpp_stanza_get_ns(c);
		if (strcmp(name, "identity") == 0) {
			ok = parts_add(ids, identity_key(c));
		} else if (strcmp(name, "feature") == 0) {
			ok = parts_add(feats, xstrdup(attr_or_empty(c, "var")));
		} else if (strcmp(name, "x") == 0 && ns && strcmp(ns, DATA_NS) == 0) {
			char *s = form_string(c, &malformed);
			ok = !malformed && (s == NULL || parts_add(forms, s));
		}
	}
	return ok && parts_sort_unique(ids) && parts_sort_unique(feats);
}

/* False when two (sorted) forms have the same FORM_TYPE, each key's first part. */
static bool forms_unique(const struct parts *forms)
{
	for (size_t i = 1; i < forms->n; i++) {
		const char *a = forms->v[i - 1], *b = forms->v[i];
		size_t la = strcspn(a, SEP), lb = strcspn(b, SEP);
		if (la == lb && strncmp(a, b, la) == 0)
			return false;
	}
	return true;
}

/* The XEP-0115 verification string of query, or NULL when malformed. */
static char *verification_string(xmpp_stanza_t *query)
{
	struct parts ids = parts_new(), feats = parts_new(), forms = parts_new();
	char *out = NULL;
	if (collect(query, &ids, &feats, &forms)) {
		qsort(forms.v, forms.n, sizeof(*forms.v), cmp_str);
		if (forms_unique(&forms)) {
			struct strbuf sb = STRBUF_INIT;
			for (size_t i = 0; i < ids.n; i++) {
				add_key(&sb, ids.v[i], '/');
				strbuf_addch(&sb, '<');
			}
			for (size_t i = 0; i < feats.n; i++)
				strbuf_addf(&sb, "%s<", feats.v[i]);
			for (size_t i = 0; i < forms.n; i++)
				add_key(&sb, forms.v[i], '<');
			out = strbuf_detach(&sb);
		}
	}
	parts_free(&ids);
	parts_free(&feats);
	parts_free(&forms);
	return out;
}

/* The digest named by a caps hash attribute, or NULL when we do not do it. */
static const EVP_MD *caps_md(const char *hash)
{
	if (hash && strcmp(hash, "sha-1") == 0)
		return EVP_sha1();
	if (hash && strcmp(hash, "sha-256") == 0)
		return EVP_sha256();
	return NULL;
}

/* The verification hash of a disco#info <query/>. */
char *xcaps_hash(xmpp_stanza_t *query, const char *hash)
{
	const EVP_MD *md = caps_md(hash);
	if (md == NULL || query == NULL)
		return NULL;
	char *s = verification_string(query);
	if (s == NULL)
		return NULL;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;
	int ok = EVP_Digest(s, strlen(s), digest, &dlen, md, NULL);
	free(s);
	if (!ok)
		return NULL;
	char *b64 = xmalloc(4 * ((dlen + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)b64, digest, (int)dlen);
	return b64;
}

/* Our own ver for the current settings. */
char *xcaps_own_ver(void)
{
	xmpp_stanza_t *q = xmpp_stanza_new(xs.ctx);
	xmpp_stanza_set_name(q, "query");
	xmpp_stanza_set_ns(q, DISCO_INFO_NS);
	xdisco_own_fill(q);
	char *ver = xcaps_hash(q, "sha-1");
	xmpp_stanza_release(q);
	return ver ? ver : xstrdup("");
}

/* Add our <c/> to an available presence. */
void xcaps_add(xmpp_stanza_t *presence)
{
	char *ver = xcaps_own_ver();
	xmpp_stanza_t *c = xs_add_child(presence, "c", CAPS_NS);
	xmpp_stanza_set_attribute(c, "hash", "sha-1");
	xmpp_stanza_set_attribute(c, "node", XCAPS_NODE);
	xmpp_stanza_set_attribute(c, "ver", ver);
	free(ver);
}

/* The cached entry for (hash, ver), or NULL. */
static struct caps_entry *cache_find(const char *hash, const char *ver)
{
	for (size_t i = 0; i < ncache; i++)
		if (strcmp(cache[i].hash, hash) == 0 && strcmp(cache[i].ver, ver) == 0)
			return &cache[i];
	return NULL;
}

/* Free one entry's strings. */
static void entry_free(struct caps_entry *e)
{
	free(e->hash);
	free(e->ver);
	free(e->xml);
	free(e->client);
	strv_free(e->features);
}

/* The sanitized "name (type)" of the first client identity of query. */
static char *client_of(xmpp_stanza_t *query)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(query); c; c = xmpp_stanza_get_next(c)) {
		if (strcmp(tag_name(c), "identity") != 0 ||
		    strcmp(attr_or_empty(c, "category"), "client") != 0)
			continue;
		char *name = xs_attr(c, "name"), *type = xs_attr(c, "type");
		char *s =
		    xasprintf("%s (%s)", name && *name ? name : "unnamed client", type ? type : "");
		free(name);
		free(type);
		return s;
	}
	return NULL;
}

/* The feature vars of query (raw), NULL-terminated. */
static char **features_of(xmpp_stanza_t *query)
{
	size_t n = 0;
	char **v = xcalloc(HASH_PARTS_MAX + 1, sizeof(*v));
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(query); c && n < HASH_PARTS_MAX;
	     c = xmpp_stanza_get_next(c))
		if (strcmp(tag_name(c), "feature") == 0 && xmpp_stanza_get_attribute(c, "var"))
			v[n++] = xstrdup(xmpp_stanza_get_attribute(c, "var"));
	return v;
}

/* Keep a verified answer in memory (the oldest goes when full). */
static void cache_add(const char *hash, const char *ver, xmpp_stanza_t *query, const char *xml)
{
	if (cache_find(hash, ver))
		return;
	if (ncache == CACHE_MAX) {
		entry_free(&cache[0]);
		memmove(cache, cache + 1, (CACHE_MAX - 1) * sizeof(*cache));
		ncache--;
	}
	struct caps_entry *e = &cache[ncache++];
	e->hash = xstrdup(hash);
	e->ver = xstrdup(ver);
	e->xml = xstrdup(xml);
	e->client = client_of(query);
	e->features = features_of(query);
}

/* Path of the cache file. Caller frees. */
static char *cache_path(void)
{
	char *dir = xdg_dir("XDG_CACHE_HOME", ".cache");
	char *path = xasprintf("%s/caps.db", dir);
	free(dir);
	return path;
}

/* Take one line "hash ver base64" of the cache file, verifying it again. */
static void cache_load_line(char *line)
{
	char *save = NULL;
	char *hash = strtok_r(line, " ", &save), *ver = strtok_r(NULL, " ", &save);
	char *b64 = strtok_r(NULL, " ", &save);
	size_t blen = b64 ? strlen(b64) : 0;
	if (!hash || !ver || blen == 0 || blen % 4 != 0 || blen > ENTRY_XML_MAX * 2)
		return;
	unsigned char *xml = xmalloc(blen / 4 * 3 + 1);
	int n = EVP_DecodeBlock(xml, (unsigned char *)b64, (int)blen);
	if (n > 0) {
		xml[n] = '\0';
		xmpp_stanza_t *q = xmpp_stanza_new_from_string(xs.ctx, (char *)xml);
		char *check = q ? xcaps_hash(q, hash) : NULL;
		if (check && strcmp(check, ver) == 0)
			cache_add(hash, ver, q, (char *)xml);
		else
			log_debug("caps cache: an entry that does not verify was skipped");
		free(check);
		if (q)
			xmpp_stanza_release(q);
	}
	free(xml);
}

/* Read the cache file once per run. */
static void cache_load(void)
{
	if (cache_loaded)
		return;
	cache_loaded = true;
	char *path = cache_path();
	char *text = read_file(path, CACHE_FILE_MAX, NULL);
	free(path);
	char *save = NULL;
	for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save))
		cache_load_line(line);
	free(text);
}

/* Write the whole cache to disk (0600, atomically). */
static void cache_save(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "");
	for (size_t i = 0; i < ncache; i++) {
		size_t len = strlen(cache[i].xml);
		char *b64 = xmalloc(4 * ((len + 2) / 3) + 1);
		EVP_EncodeBlock((unsigned char *)b64, (const unsigned char *)cache[i].xml,
		                (int)len);
		strbuf_addf(&sb, "%s %s %s\n", cache[i].hash, cache[i].ver, b64);
		free(b64);
	}
	char *dir = xdg_dir("XDG_CACHE_HOME", ".cache");
	char *path = cache_path();
	if (mkdir_p(dir, 0700) != 0 || write_file_atomic(path, sb.s, sb.len) != 0)
		log_debug("caps cache: cannot write %s", path);
	free(path);
	free(dir);
	strbuf_free(&sb);
}

/* Remember that jid announced (hash, ver), replacing what it said before. */
static void seen_set(const char *jid, const char *hash, const char *ver)
{
	xcaps_unavailable(jid);
	if (nseen == SEEN_MAX) {
		/* the oldest announcement is the least likely to matter */
		free(seen[0].jid);
		free(seen[0].hash);
		free(seen[0].ver);
		memmove(seen, seen + 1, (SEEN_MAX - 1) * sizeof(*seen));
		nseen--;
	}
	seen[nseen].jid = xstrdup(jid);
	seen[nseen].hash = xstrdup(hash);
	seen[nseen].ver = xstrdup(ver);
	nseen++;
}

/* Forget what from announced. */
void xcaps_unavailable(const char *from)
{
	for (size_t i = 0; from && i < nseen; i++) {
		if (strcmp(seen[i].jid, from) != 0)
			continue;
		free(seen[i].jid);
		free(seen[i].hash);
		free(seen[i].ver);
		memmove(&seen[i], &seen[i + 1], (nseen - i - 1) * sizeof(*seen));
		nseen--;
		return;
	}
}

/* True when we may send a caps query to from: our own account or a roster
 * contact with a subscription; never a stranger. */
static bool may_ask(const char *from)
{
	if (xs.full_jid && strcmp(from, xs.full_jid) == 0)
		return false;
	if (jid_bare_eq(from, xs.bare_jid))
		return true;
	char *bare = jid_bare(from);
	struct contact *c = roster_find(bare);
	free(bare);
	return c && c->in_roster && c->sub != SUB_NONE;
}

/* The slot of the query in flight for ver, or -1; *free_slot gets an empty one. */
static int asking_find(const char *hash, const char *ver, int *free_slot)
{
	*free_slot = -1;
	for (int i = 0; i < ASKING_MAX; i++) {
		if (asking[i] == NULL) {
			if (*free_slot < 0)
				*free_slot = i;
		} else if (strcmp(asking[i]->hash, hash) == 0 && strcmp(asking[i]->ver, ver) == 0) {
			return i;
		}
	}
	return -1;
}

/* True when ver already failed verification. */
static bool is_bad(const char *ver)
{
	for (size_t i = 0; i < nbad; i++)
		if (strcmp(bad[i], ver) == 0)
			return true;
	return false;
}

/* Remember a ver whose answer did not verify, so it is not asked again. */
static void mark_bad(const char *ver)
{
	if (nbad == BAD_MAX) {
		free(bad[0]);
		memmove(bad, bad + 1, (BAD_MAX - 1) * sizeof(*bad));
		nbad--;
	}
	bad[nbad++] = xstrdup(ver);
}

/* Check an answer against the ver it was asked for, and keep it when it matches. */
static void caps_verify(xmpp_stanza_t *reply, const struct caps_ask *ask)
{
	const char *type = xmpp_stanza_get_type(reply);
	xmpp_stanza_t *q = xmpp_stanza_get_child_by_name_and_ns(reply, "query", DISCO_INFO_NS);
	if (type == NULL || strcmp(type, "result") != 0 || q == NULL)
		return;
	char *got = xcaps_hash(q, ask->hash);
	char *xml = NULL;
	size_t len = 0;
	if (got == NULL || strcmp(got, ask->ver) != 0) {
		log_debug("caps: an answer did not match its hash; ignored");
		mark_bad(ask->ver);
	} else if (xmpp_stanza_to_text(q, &xml, &len) == 0 && len <= ENTRY_XML_MAX) {
		cache_add(ask->hash, ask->ver, q, xml);
		cache_save();
	}
	if (xml)
		xmpp_free(xs.ctx, xml);
	free(got);
}

/* The answer to a caps disco#info query (NULL when the session ended). */
static void caps_answer(xmpp_stanza_t *reply, void *arg)
{
	struct caps_ask *ask = arg;
	for (int i = 0; i < ASKING_MAX; i++)
		if (asking[i] == ask)
			asking[i] = NULL;
	if (reply)
		caps_verify(reply, ask);
	free(ask->hash);
	free(ask->ver);
	free(ask);
}

/* Ask from for the disco#info behind (node, ver) unless already asking. */
static void caps_ask(const char *from, const char *hash, const char *node, const char *ver)
{
	int slot;
	if (asking_find(hash, ver, &slot) >= 0 || slot < 0 || is_bad(ver))
		return;
	char id[24];
	random_id(id, sizeof(id));
	xmpp_stanza_t *iq = xs_stanza_new("iq", "get", id, from);
	xmpp_stanza_t *q = xs_add_child(iq, "query", DISCO_INFO_NS);
	char *full_node = xasprintf("%s#%s", node, ver);
	xmpp_stanza_set_attribute(q, "node", full_node);
	free(full_node);
	struct caps_ask *ask = xmalloc(sizeof(*ask));
	ask->hash = xstrdup(hash);
	ask->ver = xstrdup(ver);
	asking[slot] = ask;
	xiq_send(iq, caps_answer, ask);
	xmpp_stanza_release(iq);
}

/* A contact's available presence: note its caps and learn them if new. */
void xcaps_presence(const char *from, xmpp_stanza_t *presence)
{
	xmpp_stanza_t *c = xmpp_stanza_get_child_by_name_and_ns(presence, "c", CAPS_NS);
	const char *hash = c ? xmpp_stanza_get_attribute(c, "hash") : NULL;
	const char *ver = c ? xmpp_stanza_get_attribute(c, "ver") : NULL;
	const char *node = c ? xmpp_stanza_get_attribute(c, "node") : NULL;
	if (from == NULL || jid_resource(from) == NULL)
		return;
	/* legacy caps (no hash) and hashes we cannot check are ignored */
	if (caps_md(hash) == NULL || ver == NULL || node == NULL || strlen(ver) > 128 ||
	    strlen(node) > 1024) {
		xcaps_unavailable(from);
		return;
	}
	cache_load();
	seen_set(from, hash, ver);
	if (cache_find(hash, ver) == NULL && may_ask(from))
		caps_ask(from, hash, node, ver);
}

/* The verified entry for a full JID, or NULL. */
static struct caps_entry *entry_of(const char *full_jid)
{
	for (size_t i = 0; full_jid && i < nseen; i++)
		if (strcmp(seen[i].jid, full_jid) == 0)
			return cache_find(seen[i].hash, seen[i].ver);
	return NULL;
}

/* The client name in jid's verified caps. */
char *xcaps_client(const char *full_jid)
{
	struct caps_entry *e = entry_of(full_jid);
	return e && e->client ? xstrdup(e->client) : NULL;
}

/* True when jid's verified caps list var. */
bool xcaps_has(const char *full_jid, const char *var)
{
	struct caps_entry *e = entry_of(full_jid);
	return e && xdisco_has(e->features, var);
}

/* Forget everything in memory. */
void xcaps_reset(void)
{
	for (size_t i = 0; i < ncache; i++)
		entry_free(&cache[i]);
	ncache = 0;
	cache_loaded = false;
	while (nseen > 0)
		xcaps_unavailable(seen[nseen - 1].jid);
	for (size_t i = 0; i < nbad; i++)
		free(bad[i]);
	nbad = 0;
	/* queries in flight free themselves when answered or cancelled */
	for (int i = 0; i < ASKING_MAX; i++)
		asking[i] = NULL;
}
