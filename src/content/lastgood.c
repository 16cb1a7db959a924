/* content/lastgood.c - next / current / previous content sets on the data
 * partition, switched by atomic pointer files. See lastgood.h. */
#include "content/lastgood.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const names[LG_N] = { "next", "current", "previous" };

static void get_ptr(const char *root, int role, char *out, size_t n)
{
	char path[600];
	FILE *f;
	out[0] = 0;
	snprintf(path, sizeof path, "%s/%s", root, names[role]);
	if (!(f = fopen(path, "r"))) return;
	if (!fgets(out, (int)n, f)) out[0] = 0;
	out[strcspn(out, "\r\n")] = 0;
	fclose(f);
}

/* Writes (or with version "" removes) a pointer: temporary, fsync, rename. */
static int set_ptr(const char *root, int role, const char *version)
{
	char path[600], tmp[620];
	int fd, ok;
	snprintf(path, sizeof path, "%s/%s", root, names[role]);
	if (!*version) return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) return -1;
	ok = write(fd, version, strlen(version)) == (ssize_t)strlen(version) && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
	close(fd);
	if (!ok || rename(tmp, path) != 0) { unlink(tmp); return -1; }
	if ((fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) { fsync(fd); close(fd); }
	return 0;
}

static void set_dir(const char *root, const char *version, const char *suffix, char *out, size_t n)
{
	snprintf(out, n, "%s/sets/%s%s", root, version, suffix);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

int lastgood_remove_tree(const char *dir)
{
	struct stat st;
	if (lstat(dir, &st) != 0) return errno == ENOENT ? 0 : -1;
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int lastgood_staging(const char *root, char *dir, size_t n, char *err, size_t errlen)
{
	char sets[620];
	mkdir(root, 0700);
	snprintf(sets, sizeof sets, "%s/sets", root);
	mkdir(sets, 0700);
	snprintf(dir, n, "%s/staging-%ld", root, (long)getpid());
	lastgood_remove_tree(dir);
	if (mkdir(dir, 0700) != 0) {
		snprintf(err, errlen, "%s: cannot be created: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

int lastgood_stage(const char *root, const char *staging, const char *version, char *err, size_t errlen)
{
	char dst[700];
	set_dir(root, version, "", dst, sizeof dst);
	lastgood_remove_tree(dst);
	if (rename(staging, dst) != 0 || set_ptr(root, LG_NEXT, version) != 0) {
		snprintf(err, errlen, "%s: cannot be kept: %s", dst, strerror(errno));
		lastgood_remove_tree(staging);
		return -1;
	}
	return 0;
}

int lastgood_known(const char *root, const char *version)
{
	char v[72], dir[700];
	struct stat st;
	for (int r = 0; r < LG_N; r++) {
		get_ptr(root, r, v, sizeof v);
		if (v[0] && !strcmp(v, version)) return 1;
	}
	set_dir(root, version, ".refused", dir, sizeof dir);
	return stat(dir, &st) == 0 ? 2 : 0;
}

int lastgood_is_next(const char *root, const char *version)
{
	char v[72];
	get_ptr(root, LG_NEXT, v, sizeof v);
	return v[0] && !strcmp(v, version);
}

int lastgood_candidates(const char *root, LgSet out[LG_N])
{
	int n = 0;
	for (int r = 0; r < LG_N; r++) {
		struct stat st;
		LgSet s = { r, "", "" };
		get_ptr(root, r, s.version, sizeof s.version);
		if (!s.version[0]) continue;
		set_dir(root, s.version, "", s.dir, sizeof s.dir);
		int dup = 0;
		for (int i = 0; i < n; i++) dup |= !strcmp(out[i].version, s.version);
		if (!dup && stat(s.dir, &st) == 0 && S_ISDIR(st.st_mode)) out[n++] = s;
	}
	return n;
}

void lastgood_current(const char *root, char *out, size_t n)
{
	get_ptr(root, LG_CURRENT, out, n);
}

/* Deletes every set directory that is not keep1/keep2 and not refused. */
static void prune(const char *root, const char *keep1, const char *keep2)
{
	char sets[620], dir[1000];
	snprintf(sets, sizeof sets, "%s/sets", root);
	DIR *d = opendir(sets);
	struct dirent *e;
	if (!d) return;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || !strcmp(e->d_name, keep1) || !strcmp(e->d_name, keep2)) continue;
		if (l > 8 && !strcmp(e->d_name + l - 8, ".refused")) continue;
		snprintf(dir, sizeof dir, "%s/%s", sets, e->d_name);
		lastgood_remove_tree(dir);
	}
	closedir(d);
}

int lastgood_accept(const char *root, const char *version)
{
	char cur[72], prev[72];
	get_ptr(root, LG_CURRENT, cur, sizeof cur);
	get_ptr(root, LG_PREVIOUS, prev, sizeof prev);
	if (strcmp(cur, version) != 0) {
		if (set_ptr(root, LG_PREVIOUS, cur) != 0 || set_ptr(root, LG_CURRENT, version) != 0) return -1;
		snprintf(prev, sizeof prev, "%s", cur);
	}
	if (set_ptr(root, LG_NEXT, "") != 0) return -1;
	prune(root, version, prev);
	return 0;
}

int lastgood_refuse(const char *root, const char *version, const char *reason)
{
	char v[LG_N][72], from[760], to[720];
	FILE *f;
	int rc = 0;
	for (int r = 0; r < LG_N; r++) get_ptr(root, r, v[r], sizeof v[r]);
	if (!strcmp(v[LG_NEXT], version)) rc |= set_ptr(root, LG_NEXT, "");
	if (!strcmp(v[LG_CURRENT], version)) {
		rc |= set_ptr(root, LG_CURRENT, v[LG_PREVIOUS]);
		rc |= set_ptr(root, LG_PREVIOUS, "");
	} else if (!strcmp(v[LG_PREVIOUS], version)) {
		rc |= set_ptr(root, LG_PREVIOUS, "");
	}
	set_dir(root, version, "", from, sizeof from);
	set_dir(root, version, ".refused", to, sizeof to);
	lastgood_remove_tree(to);
	if (rename(from, to) != 0) return -1;
	snprintf(from, sizeof from, "%s/REFUSED.txt", to);
	if ((f = fopen(from, "w"))) { fprintf(f, "%s\n", reason ? reason : ""); fclose(f); }
	return rc ? -1 : 0;
}
