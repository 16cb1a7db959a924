/* app/config.c - the configuration table and the key = value parser.
 * Every value is checked by its type (number range, choice, absolute path,
 * readable PEM file, http(s) URL with a host, Argon2id hash) before it is
 * taken; a refused line keeps the previous value. Lines may be any length,
 * a UTF-8 byte-order mark is skipped, nothing in a value is ever run. */
#include "app/config.h"
#include "core/night.h"
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONFIG_MAX_BYTES (1 << 20)   /* a config or PEM file larger than this is refused */
#define CONFIG_MAX_REPORTS 20        /* problems reported per file; the rest are counted */

typedef enum {
	T_STR,    /* text without control characters */
	T_INT,    /* whole number in min..max */
	T_ENUM,   /* one of choices */
	T_PATH,   /* absolute path (or empty) */
	T_PEM,    /* readable regular file with a PEM block (or empty) */
	T_URL,    /* http(s)://host... (or empty) */
	T_HOST,   /* host name or address, no scheme, port or path (or empty) */
	T_HASH    /* Argon2id hash string (or empty) */
} Type;

typedef struct Option {
	const char *key;
	Type type;
	size_t off, size;       /* field in Config (size: buffer size for strings) */
	long min, max;          /* T_INT: range */
	const char *def;
	const char *choices;    /* T_ENUM: "a|b|c" */
	const char *help;
} Option;

#define S_(f) offsetof(Config, f), sizeof(((Config *)0)->f)
#define I_(f) offsetof(Config, f), 0

static const Option options[] = {
	{ "kiosk_name", T_STR, S_(kiosk_name), 0, 0, "kiosk-1", NULL, "Name of this kiosk, shown in summaries and staff mode." },
	{ "clinic_name", T_STR, S_(clinic_name), 0, 0, "Your clinic", NULL, "Clinic name on the attract screen." },
	{ "boot_config", T_PATH, S_(boot_config), 0, 0, "/boot/firmware/accord.conf", NULL, "File on the boot partition that overrides this one." },
	{ "data_dir", T_PATH, S_(data_dir), 0, 0, "/var/lib/accord", NULL, "Where the SQLite database lives." },
	{ "db_key_file", T_PATH, S_(db_key_file), 0, 0, "", NULL,
	  "File whose bytes make the database key (SQLCipher); empty: not encrypted. See docs/data-at-rest.md." },
	{ "assets_dir", T_PATH, S_(assets_dir), 0, 0, "/usr/share/accord", NULL, "Content: strings, questionnaires, agreement." },
	{ "idle_warn_seconds", T_INT, I_(idle_warn_seconds), 15, 3600, "90", NULL, "No touch this long: \"Are you still there?\"" },
	{ "idle_wipe_seconds", T_INT, I_(idle_wipe_seconds), 5, 600, "30", NULL, "Then this long more: the visit is wiped." },
	{ "handoff_seconds", T_INT, I_(handoff_seconds), 15, 3600, "120", NULL, "The QR screen clears itself after this long." },
	{ "agreement", T_ENUM, S_(agreement), 0, 0, "optional", "required|optional|off",
	  "Agreement explainer: required, optional (can skip) or off." },
	{ "identify", T_ENUM, S_(identify), 0, 0, "code", "code|patient|staff",
	  "How a visit is identified: visit code, patient name + birth date, or staff-entered record number." },
	{ "clinic_language", T_STR, S_(clinic_language), 0, 0, "en", NULL, "Language of the clinician summary." },
	{ "languages", T_STR, S_(languages), 0, 0, "en,es", NULL, "Languages offered to patients (string catalogs in assets/strings)." },
	{ "visit_plan", T_ENUM, S_(visit_plan), 0, 0, "first", "ask|first|follow-up|quick",
	  "Visit plan: ask the patient (\"Is this your first visit with us?\"), or always first, follow-up or quick." },
	{ "plan_follow_up_forms", T_STR, S_(plan_follow_up_forms), 0, 0,
	  "pain-now.json,peg.json,side-effects.json,opioid-safety.json,phq2.json,gad2.json", NULL,
	  "Forms a follow-up visit asks (file names); the agreement is shown in short." },
	{ "plan_quick_forms", T_STR, S_(plan_quick_forms), 0, 0, "pain-now.json,peg.json,side-effects.json,opioid-safety.json", NULL,
	  "Forms a quick visit asks (file names: pain now, PEG, the safety items); no agreement." },
	{ "plan_first_skip_forms", T_STR, S_(plan_first_skip_forms), 0, 0, "visits-meds.json,last-visit.json", NULL,
	  "Forms not asked of a patient who says it is their first visit (or whom staff set so): the ones about a last visit." },
	{ "agreement_reviewed", T_STR, S_(agreement_reviewed), 0, 0, "", NULL,
	  "Agreement pack version your returning patients last reviewed: follow-up visits show in full each clause changed since." },
	{ "forms_off", T_STR, S_(forms_off), 0, 0, "", NULL, "Built-in forms to leave out, comma-separated file names (e.g. gad2.json)." },
	{ "items_off", T_STR, S_(items_off), 0, 0, "", NULL,
	  "Items to leave out, comma-separated linkIds (e.g. pain-least,vm-last-visit); their follow-up questions go too." },
	{ "fhir_base_url", T_URL, S_(fhir_base_url), 0, 0, "", NULL, "FHIR R4 server base URL (https://...). Empty: no network handoff." },
	{ "fhir_ca_file", T_PEM, S_(fhir_ca_file), 0, 0, "", NULL, "CA certificate file that signs the FHIR server's certificate." },
	{ "fhir_bearer_token", T_STR, S_(fhir_bearer_token), 0, 0, "", NULL,
	  "Bearer token for the FHIR server (or use a client certificate). @stored: read from data_dir/secrets/ (see the IT guide)." },
	{ "fhir_client_cert", T_PEM, S_(fhir_client_cert), 0, 0, "", NULL, "Client certificate (PEM) for mutual TLS." },
	{ "fhir_client_key", T_PEM, S_(fhir_client_key), 0, 0, "", NULL, "Client key (PEM) for mutual TLS." },
	{ "hl7_host", T_HOST, S_(hl7_host), 0, 0, "", NULL, "HL7 v2 interface engine host for ORU^R01 over MLLP. Empty: off." },
	{ "hl7_port", T_INT, I_(hl7_port), 1, 65535, "2575", NULL, "MLLP port." },
	{ "fhir_record_system", T_STR, S_(fhir_record_system), 0, 0, "", NULL,
	  "Identifier system (URI) of the staff-entered record number, e.g. the clinic's MRN system. Empty: urn:accord:id:staff-ref." },
	{ "allow_insecure", T_ENUM, S_(allow_insecure), 0, 0, "no", "no|yes",
	  "yes allows an http:// fhir_base_url (names and the token travel in the clear): test networks only." },
	{ "hl7_tls", T_ENUM, S_(hl7_tls), 0, 0, "no", "no|yes", "MLLP inside TLS (the engine's certificate is checked like the FHIR server's)." },
	{ "hl7_ca_file", T_PEM, S_(hl7_ca_file), 0, 0, "", NULL, "CA certificate file that signs the HL7 engine's certificate (hl7_tls)." },
	{ "hl7_client_cert", T_PEM, S_(hl7_client_cert), 0, 0, "", NULL, "Client certificate (PEM) for MLLP over TLS." },
	{ "hl7_client_key", T_PEM, S_(hl7_client_key), 0, 0, "", NULL, "Client key (PEM) for MLLP over TLS." },
	{ "hl7_sending_app", T_STR, S_(hl7_sending_app), 0, 0, "ACCORD", NULL, "MSH-3 sending application." },
	{ "hl7_sending_facility", T_STR, S_(hl7_sending_facility), 0, 0, "", NULL, "MSH-4 sending facility. Empty: kiosk_name." },
	{ "hl7_receiving_app", T_STR, S_(hl7_receiving_app), 0, 0, "", NULL, "MSH-5 receiving application (as the interface engine expects)." },
	{ "hl7_receiving_facility", T_STR, S_(hl7_receiving_facility), 0, 0, "", NULL, "MSH-6 receiving facility." },
	{ "hl7_id_authority", T_STR, S_(hl7_id_authority), 0, 0, "ACCORD", NULL,
	  "PID-3 assigning authority of the staff-entered record number (the clinic's MRN authority)." },
	{ "hl7_id_type", T_STR, S_(hl7_id_type), 0, 0, "MR", NULL, "PID-3 identifier type code of the staff-entered record number (MR, PI, ...)." },
	{ "qr_payload", T_ENUM, S_(qr_payload), 0, 0, "text", "text|fhir", "QR content: plain-text summary or FHIR QuestionnaireResponse JSON." },
	{ "qr_charset", T_ENUM, S_(qr_charset), 0, 0, "utf8", "utf8|ascii-marked",
	  "QR text: UTF-8 (accents kept, ECI marked), or ASCII for old keyboard-wedge scanners with every replaced letter marked, e.g. a{n~}o." },
	{ "qr_show_seconds", T_INT, I_(qr_show_seconds), 10, 600, "30", NULL,
	  "The code for the scanner shows only when tapped, and hides after this long without a touch." },
	{ "qr_max_version", T_INT, I_(qr_max_version), 5, 40, "15", NULL, "Largest QR version per page; longer summaries split into pages." },
	{ "staff_pin_hash", T_HASH, S_(staff_pin_hash), 0, 0, "", NULL,
	  "Staff PIN as an Argon2id hash made by 'accord passwd'. Empty: staff mode off." },
	{ "retention_days", T_INT, I_(retention_days), 1, 365, "7", NULL, "Delete a visit this many days after it was handed off." },
	{ "unsent_max_days", T_INT, I_(unsent_max_days), 1, 365, "30", NULL,
	  "Delete an unsent visit after this many days (staff are warned first)." },
	{ "text_size", T_ENUM, S_(text_size), 0, 0, "normal", "normal|large|xl", "Starting text size (patients can change it)." },
	{ "theme", T_ENUM, S_(theme), 0, 0, "default", "default|high-contrast", "Colour theme." },
	{ "rotation", T_INT, I_(rotation), 0, 270, "0", NULL, "Screen rotation in degrees: 0, 90, 180 or 270." },
	{ "speech_rate", T_INT, I_(speech_rate), 80, 400, "160", NULL, "Read-aloud speed in words per minute." },
	{ "volume", T_INT, I_(volume), 0, 100, "80", NULL, "Read-aloud volume, 0-100." },
	{ "content_source", T_STR, S_(content_source), 0, 0, "", NULL,
	  "Signed content set: a path under fhir_base_url (e.g. Binary/accord-content), an https:// or a file:// URL. Empty: built-in content." },
	{ "content_public_key", T_STR, S_(content_public_key), 0, 0, "", NULL,
	  "Public key(s) that sign content sets (base64, comma-separated), from 'accord content keygen'." },
	{ "content_check_minutes", T_INT, I_(content_check_minutes), 1, 1440, "15", NULL, "How often to look for a new content set." },
	{ "heartbeat_minutes", T_INT, I_(heartbeat_minutes), 0, 1440, "5", NULL,
	  "How often to report health (no patient data) to the FHIR server. 0: never." },
	{ "display_off", T_STR, S_(display_off), 0, 0, "", NULL, "Time (HH:MM) the screen goes dark at night. Empty: always on." },
	{ "display_on", T_STR, S_(display_on), 0, 0, "", NULL, "Time (HH:MM) the screen comes back in the morning." },
};
#define N_OPTIONS ((int)(sizeof options / sizeof options[0]))

/* A value fit for a message: control bytes become '?', long ones are cut. */
static const char *shown(const char *v, char *buf, size_t n)
{
	size_t k = 0;
	for (; *v && k + 4 < n && k < 60; v++) buf[k++] = (unsigned char)*v < 0x20 || *v == 0x7f ? '?' : *v;
	while (k > 0 && ((unsigned char)buf[k - 1] & 0xc0) == 0x80) k--;         /* no cut UTF-8 */
	if (k > 0 && ((unsigned char)buf[k - 1] & 0xc0) == 0xc0) k--;
	snprintf(buf + k, n - k, "%s", *v ? "..." : "");
	return buf;
}

static int fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Reads a whole regular file of at most CONFIG_MAX_BYTES. Opens without
 * blocking (a FIFO or device never hangs us). Returns malloc'ed text (free)
 * or NULL with errno-like text in why. */
static char *read_small_file(const char *path, size_t *len, char *why, size_t whylen)
{
	struct stat st;
	char *buf = NULL;
	size_t n = 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) { fail(why, whylen, "%s", strerror(errno)); return NULL; }
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) { fail(why, whylen, "not a regular file"); goto fail; }
	if (st.st_size > CONFIG_MAX_BYTES) { fail(why, whylen, "larger than %d bytes", CONFIG_MAX_BYTES); goto fail; }
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) { fail(why, whylen, "out of memory"); goto fail; }
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR) continue;
		if (r < 0) { fail(why, whylen, "%s", strerror(errno)); goto fail; }
		if (r == 0) break;
		n += (size_t)r;
	}
	buf[n] = 0;
	*len = n;
	close(fd);
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

/* At least one complete "-----BEGIN X-----" ... "-----END X-----" block whose
 * body is base64 (header lines such as "Proc-Type:" allowed). */
static int has_pem_block(const char *text)
{
	const char *p = text;
	while ((p = strstr(p, "-----BEGIN ")) != NULL) {
		const char *label = p + 11, *le = strstr(label, "-----"), *body, *end;
		char endmark[128];
		p = label;
		if (!le || le == label || le - label > 64 || memchr(label, '\n', (size_t)(le - label))) continue;
		snprintf(endmark, sizeof endmark, "-----END %.*s-----", (int)(le - label), label);
		body = le + 5;
		if (!(end = strstr(body, endmark))) continue;
		size_t blen = (size_t)(end - body), k = 0, bin_len = 0;
		char *b64 = malloc(blen + 1);
		if (!b64) return 0;
		for (const char *l = body; l < end;) {             /* drop "Name: value" header lines */
			const char *nl = memchr(l, '\n', (size_t)(end - l));
			const char *le2 = nl ? nl : end;
			if (!memchr(l, ':', (size_t)(le2 - l))) { memcpy(b64 + k, l, (size_t)(le2 - l)); k += (size_t)(le2 - l); }
			l = nl ? nl + 1 : end;
		}
		unsigned char *bin = malloc(k + 1);
		int ok = bin && k > 0 && sodium_base642bin(bin, k + 1, b64, k, " \t\r\n", &bin_len, NULL,
							sodium_base64_VARIANT_ORIGINAL) == 0 && bin_len > 0;
		free(bin);
		free(b64);
		if (ok) return 1;
	}
	return 0;
}

/* $argon2id$v=19$m=M,t=T,p=P$<salt>$<32-byte hash>, as 'accord passwd' makes. */
static int is_argon2id(const char *s)
{
	unsigned v;
	unsigned long m, t, par;
	int used = 0;
	unsigned char bin[64];
	size_t len;
	if (sscanf(s, "$argon2id$v=%u$m=%lu,t=%lu,p=%lu$%n", &v, &m, &t, &par, &used) != 4 || used == 0) return 0;
	const char *salt = s + used, *hash = strchr(salt, '$');
	if (!hash) return 0;
	if (sodium_base642bin(bin, sizeof bin, salt, (size_t)(hash - salt), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 || len < 8) return 0;
	hash++;
	if (sodium_base642bin(bin, sizeof bin, hash, strlen(hash), NULL, &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 || len != 32) return 0;
	return crypto_pwhash_str_needs_rehash(s, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != -1;
}

/* http:// or https:// with a host, parsed by curl as the sender will. */
static int check_url(const char *key, const char *v, char *why, size_t whylen)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, b[80];
	int rc = -1;
	if (!u) return fail(why, whylen, "%s: cannot be checked: the network library (libcurl) could not be loaded", key);
	if (curl_url_set(u, CURLUPART_URL, v, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK
	    || curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
		fail(why, whylen, "%s: \"%s\" is not a URL (https://host/path)", key, shown(v, b, sizeof b));
	else if (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0)
		fail(why, whylen, "%s: \"%s\" must start with https://", key, shown(v, b, sizeof b));
	else if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host)
		fail(why, whylen, "%s: \"%s\" has no host", key, shown(v, b, sizeof b));
	else rc = 0;
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

/* Type checks beyond length: 0 ok, else -1 and why. Empty is always fine
 * for the optional types (it means "not used"). */
static int check_value(const Option *o, const char *v, char *why, size_t whylen)
{
	char b[80];
	size_t len;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) return fail(why, whylen, "%s: contains a control character", o->key);
	if (!*v) return 0;
	switch (o->type) {
	case T_PATH:
		if (v[0] != '/') return fail(why, whylen, "%s: \"%s\" is not an absolute path", o->key, shown(v, b, sizeof b));
		return 0;
	case T_PEM: {
		char *text = read_small_file(v, &len, b, sizeof b);
		int ok = text && has_pem_block(text);
		if (text) sodium_memzero(text, len);                /* may be a private key */
		free(text);
		if (!text) return fail(why, whylen, "%s: cannot read \"%.120s\": %s", o->key, v, b);
		if (!ok) return fail(why, whylen, "%s: \"%.120s\" holds no PEM block (-----BEGIN ...)", o->key, v);
		return 0;
	}
	case T_URL:
		return check_url(o->key, v, why, whylen);
	case T_HOST:
		if (strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") != strlen(v))
			return fail(why, whylen, "%s: \"%s\" is not a host name or address (no scheme, port or path)",
				    o->key, shown(v, b, sizeof b));
		return 0;
	case T_HASH:
		if (!is_argon2id(v))
			return fail(why, whylen, "%s: not a complete Argon2id hash; make one with 'accord passwd'", o->key);
		return 0;
	default:
		return 0;
	}
}

int config_set(Config *c, const char *key, const char *value, char *why, size_t whylen)
{
	char b[80];
	for (int i = 0; i < N_OPTIONS; i++) {
		const Option *o = &options[i];
		if (strcmp(o->key, key) != 0) continue;
		if (o->type == T_INT) {
			char *end;
			errno = 0;
			long v = strtol(value, &end, 10);
			if (errno || end == value || *end)
				return fail(why, whylen, "%s: \"%s\" is not a whole number", key, shown(value, b, sizeof b));
			if (v < o->min || v > o->max) return fail(why, whylen, "%s: %ld is outside %ld..%ld", key, v, o->min, o->max);
			if (!strcmp(key, "rotation") && v % 90) return fail(why, whylen, "rotation: must be 0, 90, 180 or 270");
			*(int *)((char *)c + o->off) = (int)v;
			return 0;
		}
		if (o->type == T_ENUM) {
			const char *p = o->choices;
			size_t n = strlen(value);
			int ok = 0;
			while (*p) {
				size_t k = strcspn(p, "|");
				if (k == n && strncmp(p, value, n) == 0) ok = 1;
				p += k + (p[k] == '|');
			}
			if (!ok) return fail(why, whylen, "%s: \"%s\" is not one of %s", key, shown(value, b, sizeof b), o->choices);
		}
		if (strlen(value) >= o->size) return fail(why, whylen, "%s: value is too long (max %zu)", key, o->size - 1);
		if (check_value(o, value, why, whylen) != 0) return -1;
		if (!strncmp(key, "display_", 8) && *value && night_parse(value) < 0)
			return fail(why, whylen, "%s: \"%s\" is not a time like 22:00 (24-hour HH:MM)", key, shown(value, b, sizeof b));
		snprintf((char *)c + o->off, o->size, "%s", value);
		return 0;
	}
	return fail(why, whylen, "unknown key \"%s\"", shown(key, b, sizeof b));
}

void config_defaults(Config *c)
{
	char why[256];
	memset(c, 0, sizeof *c);
	for (int i = 0; i < N_OPTIONS; i++) config_set(c, options[i].key, options[i].def, why, sizeof why);
}

static char *trim(char *s)
{
	char *e;
	while (isspace((unsigned char)*s)) s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1])) *--e = 0;
	return s;
}

static int option_index(const char *key)
{
	for (int i = 0; i < N_OPTIONS; i++)
		if (!strcmp(options[i].key, key)) return i;
	return -1;
}

/* Appends "path:line: why (what happened)" to errs; counts every problem. */
static void report(char *errs, size_t errlen, int *problems, const char *path, int line, const char *why,
		   const char *what)
{
	size_t k;
	++*problems;
	if (!errs || *problems > CONFIG_MAX_REPORTS) return;
	k = strlen(errs);
	if (line) snprintf(errs + k, errlen - k, "%s:%d: %s (%s)\n", path, line, why, what);
	else snprintf(errs + k, errlen - k, "%s: %s (%s)\n", path, why, what);
}

int config_load(Config *c, const char *path, int optional, char *errs, size_t errlen)
{
	char *text, *p, why[400];
	size_t len;
	int n = 0, problems = 0, seen[N_OPTIONS] = { 0 };
	if (optional && access(path, F_OK) != 0) return 0;                /* missing is fine */
	if (!(text = read_small_file(path, &len, why, sizeof why))) {
		char msg[sizeof why + 20];
		snprintf(msg, sizeof msg, "cannot be read: %s", why);
		report(errs, errlen, &problems, path, 0, msg, "nothing read, defaults kept");
		return optional ? problems : -1;
	}
	p = text;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;        /* Notepad's byte-order mark */
	while (p < text + len) {
		char *line = p, *nl = memchr(p, '\n', (size_t)(text + len - p)), *eq;
		int dup = 0;
		p = nl ? nl + 1 : text + len;
		if (nl) *nl = 0;
		n++;
		if (strlen(line) != (size_t)((nl ? nl : text + len) - line)) {
			report(errs, errlen, &problems, path, n, "contains a NUL byte (binary file?)", "default kept");
			continue;
		}
		line = trim(line);
		if (!*line || *line == '#' || *line == ';') continue;
		if (!(eq = strchr(line, '='))) {
			snprintf(why, sizeof why, "expected \"key = value\"");
		} else {
			*eq = 0;
			char *k = trim(line), *v = trim(eq + 1);
			size_t vl = strlen(v);
			int i = option_index(k);
			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') { v[vl - 1] = 0; v++; }
			if (config_set(c, k, v, why, sizeof why) == 0) {
				if (i < 0 || !seen[i]) { if (i >= 0) seen[i] = n; continue; }
				snprintf(why, sizeof why, "%s set again (first on line %d)", k, seen[i]);
				seen[i] = n;
				dup = 1;
			}
		}
		report(errs, errlen, &problems, path, n, why, dup ? "later value used" : "default kept");
	}
	if (problems > CONFIG_MAX_REPORTS && errs) {
		size_t k = strlen(errs);
		snprintf(errs + k, errlen - k, "%s: %d more problems not shown\n", path, problems - CONFIG_MAX_REPORTS);
	}
	sodium_memzero(text, len);                                  /* held secrets */
	free(text);
	return problems;
}

int config_resolve_stored(Config *c, char *errs, size_t errlen)
{
	static const char *const keys[] = { "fhir_bearer_token" };
	int problems = 0;
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
		int i = option_index(keys[k]);
		char *field = (char *)c + options[i].off, path[512], why[300], *text;
		size_t len;
		if (strcmp(field, CONFIG_STORED) != 0) continue;
		snprintf(path, sizeof path, "%s/secrets/%s", c->data_dir, keys[k]);
		field[0] = 0;                                   /* unusable until read */
		if (!(text = read_small_file(path, &len, why, sizeof why))) {
			char msg[sizeof path + sizeof why + 64];
			snprintf(msg, sizeof msg, "%s is %s but %s cannot be read: %s", keys[k], CONFIG_STORED, path, why);
			report(errs, errlen, &problems, path, 0, msg, "no value");
			continue;
		}
		while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r')) text[--len] = 0;
		if (config_set(c, keys[k], text, why, sizeof why) != 0) report(errs, errlen, &problems, path, 0, why, "no value");
		sodium_memzero(text, len);
		free(text);
	}
	return problems;
}

void config_print_example(FILE *out)
{
	fputs("# Accord configuration: key = value. Lines starting with # are comments.\n"
	      "# /etc/accord/accord.conf is read first, then the boot partition file\n"
	      "# (boot_config), then --config FILE. A bad line is reported and its default kept.\n", out);
	for (int i = 0; i < N_OPTIONS; i++) {
		const Option *o = &options[i];
		fprintf(out, "\n# %s", o->help);
		if (o->type == T_INT) fprintf(out, " (%ld..%ld)", o->min, o->max);
		if (o->type == T_ENUM) fprintf(out, " (%s)", o->choices);
		fprintf(out, "\n#%s = %s\n", o->key, o->def);
	}
}
