/* core_internal.h - what the files of src/core share and nobody else uses */
#ifndef NATTER_CORE_INTERNAL_H
#define NATTER_CORE_INTERNAL_H

#include "core.h"

/* The registered backend, or NULL. */
const struct core_backend *core_backend(void);
/* The registered front end, or NULL; *ud is set to its data. */
const struct core_listener *core_listener(void **ud);

/* Ask the front end to bring m into view. */
void core_emit_show_message(struct conv *cv, const struct message *m);

/* history.c: keep the database in step with the tabs. */
void history_conv_opened(struct conv *cv);
void history_conv_closed(struct conv *cv);
void history_conv_focused(struct conv *cv);
/* Writing the history failed: say so once (not once per message); the
 * messages stay on screen and are written once writing works again. */
void history_trouble(const char *what);
/* A history write worked: after trouble, say so and write what was missed. */
void history_write_ok(void);

/* chatstate.c: forget cv's typing timer and tell the contact we left. */
void chatstate_conv_closed(struct conv *cv);
/* chatstate.c: we sent a message in cv (which carries <active/>). */
void chatstate_sent(struct conv *cv);

#endif
