/* export.c - a conversation as a plain text file */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fsutil.h"
#include "storepriv.h"
#include "strbuf.h"
#include "xmalloc.h"

/* Continuation lines of a body line up under the text after the time. */
#define CONTINUATION "\n                    "

/* Append the body, each line break followed by the indentation. */
static void add_body(struct strbuf *sb, const char *body)
{
	for (; body != NULL && *body != '\0'; body++) {
		if (*body == '\r' && body[1] == '\n')
			continue;
		if (*body == '\n')
			strbuf_adds(sb, CONTINUATION);
		else
			strbuf_addch(sb, *body);
	}
}

/* Who to name for a row without a sender label. */
static const char *default_sender(int dir, const char *conv)
{
	if (dir == MSG_OUT)
		return "me";
	if (dir == MSG_SYSTEM)
		return "natter";
	return conv;
}

/* Append one line "YYYY-MM-DD HH:MM:SS <sender> body" for st's row. */
static void add_line(struct strbuf *sb, sqlite3_stmt *st, const char *conv)
{
	time_t ts = (time_t)sqlite3_column_int64(st, 0);
	const char *sender = (const char *)sqlite3_column_text(st, 2);
	char when[32];
	struct tm tm;

	if (localtime_r(&ts, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(when, sizeof(when), "%lld", (long long)ts);
	if (sender == NULL)
		sender = default_sender(sqlite3_column_int(st, 1), conv);
	strbuf_addf(sb, "%s <%s> ", when, sender);
	add_body(sb, (const char *)sqlite3_column_text(st, 3));
	strbuf_addch(sb, '\n');
}

/* The whole conversation as text into sb. 0 or -1 with the error set. */
static int format_conv(const char *conv, struct strbuf *sb)
{
	sqlite3_stmt *st = store_stmt(STMT_EXPORT);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, conv, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add_line(sb, st, conv);
	store_stmt_done(st);
	if (rc != SQLITE_DONE) {
		store_fail(rc);
		return -1;
	}
	return 0;
}

/* Write conv as plain text lines to path (0600, through a temporary file). */
int store_export(const char *conv, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (conv == NULL || path == NULL) {
		store_failf("nothing to export");
		return -1;
	}
	rc = format_conv(conv, &sb);
	if (rc == 0 && write_file_atomic(path, strbuf_str(&sb), sb.len) < 0) {
		store_set_error(store_errno_words_new("write", path, errno));
		rc = -1;
	}
	strbuf_free(&sb);
	return rc;
}
