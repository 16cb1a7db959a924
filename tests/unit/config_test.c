/* tests/unit/config_test.c - the config parser against the files clinic IT
 * really write: Notepad's byte-order mark and CRLF, long bearer tokens, long
 * lines, truncated PIN hashes, mistyped URLs, missing or non-PEM files. */
#include "app/config.h"
#include "test.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HASH "$argon2id$v=19$m=65536,t=2,p=1$wxGiCMJOeyho/Jto/xbdZg$zQBwofI6Hv2rC/Bd4JsgyH703ci0fIQWVJLHKDnmjak"

#define PEM "-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----\n"

static char dir[] = "/tmp/accord-config-XXXXXX";

/* Writes text (len bytes) to dir/name; returns the path (static buffer). */
static const char *put(const char *name, const char *text, size_t len)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f) return path;
	fwrite(text, 1, len, f);
	fclose(f);
	return path;
}

static int load(Config *c, const char *text, size_t len, char *errs, size_t n)
{
	errs[0] = 0;
	config_defaults(c);
	return config_load(c, put("t.conf", text, len), 0, errs, n);
}

static void a_byte_order_mark_and_crlf_are_accepted(void)
{
	Config c;
	char errs[1024];
	const char t[] = "\xEF\xBB\xBFkiosk_name = front-1\r\nclinic_name = \"Riverside\"\r\n";
	CHECK(load(&c, t, sizeof t - 1, errs, sizeof errs) == 0);
	CHECK(!strcmp(c.kiosk_name, "front-1"));
	CHECK(!strcmp(c.clinic_name, "Riverside"));
	CHECK(errs[0] == 0);
}

static void a_bearer_token_of_3000_characters_is_accepted(void)
{
	Config c;
	char errs[1024], *t = malloc(4000);
	size_t k = (size_t)sprintf(t, "fhir_bearer_token = ");
	memset(t + k, 'x', 3000);
	k += 3000;
	t[k++] = '\n';
	CHECK(load(&c, t, k, errs, sizeof errs) == 0);
	CHECK(strlen(c.fhir_bearer_token) == 3000);
	free(t);
}

static void a_5000_character_line_keeps_later_line_numbers_right(void)
{
	Config c;
	char errs[2048], *t = malloc(10000);
	size_t k = (size_t)sprintf(t, "# a comment\nclinic_name = ");
	memset(t + k, 'y', 5000);                   /* line 2: too long for clinic_name */
	k += 5000;
	k += (size_t)sprintf(t + k, "\nkiosk_name = after\nbogus = 1\n");
	CHECK(load(&c, t, k, errs, sizeof errs) == 2);
	CHECK(strstr(errs, "t.conf:2: clinic_name: value is too long") != NULL);
	CHECK(strstr(errs, "t.conf:4: unknown key \"bogus\"") != NULL);
	CHECK(!strcmp(c.kiosk_name, "after"));
	CHECK(!strcmp(c.clinic_name, "Your clinic"));        /* default kept */
	free(t);
}

static void a_truncated_pin_hash_is_refused_and_a_whole_one_accepted(void)
{
	Config c;
	char errs[1024], t[512];
	int n = snprintf(t, sizeof t, "staff_pin_hash = %.*s\n", (int)strlen(HASH) - 5, HASH);
	CHECK(load(&c, t, (size_t)n, errs, sizeof errs) == 1);
	CHECK(strstr(errs, "t.conf:1: staff_pin_hash: not a complete Argon2id hash") != NULL);
	CHECK(c.staff_pin_hash[0] == 0);
	n = snprintf(t, sizeof t, "staff_pin_hash = $argon2i$v=19$m=65536,t=2,p=1$wxGiCMJOeyho/Jto/xbdZg$zQBwofI6Hv2rC/Bd\n");
	CHECK(load(&c, t, (size_t)n, errs, sizeof errs) == 1);
	n = snprintf(t, sizeof t, "staff_pin_hash = %s\n", HASH);
	CHECK(load(&c, t, (size_t)n, errs, sizeof errs) == 0);
	CHECK(!strcmp(c.staff_pin_hash, HASH));
}

static void a_mistyped_or_hostless_url_is_refused(void)
{
	Config c;
	char errs[1024];
	const char *bad[] = { "htps://fhir.example.org/r4", "fhir.example.org/r4", "https://", "ftp://x/", "https://:8443/r4" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char t[256];
		int n = snprintf(t, sizeof t, "fhir_base_url = %s\n", bad[i]);
		CHECK(load(&c, t, (size_t)n, errs, sizeof errs) == 1);
		if (!strstr(errs, "t.conf:1: fhir_base_url:")) fprintf(stderr, "  accepted: %s\n", bad[i]);
		CHECK(strstr(errs, "t.conf:1: fhir_base_url:") != NULL);
		CHECK(c.fhir_base_url[0] == 0);
	}
	const char ok[] = "fhir_base_url = https://fhir.example.org:8443/r4\n";
	CHECK(load(&c, ok, sizeof ok - 1, errs, sizeof errs) == 0);
	CHECK(!strcmp(c.fhir_base_url, "https://fhir.example.org:8443/r4"));
}

static void certificate_files_must_exist_and_hold_pem(void)
{
	Config c;
	char errs[1024], t[512], pem[256], junk[256];
	snprintf(pem, sizeof pem, "%s", put("ca.pem", PEM, strlen(PEM)));
	snprintf(junk, sizeof junk, "%s", put("junk.pem", "not a certificate\n", 18));
	int n = snprintf(t, sizeof t, "fhir_ca_file = %s\n", pem);
	CHECK(load(&c, t, (size_t)n, errs, sizeof errs) == 0);
	CHECK(!strcmp(c.fhir_ca_file, pem));
	n = snprintf(t, sizeof t, "fhir_ca_file = %s\nfhir_client_key = %s/missing.key\nfhir_client_cert = /dev/zero\n", junk, dir);
	CHECK(load(&c, t, (size_t)n, errs, sizeof errs) == 3);
	CHECK(strstr(errs, "t.conf:1: fhir_ca_file:") && strstr(errs, "no PEM block"));
	CHECK(strstr(errs, "t.conf:2: fhir_client_key: cannot read") != NULL);
	CHECK(strstr(errs, "t.conf:3: fhir_client_cert: cannot read \"/dev/zero\": not a regular file") != NULL);
}

static void binary_control_characters_and_duplicates_are_reported_by_line(void)
{
	Config c;
	char errs[2048];
	const char t[] = "kiosk_name = a\n\x01\x02\xff\xfe\0\x7f\nkiosk_name = b\nclinic_name = x\x1b[2Jy\n"
			 "hl7_host = $(reboot)\ndata_dir = ../../etc\n";
	CHECK(load(&c, t, sizeof t - 1, errs, sizeof errs) == 5);
	CHECK(strstr(errs, "t.conf:2: contains a NUL byte") != NULL);
	CHECK(strstr(errs, "t.conf:3: kiosk_name set again (first on line 1)") != NULL);
	CHECK(strstr(errs, "t.conf:4: clinic_name: contains a control character") != NULL);
	CHECK(strstr(errs, "t.conf:5: hl7_host:") != NULL);
	CHECK(strstr(errs, "t.conf:6: data_dir: \"../../etc\" is not an absolute path") != NULL);
	CHECK(!strcmp(c.kiosk_name, "b"));
	CHECK(!strcmp(c.clinic_name, "Your clinic"));
	CHECK(!strcmp(c.data_dir, "/var/lib/accord"));
	CHECK(strchr(errs, '\x1b') == NULL && strchr(errs, '\x01') == NULL);
}

static void a_fifo_or_a_device_as_config_is_refused_without_hanging(void)
{
	Config c;
	char errs[1024] = "", fifo[256];
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	CHECK(mkfifo(fifo, 0600) == 0);
	config_defaults(&c);
	CHECK(config_load(&c, fifo, 1, errs, sizeof errs) == 1);
	CHECK(strstr(errs, "not a regular file") != NULL);
	CHECK(config_load(&c, "/dev/zero", 1, errs, sizeof errs) == 1);
	CHECK(config_load(&c, "/nonexistent/accord.conf", 1, errs, sizeof errs) == 0);   /* optional, missing */
	CHECK(config_load(&c, "/nonexistent/accord.conf", 0, errs, sizeof errs) == -1);
	unlink(fifo);
}

int main(void)
{
	if (!mkdtemp(dir)) return 1;
	RUN(a_byte_order_mark_and_crlf_are_accepted);
	RUN(a_bearer_token_of_3000_characters_is_accepted);
	RUN(a_5000_character_line_keeps_later_line_numbers_right);
	RUN(a_truncated_pin_hash_is_refused_and_a_whole_one_accepted);
	RUN(a_mistyped_or_hostless_url_is_refused);
	RUN(certificate_files_must_exist_and_hold_pem);
	RUN(binary_control_characters_and_duplicates_are_reported_by_line);
	RUN(a_fifo_or_a_device_as_config_is_refused_without_hanging);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) != 0;
}
