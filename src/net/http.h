/* net/http.h - one HTTPS POST of a FHIR transaction Bundle with libcurl:
 * TLS verified (CA file from config), bearer token or client certificate,
 * connect and total timeouts, abortable through a stop flag; http:// only
 * when allow_insecure is set. The result says what to do next (sent /
 * retry, and when / rejected for good) and why in plain words. */
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
	int allow_insecure;         /* 1: http:// is allowed too (allow_insecure) */
} HttpConfig;

/* SENT: delivered. RETRY: a transient problem (network, 401, 408, 429,
 * 5xx), try again later. REJECTED: the server refused this message for good
 * (another 4xx, or an OperationOutcome with an error): set it aside.
 * ABORTED: stopped by the caller, nothing to record. */
typedef enum { HTTP_SENT, HTTP_RETRY, HTTP_ABORTED, HTTP_REJECTED } HttpOutcome;

typedef struct HttpResult {
	HttpOutcome outcome;
	long status;                /* HTTP status, 0 when none arrived */
	long long retry_after_ms;   /* from a 429/503 Retry-After, else 0 */
	char message[200];          /* plain words for staff and logs, no patient data */
	char reason[300];           /* REJECTED: the server's own words (OperationOutcome
				       text, ACK text); may echo content, so kept in the
				       database for staff, never logged */
} HttpResult;

/* Initialises libcurl once; call from the main thread before any sender. */
void http_global_init(void);

/* Shared by every libcurl handle in net/ (curl is a CURL *): TLS peer and
 * host verification on, the CA file and client certificate when given
 * (NULL or "": none); and a transfer aborted as soon as *stop is set. */
void http_tls(void *curl, const char *ca_file, const char *client_cert, const char *client_key);
void http_abort_on(void *curl, const atomic_int *stop);

/* POSTs body (application/fhir+json) to cfg->url. stop (may be NULL) aborts
 * a transfer in progress when it becomes non-zero. Always fills *res. */
void http_post_fhir(const HttpConfig *cfg, const char *body, const atomic_int *stop, HttpResult *res);
#endif
