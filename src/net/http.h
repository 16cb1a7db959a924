/* net/http.h - one HTTPS POST of a FHIR transaction Bundle with libcurl:
 * TLS verified (CA file from config), bearer token or client certificate,
 * connect and total timeouts, abortable through a stop flag. The result
 * says what to do next (sent / retry, and when) and why in plain words. */
#ifndef NET_HTTP_H
#define NET_HTTP_H
#include <stdatomic.h>
#include <stddef.h>

typedef struct HttpConfig {
	const char *url;            /* fhir_base_url: a transaction is POSTed to the base */
	const char *ca_file;        /* fhir_ca_file; NULL: the system's trust store */
	const char *bearer_token;   /* fhir_bearer_token; NULL: none */
	const char *client_cert;    /* fhir_client_cert (PEM); NULL: none */
	const char *client_key;     /* fhir_client_key (PEM) */
	long connect_timeout_ms;
	long timeout_ms;            /* whole request */
} HttpConfig;

typedef enum { HTTP_SENT, HTTP_RETRY, HTTP_ABORTED } HttpOutcome;

typedef struct HttpResult {
	HttpOutcome outcome;
	long status;                /* HTTP status, 0 when none arrived */
	long long retry_after_ms;   /* from a 429/503 Retry-After, else 0 */
	char message[200];          /* plain words for staff, no patient data */
} HttpResult;

/* Initialises libcurl once; call from the main thread before any sender. */
void http_global_init(void);

/* POSTs body (application/fhir+json) to cfg->url. stop (may be NULL) aborts
 * a transfer in progress when it becomes non-zero. Always fills *res. */
void http_post_fhir(const HttpConfig *cfg, const char *body, const atomic_int *stop, HttpResult *res);
#endif
