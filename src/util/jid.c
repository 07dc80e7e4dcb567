/* jid.c - JID parsing and shape checks (RFC 7622) without libstrophe */
#include "jid.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "utf8.h"
#include "xmalloc.h"

#define JID_PART_MAX 1023

/* Where the parts of a JID lie inside it; nothing is copied. */
struct jid_parts {
	const char *local; /* NULL when there is no '@' before the first '/' */
	size_t local_len;
	const char *domain;
	size_t domain_len;
	const char *resource; /* NULL when there is no '/' */
};

/* Split jid at its first '/' and, before that, its first '@'. */
static void jid_split(const char *jid, struct jid_parts *p)
{
	const char *slash = strchr(jid, '/');
	size_t bare_len = slash != NULL ? (size_t)(slash - jid) : strlen(jid);
	const char *at = memchr(jid, '@', bare_len);

	p->local = NULL;
	p->local_len = 0;
	p->domain = jid;
	p->domain_len = bare_len;
	if (at != NULL) {
		p->local = jid;
		p->local_len = (size_t)(at - jid);
		p->domain = at + 1;
		p->domain_len = bare_len - p->local_len - 1;
	}
	p->resource = slash != NULL ? slash + 1 : NULL;
}

/* Length of a domain without its final dots: RFC 7622 3.2 strips a final
 * dot before comparing; stripping all of them keeps jid_bare() idempotent
 * even on invalid input ("a@b.." is refused by jid_valid anyway). */
static size_t domain_cmp_len(const struct jid_parts *p)
{
	size_t n = p->domain_len;

	while (n > 0 && p->domain[n - 1] == '.')
		n--;
	return n;
}

/* Append n bytes of s to sb with ASCII letters lower-cased. */
static void add_lower(struct strbuf *sb, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		strbuf_addch(sb, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
	}
}

/* Bare JID with local part and domain lower-cased (ASCII only). */
char *jid_bare(const char *jid)
{
	struct strbuf sb = STRBUF_INIT;
	struct jid_parts p;

	if (jid == NULL)
		return NULL;
	jid_split(jid, &p);
	if (p.local != NULL) {
		add_lower(&sb, p.local, p.local_len);
		strbuf_addch(&sb, '@');
	}
	add_lower(&sb, p.domain, domain_cmp_len(&p));
	return strbuf_detach(&sb);
}

/* Domain part, lower-cased. */
char *jid_domain(const char *jid)
{
	struct strbuf sb = STRBUF_INIT;
	struct jid_parts p;

	if (jid == NULL)
		return NULL;
	jid_split(jid, &p);
	add_lower(&sb, p.domain, domain_cmp_len(&p));
	return strbuf_detach(&sb);
}

/* Local part as written, or NULL without one. */
char *jid_local(const char *jid)
{
	struct jid_parts p;

	if (jid == NULL)
		return NULL;
	jid_split(jid, &p);
	return p.local != NULL ? xstrndup(p.local, p.local_len) : NULL;
}

/* The resource inside jid, or NULL. */
const char *jid_resource(const char *jid)
{
	const char *slash;

	if (jid == NULL)
		return NULL;
	slash = strchr(jid, '/');
	return slash != NULL ? slash + 1 : NULL;
}

/* True for C0 and C1 controls and DEL. */
static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* True for ASCII and Unicode space characters. */
static bool is_space(uint32_t cp)
{
	return cp == 0x20 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

/* True when every character of s (n bytes of valid UTF-8) is allowed: no
 * controls, no spaces unless spaces_ok, none of the ASCII bytes in banned. */
static bool part_chars_ok(const char *s, size_t n, bool spaces_ok, const char *banned)
{
	size_t i = 0;
	uint32_t cp;
	int k;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (k < 0 || is_control(cp) || (!spaces_ok && is_space(cp)))
			return false;
		if (cp < 0x80 && cp != 0 && strchr(banned, (int)cp) != NULL)
			return false;
		i += (size_t)k;
	}
	return true;
}

/* True when a domain part has no empty labels (".a", "a..b", "a.."). */
static bool domain_labels_ok(const char *d, size_t n)
{
	size_t i;

	if (d[0] == '.' || d[n - 1] == '.')
		return false;
	for (i = 1; i < n; i++)
		if (d[i] == '.' && d[i - 1] == '.')
			return false;
	return true;
}

/* True when jid has a usable shape. */
bool jid_valid(const char *jid)
{
	struct jid_parts p;
	size_t res_len;

	if (jid == NULL || !utf8_valid(jid, strlen(jid)))
		return false;
	jid_split(jid, &p);
	/* One final dot is allowed (and ignored); more make an empty label. */
	if (p.domain_len > 0 && p.domain[p.domain_len - 1] == '.')
		p.domain_len--;
	if (p.domain_len == 0 || p.domain_len > JID_PART_MAX)
		return false;
	if (!part_chars_ok(p.domain, p.domain_len, false, "@/") ||
	    !domain_labels_ok(p.domain, p.domain_len))
		return false;
	/* RFC 7622 3.3.1 forbids these ASCII characters in a local part. */
	if (p.local != NULL && (p.local_len == 0 || p.local_len > JID_PART_MAX ||
	                        !part_chars_ok(p.local, p.local_len, false, "\"&'/:<>@")))
		return false;
	if (p.resource == NULL)
		return true;
	res_len = strlen(p.resource);
	return res_len > 0 && res_len <= JID_PART_MAX &&
	       part_chars_ok(p.resource, res_len, true, "");
}

/* True when a and b name the same bare JID. */
bool jid_bare_eq(const char *a, const char *b)
{
	char *ba, *bb;
	bool eq;

	if (a == NULL || b == NULL)
		return false;
	ba = jid_bare(a);
	bb = jid_bare(b);
	eq = strcmp(ba, bb) == 0;
	free(ba);
	free(bb);
	return eq;
}
