/* password.h - getting the password from a password manager */
#ifndef NATTER_PASSWORD_H
#define NATTER_PASSWORD_H

/* Run cmd with /bin/sh (stdin from /dev/null, bounded to timeout_ms) and
 * return the first line of its output without the newline; NULL on failure
 * with *err set to a static plain-words reason. Caller wipes and frees. */
char *password_from_cmd(const char *cmd, int timeout_ms, const char **err);
/* Overwrite a secret string with zeros and free it. */
void password_free(char *secret);

#endif
