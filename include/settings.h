/* settings.h - the settings table (/set, natterrc, natterrc.5) */
#ifndef NATTER_SETTINGS_H
#define NATTER_SETTINGS_H

#include <stdbool.h>

enum setting_type { SET_STRING, SET_INT, SET_BOOL };

struct setting {
	const char *name;
	enum setting_type type;
	const char *def;  /* default as text ("" for none) */
	long min, max;    /* range for SET_INT */
	bool secret;      /* never shown or logged (password) */
	const char *help; /* one line, also used for natterrc.5 */
};

/* The table, terminated by an entry with name == NULL. */
extern const struct setting settings_table[];

/* Find a setting by exact name. */
const struct setting *setting_find(const char *name);
/* Set a value from text; on error returns -1 and sets *err to a static or
 * allocated-by-nobody message ("port must be between 0 and 65535"). */
int setting_set(const char *name, const char *value, const char **err);
/* Reset to the default. */
void setting_unset(const char *name);
/* Current string value (never NULL; "" when empty). */
const char *setting_str(const char *name);
/* Current integer value (SET_INT or SET_BOOL). */
long setting_int(const char *name);
/* Current boolean value. */
bool setting_bool(const char *name);
/* Free stored values (at exit). */
void settings_free_all(void);

#endif
