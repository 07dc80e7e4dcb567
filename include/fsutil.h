/* fsutil.h - private files and XDG directories */
#ifndef NATTER_FSUTIL_H
#define NATTER_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

/* Create a directory and its parents with the given mode (existing ones are
 * left alone). Returns 0 or -1 with errno set. */
int mkdir_p(const char *path, mode_t mode);
/* Write data to path through a temporary file in the same directory created
 * 0600, fsync, then rename. Returns 0 or -1 with errno set. */
int write_file_atomic(const char *path, const void *data, size_t len);
/* natter's directory for an XDG base: xdg_dir("XDG_CONFIG_HOME", ".config")
 * gives "$XDG_CONFIG_HOME/natter" or "$HOME/.config/natter". Caller frees. */
char *xdg_dir(const char *env, const char *home_fallback);
/* The data directory of the account with bare JID bare:
 * $XDG_DATA_HOME/natter/BARE; NULL when bare is no valid bare JID (so no
 * '/' can lead out of natter's directory). Caller frees. */
char *account_data_dir(const char *bare);
/* Read a whole file (at most max bytes) into a new NUL-terminated string;
 * NULL on error with errno set. Caller frees. */
char *read_file(const char *path, size_t max, size_t *len_out);

/* Longest name fsutil_safe_name() returns, in bytes. */
#define SAFE_NAME_MAX 200
/* A safe basename for a file named by remote data (for the file transfer to
 * come: a download is saved as DOWNLOAD_DIR/fsutil_safe_name(offered name)):
 * only the part after the last '/' or '\\'; control characters (C0, DEL,
 * C1), bidi controls, zero-width characters and invalid UTF-8 become '_';
 * no leading '.', '-' or blank, no trailing '.' or blank; at most
 * SAFE_NAME_MAX bytes (cut at a character boundary, the extension kept);
 * never empty, "." or ".." ("download" instead). Caller frees. */
char *fsutil_safe_name(const char *remote);

#endif
