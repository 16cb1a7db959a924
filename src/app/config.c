/* app/config.c - the configuration table and the key = value parser. */
#include "app/config.h"
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum { T_STR, T_INT, T_ENUM } Type;

typedef struct Option {
	const char *key;
	Type type;
	size_t off, size;       /* field in Config (size: buffer size for strings) */
	long min, max;
	const char *def;
	const char *choices;    /* T_ENUM: "a|b|c" */
	const char *help;
} Option;

#define S_(f) offsetof(Config, f), sizeof(((Config *)0)->f)
#define I_(f) offsetof(Config, f), 0

static const Option options[] = {
	{ "kiosk_name", T_STR, S_(kiosk_name), 0, 0, "kiosk-1", NULL, "Name of this kiosk, shown in summaries and staff mode." },
	{ "clinic_name", T_STR, S_(clinic_name), 0, 0, "Your clinic", NULL, "Clinic name on the attract screen." },
	{ "boot_config", T_STR, S_(boot_config), 0, 0, "/boot/firmware/accord.conf", NULL, "File on the boot partition that overrides this one." },
	{ "data_dir", T_STR, S_(data_dir), 0, 0, "/var/lib/accord", NULL, "Where the SQLite database lives." },
	{ "assets_dir", T_STR, S_(assets_dir), 0, 0, "/usr/share/accord", NULL, "Content: strings, questionnaires, agreement." },
	{ "idle_warn_seconds", T_INT, I_(idle_warn_seconds), 15, 3600, "90", NULL, "No touch this long: \"Are you still there?\"" },
	{ "idle_wipe_seconds", T_INT, I_(idle_wipe_seconds), 5, 600, "30", NULL, "Then this long more: the visit is wiped." },
	{ "handoff_seconds", T_INT, I_(handoff_seconds), 15, 3600, "120", NULL, "The QR screen clears itself after this long." },
	{ "agreement", T_ENUM, S_(agreement), 0, 0, "optional", "required|optional|off",
	  "Agreement explainer: required, optional (can skip) or off." },
	{ "identify", T_ENUM, S_(identify), 0, 0, "code", "code|patient|staff",
	  "How a visit is identified: visit code, patient name + birth date, or staff-entered record number." },
	{ "clinic_language", T_STR, S_(clinic_language), 0, 0, "en", NULL, "Language of the clinician summary." },
	{ "languages", T_STR, S_(languages), 0, 0, "en,es", NULL, "Languages offered to patients (string catalogs in assets/strings)." },
	{ "forms_off", T_STR, S_(forms_off), 0, 0, "", NULL, "Built-in forms to leave out, comma-separated file names (e.g. gad2.json)." },
	{ "items_off", T_STR, S_(items_off), 0, 0, "", NULL,
	  "Items to leave out, comma-separated linkIds (e.g. pain-least,vm-last-visit); their follow-up questions go too." },
	{ "fhir_base_url", T_STR, S_(fhir_base_url), 0, 0, "", NULL, "FHIR R4 server base URL (https://...). Empty: no network handoff." },
	{ "fhir_ca_file", T_STR, S_(fhir_ca_file), 0, 0, "", NULL, "CA certificate file that signs the FHIR server's certificate." },
	{ "fhir_bearer_token", T_STR, S_(fhir_bearer_token), 0, 0, "", NULL, "Bearer token for the FHIR server (or use a client certificate)." },
	{ "fhir_client_cert", T_STR, S_(fhir_client_cert), 0, 0, "", NULL, "Client certificate (PEM) for mutual TLS." },
	{ "fhir_client_key", T_STR, S_(fhir_client_key), 0, 0, "", NULL, "Client key (PEM) for mutual TLS." },
	{ "hl7_host", T_STR, S_(hl7_host), 0, 0, "", NULL, "HL7 v2 interface engine host for ORU^R01 over MLLP. Empty: off." },
	{ "hl7_port", T_INT, I_(hl7_port), 1, 65535, "2575", NULL, "MLLP port." },
	{ "fhir_record_system", T_STR, S_(fhir_record_system), 0, 0, "", NULL,
	  "Identifier system (URI) of the staff-entered record number, e.g. the clinic's MRN system. Empty: urn:accord:id:staff-ref." },
	{ "allow_insecure", T_ENUM, S_(allow_insecure), 0, 0, "no", "no|yes",
	  "yes allows an http:// fhir_base_url (names and the token travel in the clear): test networks only." },
	{ "hl7_tls", T_ENUM, S_(hl7_tls), 0, 0, "no", "no|yes", "MLLP inside TLS (the engine's certificate is checked like the FHIR server's)." },
	{ "hl7_ca_file", T_STR, S_(hl7_ca_file), 0, 0, "", NULL, "CA certificate file that signs the HL7 engine's certificate (hl7_tls)." },
	{ "hl7_client_cert", T_STR, S_(hl7_client_cert), 0, 0, "", NULL, "Client certificate (PEM) for MLLP over TLS." },
	{ "hl7_client_key", T_STR, S_(hl7_client_key), 0, 0, "", NULL, "Client key (PEM) for MLLP over TLS." },
	{ "hl7_sending_app", T_STR, S_(hl7_sending_app), 0, 0, "ACCORD", NULL, "MSH-3 sending application." },
	{ "hl7_sending_facility", T_STR, S_(hl7_sending_facility), 0, 0, "", NULL, "MSH-4 sending facility. Empty: kiosk_name." },
	{ "hl7_receiving_app", T_STR, S_(hl7_receiving_app), 0, 0, "", NULL, "MSH-5 receiving application (as the interface engine expects)." },
	{ "hl7_receiving_facility", T_STR, S_(hl7_receiving_facility), 0, 0, "", NULL, "MSH-6 receiving facility." },
	{ "hl7_id_authority", T_STR, S_(hl7_id_authority), 0, 0, "ACCORD", NULL,
	  "PID-3 assigning authority of the staff-entered record number (the clinic's MRN authority)." },
	{ "hl7_id_type", T_STR, S_(hl7_id_type), 0, 0, "MR", NULL, "PID-3 identifier type code of the staff-entered record number (MR, PI, ...)." },
	{ "qr_payload", T_ENUM, S_(qr_payload), 0, 0, "text", "text|fhir", "QR content: plain-text summary or FHIR QuestionnaireResponse JSON." },
	{ "qr_max_version", T_INT, I_(qr_max_version), 5, 40, "15", NULL, "Largest QR version per page; longer summaries split into pages." },
	{ "staff_pin_hash", T_STR, S_(staff_pin_hash), 0, 0, "", NULL,
	  "Staff PIN as an Argon2id hash made by 'accord passwd'. Empty: staff mode off." },
	{ "retention_days", T_INT, I_(retention_days), 1, 365, "7", NULL, "Delete a visit this many days after it was handed off." },
	{ "unsent_max_days", T_INT, I_(unsent_max_days), 1, 365, "30", NULL,
	  "Delete an unsent visit after this many days (staff are warned first)." },
	{ "text_size", T_ENUM, S_(text_size), 0, 0, "normal", "normal|large|xl", "Starting text size (patients can change it)." },
	{ "theme", T_ENUM, S_(theme), 0, 0, "default", "default|high-contrast", "Colour theme." },
	{ "rotation", T_INT, I_(rotation), 0, 270, "0", NULL, "Screen rotation in degrees: 0, 90, 180 or 270." },
	{ "speech_rate", T_INT, I_(speech_rate), 80, 400, "160", NULL, "Read-aloud speed in words per minute." },
	{ "volume", T_INT, I_(volume), 0, 100, "80", NULL, "Read-aloud volume, 0-100." },
};
#define N_OPTIONS ((int)(sizeof options / sizeof options[0]))

int config_set(Config *c, const char *key, const char *value, char *why, size_t whylen)
{
	for (int i = 0; i < N_OPTIONS; i++) {
		const Option *o = &options[i];
		if (strcmp(o->key, key) != 0) continue;
		if (o->type == T_INT) {
			char *end;
			errno = 0;
			long v = strtol(value, &end, 10);
			if (errno || end == value || *end) { snprintf(why, whylen, "%s: \"%s\" is not a whole number", key, value); return -1; }
			if (v < o->min || v > o->max) { snprintf(why, whylen, "%s: %ld is outside %ld..%ld", key, v, o->min, o->max); return -1; }
			if (!strcmp(key, "rotation") && v % 90) { snprintf(why, whylen, "rotation: must be 0, 90, 180 or 270"); return -1; }
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
			if (!ok) { snprintf(why, whylen, "%s: \"%s\" is not one of %s", key, value, o->choices); return -1; }
		}
		if (strlen(value) >= o->size) { snprintf(why, whylen, "%s: value is too long (max %zu)", key, o->size - 1); return -1; }
		snprintf((char *)c + o->off, o->size, "%s", value);
		return 0;
	}
	snprintf(why, whylen, "unknown key \"%s\"", key);
	return -1;
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

int config_load(Config *c, const char *path, int optional, char *errs, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int n = 0, problems = 0;
	if (!f) {
		if (!optional && errs) {
			size_t k = strlen(errs);
			snprintf(errs + k, errlen - k, "%s: cannot be read\n", path);
		}
		return optional ? 0 : -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *p, *eq, why[300];
		n++;
		p = trim(line);
		if (!*p || *p == '#' || *p == ';') continue;
		if (!(eq = strchr(p, '='))) {
			snprintf(why, sizeof why, "expected \"key = value\"");
		} else {
			*eq = 0;
			char *k = trim(p), *v = trim(eq + 1);
			size_t vl = strlen(v);
			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') { v[vl - 1] = 0; v++; }
			if (config_set(c, k, v, why, sizeof why) == 0) continue;
		}
		problems++;
		if (errs) {
			size_t k = strlen(errs);
			snprintf(errs + k, errlen - k, "%s:%d: %s (default kept)\n", path, n, why);
		}
	}
	fclose(f);
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
