/* app/config.h - run-time configuration from one table of {key, type, min,
 * max, default, help} rows. Files are simple "key = value" lines; later files
 * override earlier ones (/etc/accord/accord.conf, then the boot partition's
 * file, then --config). A bad line is reported with file:line and the
 * default is kept: the kiosk always starts. */
#ifndef APP_CONFIG_H
#define APP_CONFIG_H
#include <stdio.h>

typedef struct Config {
	char kiosk_name[64];
	char clinic_name[128];
	char boot_config[256];
	char data_dir[256];
	char db_key_file[256];        /* database key source; the key itself is never in Config */
	char assets_dir[256];
	int idle_warn_seconds, idle_wipe_seconds, handoff_seconds;
	char agreement[16];           /* required | optional | off */
	char identify[16];            /* code | patient | staff */
	char clinic_language[8];
	char languages[64];           /* "en,es" */
	char forms_off[256];          /* comma-separated form file names to leave out */
	char visit_plan[16];          /* ask | first | follow-up | quick */
	char agreement_reviewed[32];  /* agreement pack version returning patients last saw ("" none) */
	char plan_follow_up_forms[256], plan_quick_forms[256], plan_first_skip_forms[256];   /* form file names each plan asks */
	char items_off[512];          /* comma-separated linkIds of items to leave out */
	char fhir_base_url[256], fhir_ca_file[256], fhir_bearer_token[4096];  /* long JWTs fit */
	char fhir_client_cert[256], fhir_client_key[256];
	char fhir_record_system[256];  /* identifier system of the staff-entered record number */
	char allow_insecure[4];       /* yes | no: http:// FHIR allowed (test networks only) */
	char hl7_host[128];
	int hl7_port;
	char hl7_tls[4];              /* yes | no: MLLP inside TLS */
	char hl7_ca_file[256], hl7_client_cert[256], hl7_client_key[256];
	char hl7_sending_app[64], hl7_sending_facility[64];     /* MSH-3, MSH-4 */
	char hl7_receiving_app[64], hl7_receiving_facility[64]; /* MSH-5, MSH-6 */
	char hl7_id_authority[64], hl7_id_type[8];   /* PID-3.4 and PID-3.5 of the record number */
	char qr_payload[8];           /* text | fhir */
	char qr_charset[16];          /* utf8 | ascii-marked */
	int qr_show_seconds;          /* a shown handoff code hides after this long untouched */
	int qr_max_version;
	char staff_pin_hash[256];
	int retention_days, unsent_max_days;
	char text_size[16];           /* normal | large | xl */
	char theme[16];               /* default | high-contrast */
	int rotation;
	int speech_rate, volume;
	char content_source[512];     /* signed content set: FHIR Binary path, https:// or file:// URL */
	char content_public_key[256]; /* trusted ed25519 keys (base64, comma-separated) */
	int content_check_minutes;
	int heartbeat_minutes;        /* 0: no heartbeat */
	char display_off[8], display_on[8];   /* "HH:MM" night schedule, "" off */
} Config;

void config_defaults(Config *c);
/* Reads path into c. Problems are appended to errs (one "file:line: what"
 * per line; may be NULL). Returns the number of problems, or -1 if the file
 * cannot be read (missing is not an error when optional). */
int config_load(Config *c, const char *path, int optional, char *errs, size_t errlen);
/* Sets one key from a string; 0 ok, else a message in why. */
int config_set(Config *c, const char *key, const char *value, char *why, size_t whylen);
/* The value of a secret kept off the boot partition: the kiosk image moves
 * it to data_dir/secrets/<key> at boot (accord-move-secrets). */
#define CONFIG_STORED "@stored"
/* Replaces each secret whose value is CONFIG_STORED with the content of
 * data_dir/secrets/<key> (fhir_bearer_token). Problems are appended to errs;
 * returns their number (an unreadable one leaves the value empty). */
int config_resolve_stored(Config *c, char *errs, size_t errlen);
/* Writes every key with its default and help as a commented example file. */
void config_print_example(FILE *out);
#endif
