/* net/rest.h - small FHIR REST client calls with libcurl for the fleet
 * duties (content pull, heartbeat, `accord fleet`): GET, PUT or POST with
 * the FHIR server's TLS settings, the response body kept. The bearer token
 * goes only to URLs under the FHIR base (never to another host). Blocks up
 * to the timeouts: call from a worker thread or a command, never the UI. */
#ifndef NET_REST_H
#define NET_REST_H
#include "net/http.h"
#include <stddef.h>

typedef struct RestReply {
	long status;               /* HTTP status, 0 when none arrived */
	char *body;                /* malloc'd response body (NUL-terminated), never NULL after rest_call */
	size_t len;
	char message[200];         /* plain words when status is not 2xx */
} RestReply;

/* method "GET", "PUT" or "POST"; url absolute, or relative to cfg->url
 * (e.g. "Device?identifier=..."). body may be NULL. Allowed schemes: https,
 * http, and file (GET only, for a USB stick). max caps the body (0: 8 MiB).
 * Returns 0 on a 2xx answer, else -1 (reply->message says why). Free the
 * reply with rest_reply_free. */
int rest_call(const HttpConfig *cfg, const char *method, const char *url, const char *body, size_t max, RestReply *reply);
void rest_reply_free(RestReply *reply);
/* url with each query value escaped: base + "?" + k1=v1&k2=v2 (NULL ends). Caller frees. */
char *rest_query(const char *base, ...) __attribute__((sentinel));
#endif
