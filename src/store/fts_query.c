/* fts_query.c - the user's search words as a safe FTS5 query */
#include <limits.h>
#include <string.h>

#include "storepriv.h"
#include "strbuf.h"
#include "xmalloc.h"

/* The tokenizer the index uses (schema.c), so a query word matches exactly
 * when its tokens can be in the index. */
static const char *const tokenizer_args[] = {"remove_diacritics", "2"};

/* One tokenizer instance and what it needs to run. */
struct tokenizer {
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

/* FTS5's API table for db, fetched the documented way (a pointer binding
 * passed to the fts5() SQL function); NULL when FTS5 is missing. */
static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

/* Create the index's tokenizer into t. 0 or -1 with the error set. */
static int tokenizer_open(sqlite3 *db, struct tokenizer *t)
{
	fts5_api *api = fts5_api_of(db);
	void *user = NULL;
	int rc;

	if (api == NULL) {
		store_failf("this SQLite has no full-text search (FTS5)");
		return -1;
	}
	rc = api->xFindTokenizer(api, "unicode61", &user, &t->api);
	if (rc == SQLITE_OK)
		rc = t->api.xCreate(user, (const char **)tokenizer_args, 2, &t->tok);
	if (rc != SQLITE_OK) {
		store_set_error(store_error_words_new(rc, NULL, NULL));
		return -1;
	}
	return 0;
}

/* Token callback: count the tokens of a word. */
static int count_token(void *ctx, int flags, const char *token, int len, int start, int end)
{
	(void)flags, (void)token, (void)len, (void)start, (void)end;
	++*(int *)ctx;
	return SQLITE_OK;
}

/* True when the word of len bytes has at least one token. */
static int has_tokens(struct tokenizer *t, const char *word, size_t len)
{
	int n = 0;

	t->api.xTokenize(t->tok, &n, FTS5_TOKENIZE_QUERY, word, (int)len, count_token);
	return n > 0;
}

/* Append word as an FTS5 string literal: in quotes, quotes doubled, so no
 * character of it is FTS5 syntax. */
static void add_literal(struct strbuf *sb, const char *word, size_t len)
{
	strbuf_addch(sb, '"');
	for (size_t i = 0; i < len; i++) {
		if (word[i] == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, word[i]);
	}
	strbuf_addch(sb, '"');
}

/* Append the matchable words of text to sb, ANDed. */
static void add_words(struct strbuf *sb, struct tokenizer *t, const char *text)
{
	static const char space[] = " \t\n\r\f\v";
	size_t len;

	for (text += strspn(text, space); *text != '\0'; text += len + strspn(text + len, space)) {
		len = strcspn(text, space);
		/* A word of punctuation alone would be an empty phrase, which
		 * makes the whole AND match nothing. */
		if (len > INT_MAX || !has_tokens(t, text, len))
			continue;
		if (sb->len > 0)
			strbuf_adds(sb, " AND ");
		add_literal(sb, text, len);
	}
}

/* The user's words as a safe FTS5 query. */
int store_fts_query(sqlite3 *db, const char *text, char **out)
{
	struct strbuf sb = STRBUF_INIT;
	struct tokenizer t;

	*out = NULL;
	if (text == NULL)
		return 0;
	if (tokenizer_open(db, &t) < 0)
		return -1;
	add_words(&sb, &t, text);
	t.api.xDelete(t.tok);
	if (sb.len > 0)
		*out = strbuf_detach(&sb);
	strbuf_free(&sb);
	return 0;
}
