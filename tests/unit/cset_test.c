/* tests/unit/cset_test.c - signed content sets: a set signed with one key
 * verifies with it and with no other, any changed byte is refused, the
 * manifest parser keeps files inside the content directories; and the
 * last-good store on disk: next -> current -> previous, a refused set is
 * never offered again. Runs from the repo root. */
#include "content/cset.h"
#include "content/lastgood.h"
#include "core/util.h"
#include "test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST "{\"format\":\"accord-content/1\",\"version\":\"v1\"," \
	"\"questionnaires\":[{\"file\":\"peg.json\",\"url\":\"http://example.org/Questionnaire/peg\",\"version\":\"1.0\"}]," \
	"\"files\":{\"strings/en.json\":\"{\\\"attract.touch\\\":\\\"Hi\\\"}\"},\"settings\":{\"idle_warn_seconds\":\"120\"}}"

static char *signed_with(char pub[CSET_PUB_B64], const char *manifest)
{
	char sec[CSET_SEC_B64], err[256], *out = NULL;
	cset_keygen(pub, sec);
	CHECK(cset_sign(manifest, sec, &out, err, sizeof err) == CSET_OK);
	return out;
}

static void a_signed_set_verifies_with_its_key_and_gives_back_the_exact_manifest(void)
{
	char pub[CSET_PUB_B64], err[256], *m = NULL, *s = signed_with(pub, MANIFEST);
	CHECK(cset_verify(s, strlen(s), pub, &m, err, sizeof err) == CSET_OK);
	CHECK(m && !strcmp(m, MANIFEST));
	free(m); free(s);
}

static void a_set_signed_by_an_untrusted_key_is_refused(void)
{
	char pub[CSET_PUB_B64], other[CSET_PUB_B64], sec[CSET_SEC_B64], err[256] = "", *m = NULL, *s = signed_with(pub, MANIFEST);
	cset_keygen(other, sec);
	CHECK(cset_verify(s, strlen(s), other, &m, err, sizeof err) == CSET_EKEY);
	CHECK(m == NULL && strstr(err, "does not trust"));
	/* the right key among several trusted ones is accepted (key rotation) */
	char list[200];
	snprintf(list, sizeof list, "%s, %s", other, pub);
	CHECK(cset_verify(s, strlen(s), list, &m, err, sizeof err) == CSET_OK);
	free(m); free(s);
}

/* Replaces the signed file's payload with the base64 of another manifest. */
static void a_changed_payload_or_signature_is_refused(void)
{
	char pub[CSET_PUB_B64], err[256] = "", *m = NULL, *s = signed_with(pub, MANIFEST);
	char *t = signed_with((char[CSET_PUB_B64]){ 0 }, MANIFEST "  ");
	/* splice: keep s's key and signature, take t's payload */
	char *ps = strstr(s, "\"payload\""), *pt = strstr(t, "\"payload\"");
	Buf b = { 0 };
	buf_addn(&b, s, (size_t)(ps - s));
	buf_add(&b, pt);
	CHECK(cset_verify(b.s, b.len, pub, &m, err, sizeof err) == CSET_ESIG);
	CHECK(m == NULL);
	/* flip one character of the signature */
	char *sig = strstr(s, "\"signature\"") + 14;
	*sig = *sig == 'A' ? 'B' : 'A';
	CHECK(cset_verify(s, strlen(s), pub, &m, err, sizeof err) != CSET_OK);
	CHECK(cset_verify("{\"format\":\"x\"}", 14, pub, &m, err, sizeof err) == CSET_EJSON);
	buf_free(&b); free(s); free(t);
}

static void the_manifest_keeps_files_inside_the_content_directories(void)
{
	Cset *c = NULL;
	char err[256];
	CHECK(cset_parse(MANIFEST, &c, err, sizeof err) == CSET_OK);
	CHECK(c && c->n_forms == 1 && c->n_files == 1 && c->n_settings == 1 && !strcmp(c->version, "v1"));
	cset_free(c);
	CHECK(cset_path_ok("agreement/en.json") && cset_path_ok("questionnaires/scoring.json"));
	CHECK(!cset_path_ok("../etc/passwd.json") && !cset_path_ok("strings/../../x.json") && !cset_path_ok("fonts/a.json"));
	CHECK(!cset_path_ok("strings/.hidden.json") && !cset_path_ok("strings/en.txt") && !cset_path_ok("/strings/en.json"));
	const char *bad[] = {
		"{\"format\":\"accord-content/1\",\"version\":\"../up\"}",
		"{\"format\":\"accord-content/1\",\"version\":\"v\",\"files\":{\"../../etc/x.json\":\"{}\"}}",
		"{\"format\":\"accord-content/1\",\"version\":\"v\",\"settings\":{\"a\":\"1\\nstaff_pin_hash = x\"}}",
		"{\"format\":\"accord-content/2\",\"version\":\"v\"}",
		"{\"format\":\"accord-content/1\",\"version\":\"v\",\"questionnaires\":[{\"file\":\"a.json\",\"url\":\"u\"}]}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		c = NULL;
		CHECK(cset_parse(bad[i], &c, err, sizeof err) != CSET_OK && c == NULL);
	}
}

static void stage(const char *root, const char *version)
{
	char dir[700], err[256];
	CHECK(lastgood_staging(root, dir, sizeof dir, err, sizeof err) == 0);
	CHECK(lastgood_stage(root, dir, version, err, sizeof err) == 0);
}

static void the_last_good_set_is_kept_and_a_refused_one_never_comes_back(void)
{
	char root[] = "/tmp/accord-lastgood-XXXXXX", cur[72];
	LgSet c[LG_N];
	CHECK(mkdtemp(root) != NULL);
	CHECK(lastgood_candidates(root, c) == 0);
	stage(root, "v1");
	CHECK(lastgood_candidates(root, c) == 1 && c[0].role == LG_NEXT && !strcmp(c[0].version, "v1"));
	CHECK(lastgood_accept(root, "v1") == 0);
	stage(root, "v2");
	CHECK(lastgood_accept(root, "v2") == 0);
	stage(root, "v3");
	CHECK(lastgood_candidates(root, c) == 3);
	CHECK(!strcmp(c[0].version, "v3") && !strcmp(c[1].version, "v2") && !strcmp(c[2].version, "v1"));
	/* v3 fails to load: it is refused, v2 (the last good) stays current */
	CHECK(lastgood_refuse(root, "v3", "agreement/en.json: broken") == 0);
	CHECK(lastgood_known(root, "v3") == 2 && lastgood_known(root, "v2") == 1);
	CHECK(lastgood_candidates(root, c) == 2 && !strcmp(c[0].version, "v2"));
	/* the live set itself breaks on disk: the one before it takes over */
	CHECK(lastgood_refuse(root, "v2", "damaged") == 0);
	lastgood_current(root, cur, sizeof cur);
	CHECK(!strcmp(cur, "v1"));
	CHECK(lastgood_candidates(root, c) == 1 && c[0].role == LG_CURRENT);
	/* accepting prunes sets that are no longer current or previous, keeps refused ones for staff */
	stage(root, "v4");
	CHECK(lastgood_accept(root, "v4") == 0);
	stage(root, "v5");
	CHECK(lastgood_accept(root, "v5") == 0);
	char p[800];
	struct stat st;
	snprintf(p, sizeof p, "%s/sets/v1", root);
	CHECK(stat(p, &st) != 0);
	snprintf(p, sizeof p, "%s/sets/v3.refused/REFUSED.txt", root);
	CHECK(stat(p, &st) == 0);
	CHECK(lastgood_remove_tree(root) == 0);
}

int main(void)
{
	RUN(a_signed_set_verifies_with_its_key_and_gives_back_the_exact_manifest);
	RUN(a_set_signed_by_an_untrusted_key_is_refused);
	RUN(a_changed_payload_or_signature_is_refused);
	RUN(the_manifest_keeps_files_inside_the_content_directories);
	RUN(the_last_good_set_is_kept_and_a_refused_one_never_comes_back);
	return 0;
}
