/* app/pull.h - content and settings from the clinic's server: fetch the
 * signed content set (content_source: a FHIR Binary, a plain HTTPS URL or a
 * file:// path on a USB stick), check its ed25519 signature against
 * content_public_key, fetch each Questionnaire it names from the FHIR server
 * by canonical URL and version, write everything into a staging directory,
 * check it with the `accord check` rules and the config table, and keep it
 * as the "next" set (content/lastgood.h). It never touches the content the
 * kiosk is serving: the app applies a next set between visits by starting
 * again. Blocks on the network: run it on a worker thread or as
 * `accord content pull`, never on the UI thread. */
#ifndef APP_PULL_H
#define APP_PULL_H
#include "app/config.h"
#include <stddef.h>

typedef enum {
	PULL_NEW,        /* a new set was fetched, checked and staged as next */
	PULL_SAME,       /* the server's set is the one already staged or live */
	PULL_REFUSED,    /* the set is broken, unsigned or badly signed: kept out */
	PULL_FAILED      /* the server could not be reached; try again later */
} PullResult;

/* One pull with the settings of cfg (content_source, content_public_key, the
 * FHIR TLS settings, data_dir). Writes the set's version (when known) to
 * version and plain words for staff and the journal to msg. */
PullResult pull_once(const Config *cfg, char *version, size_t vlen, char *msg, size_t msglen);

/* 1 if key may come from a content set's settings (non-secret, not where
 * data goes or whom to trust, not per-kiosk hardware), else 0. */
int pull_setting_allowed(const char *key);

/* Applies a content set's settings.conf (set_dir/settings.conf) to cfg,
 * allowed keys only; problems are appended to errs. Returns their number. */
int pull_apply_settings(Config *cfg, const char *set_dir, char *errs, size_t errlen);

/* The content root on the data partition: data_dir/content. */
void pull_root(const Config *cfg, char *out, size_t n);
#endif
