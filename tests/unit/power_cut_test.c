/* tests/unit/power_cut_test.c - power cuts with lost writes, not just a
 * killed process. A test VFS in front of SQLite's unix VFS keeps every
 * write in memory until the file is synced (what a disk cache does); at a
 * random write the power goes: each unsynced 512-byte sector of each file
 * reaches the disk or not (torn writes), unsynced truncations happen or
 * not, and nothing after it reaches the disk. The kiosk's store then opens
 * the files with the ordinary VFS, as after a reboot, and must find:
 * integrity ok, never set aside; every visit whose completion returned
 * before the cut still complete, with its outbox rows and audit row; no
 * outbox row of a visit that is not complete; no wiped visit back.
 * POWER_CUTS (env) sets the number of cuts (default 12; tests/slow/power_cut.sh
 * runs 300). */
#include "test.h"
#include "test_db.h"
#include "store/audit.h"
#include "store/outbox.h"
#include "store/retention.h"
#include "store/store.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DB "build/test-out/power-cut.db"
#define SECTOR 512
#define MAX_FILES 8

typedef struct CutFile {
	sqlite3_file base;
	sqlite3_file *real;         /* the unix VFS's file, right after this struct */
	unsigned char *shadow;      /* the file as the process sees it */
	sqlite3_int64 size, cap;
	sqlite3_int64 disk_size;    /* size on the disk (at the last sync) */
	unsigned char *dirty;       /* per sector: written since the last sync */
	int passthru;               /* -shm and the like: not ours to cut */
} CutFile;

/* The test's one power supply (a test may have a global; the app may not). */
static struct {
	sqlite3_vfs *unix_vfs;
	long writes_left;           /* the cut happens at this many more writes */
	int dead;                   /* the power is off: nothing reaches the disk */
	unsigned seed;
	CutFile *open[MAX_FILES];
} P;

static void grow(CutFile *f, sqlite3_int64 n)
{
	if (n <= f->cap) return;
	sqlite3_int64 cap = f->cap ? f->cap : 65536;
	while (cap < n) cap *= 2;
	f->shadow = realloc(f->shadow, (size_t)cap);
	f->dirty = realloc(f->dirty, (size_t)(cap / SECTOR + 1));
	memset(f->shadow + f->cap, 0, (size_t)(cap - f->cap));
	memset(f->dirty + f->cap / SECTOR, 0, (size_t)(cap / SECTOR + 1 - f->cap / SECTOR));
	f->cap = cap;
}

/* Writes the dirty sectors chosen (all, or a random half at a cut). */
static void flush(CutFile *f, int torn)
{
	for (sqlite3_int64 s = 0; s * SECTOR < f->size; s++) {
		if (!f->dirty[s]) continue;
		f->dirty[s] = 0;
		if (torn && rand_r(&P.seed) % 2) continue;
		sqlite3_int64 off = s * SECTOR, n = f->size - off < SECTOR ? f->size - off : SECTOR;
		f->real->pMethods->xWrite(f->real, f->shadow + off, (int)n, off);
	}
	if (f->size < f->disk_size && (!torn || rand_r(&P.seed) % 2)) f->real->pMethods->xTruncate(f->real, f->size);
	if (!torn) f->disk_size = f->size;
}

static void power_cut(void)
{
	for (int i = 0; i < MAX_FILES; i++)
		if (P.open[i]) flush(P.open[i], 1);
	P.dead = 1;
}

static int c_close(sqlite3_file *pf)
{
	CutFile *f = (CutFile *)pf;
	for (int i = 0; i < MAX_FILES; i++)
		if (P.open[i] == f) P.open[i] = NULL;
	int rc = f->real->pMethods->xClose(f->real);
	free(f->shadow);
	free(f->dirty);
	return rc;
}

static int c_read(sqlite3_file *pf, void *buf, int n, sqlite3_int64 off)
{
	CutFile *f = (CutFile *)pf;
	if (f->passthru) return f->real->pMethods->xRead(f->real, buf, n, off);
	if (off >= f->size) { memset(buf, 0, (size_t)n); return SQLITE_IOERR_SHORT_READ; }
	sqlite3_int64 have = f->size - off < n ? f->size - off : n;
	memcpy(buf, f->shadow + off, (size_t)have);
	if (have < n) { memset((char *)buf + have, 0, (size_t)(n - have)); return SQLITE_IOERR_SHORT_READ; }
	return SQLITE_OK;
}

static int c_write(sqlite3_file *pf, const void *buf, int n, sqlite3_int64 off)
{
	CutFile *f = (CutFile *)pf;
	if (f->passthru) return f->real->pMethods->xWrite(f->real, buf, n, off);
	if (!P.dead && --P.writes_left <= 0) power_cut();
	grow(f, off + n);
	memcpy(f->shadow + off, buf, (size_t)n);
	if (off + n > f->size) f->size = off + n;
	for (sqlite3_int64 s = off / SECTOR; s * SECTOR < off + n; s++) f->dirty[s] = 1;
	return SQLITE_OK;
}

static int c_truncate(sqlite3_file *pf, sqlite3_int64 size)
{
	CutFile *f = (CutFile *)pf;
	if (f->passthru) return f->real->pMethods->xTruncate(f->real, size);
	if (size < f->size) f->size = size;
	return SQLITE_OK;
}

static int c_sync(sqlite3_file *pf, int flags)
{
	CutFile *f = (CutFile *)pf;
	if (f->passthru) return f->real->pMethods->xSync(f->real, flags);
	if (P.dead) return SQLITE_OK;   /* the process believes it; the disk never got it */
	flush(f, 0);
	return f->real->pMethods->xSync(f->real, flags);
}

static int c_size(sqlite3_file *pf, sqlite3_int64 *size)
{
	CutFile *f = (CutFile *)pf;
	if (f->passthru) return f->real->pMethods->xFileSize(f->real, size);
	*size = f->size;
	return SQLITE_OK;
}

#define REAL(pf) (((CutFile *)(pf))->real)
static int c_lock(sqlite3_file *pf, int l) { return REAL(pf)->pMethods->xLock(REAL(pf), l); }
static int c_unlock(sqlite3_file *pf, int l) { return REAL(pf)->pMethods->xUnlock(REAL(pf), l); }
static int c_reserved(sqlite3_file *pf, int *r) { return REAL(pf)->pMethods->xCheckReservedLock(REAL(pf), r); }
static int c_fcntl(sqlite3_file *pf, int op, void *a) { return REAL(pf)->pMethods->xFileControl(REAL(pf), op, a); }
static int c_sector(sqlite3_file *pf) { return REAL(pf)->pMethods->xSectorSize(REAL(pf)); }
static int c_dev(sqlite3_file *pf) { return REAL(pf)->pMethods->xDeviceCharacteristics(REAL(pf)); }
static int c_shmmap(sqlite3_file *pf, int pg, int sz, int ext, void volatile **pp)
{ return REAL(pf)->pMethods->xShmMap(REAL(pf), pg, sz, ext, pp); }
static int c_shmlock(sqlite3_file *pf, int off, int n, int fl) { return REAL(pf)->pMethods->xShmLock(REAL(pf), off, n, fl); }
static void c_shmbarrier(sqlite3_file *pf) { REAL(pf)->pMethods->xShmBarrier(REAL(pf)); }
static int c_shmunmap(sqlite3_file *pf, int del) { return REAL(pf)->pMethods->xShmUnmap(REAL(pf), del); }

static const sqlite3_io_methods cut_io = {
	2, c_close, c_read, c_write, c_truncate, c_sync, c_size, c_lock, c_unlock, c_reserved,
	c_fcntl, c_sector, c_dev, c_shmmap, c_shmlock, c_shmbarrier, c_shmunmap, NULL, NULL,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *pf, int flags, int *out)
{
	CutFile *f = (CutFile *)pf;
	memset(f, 0, sizeof *f);
	f->real = (sqlite3_file *)(f + 1);
	int rc = P.unix_vfs->xOpen(P.unix_vfs, name, f->real, flags, out);
	if (rc != SQLITE_OK) return rc;
	f->base.pMethods = &cut_io;
	f->passthru = !(flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL));
	if (!f->passthru) {
		f->real->pMethods->xFileSize(f->real, &f->size);
		f->disk_size = f->size;
		grow(f, f->size + 1);
		if (f->size) f->real->pMethods->xRead(f->real, f->shadow, (int)f->size, 0);
		for (int i = 0; i < MAX_FILES; i++)
			if (!P.open[i]) { P.open[i] = f; break; }
	}
	return SQLITE_OK;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	if (P.dead) return SQLITE_OK;
	return P.unix_vfs->xDelete(P.unix_vfs, name, sync);
}
static int v_access(sqlite3_vfs *v, const char *n, int fl, int *r) { return P.unix_vfs->xAccess(P.unix_vfs, n, fl, r); }
static int v_full(sqlite3_vfs *v, const char *n, int sz, char *out) { return P.unix_vfs->xFullPathname(P.unix_vfs, n, sz, out); }
static int v_rand(sqlite3_vfs *v, int n, char *out) { return P.unix_vfs->xRandomness(P.unix_vfs, n, out); }
static int v_sleep(sqlite3_vfs *v, int us) { return P.unix_vfs->xSleep(P.unix_vfs, us); }
static int v_time(sqlite3_vfs *v, double *t) { return P.unix_vfs->xCurrentTime(P.unix_vfs, t); }
static int v_err(sqlite3_vfs *v, int n, char *s) { return P.unix_vfs->xGetLastError(P.unix_vfs, n, s); }
static int v_time64(sqlite3_vfs *v, sqlite3_int64 *t) { return P.unix_vfs->xCurrentTimeInt64(P.unix_vfs, t); }

static sqlite3_vfs cut_vfs = {
	2, 0, 1024, NULL, "powercut", NULL, v_open, v_delete, v_access, v_full,
	NULL, NULL, NULL, NULL, v_rand, v_sleep, v_time, v_err, v_time64, NULL, NULL, NULL,
};

/* The kiosk's work until the power goes: visits typed, completed with two
 * outbox rows, some wiped, some sent, a retention purge now and then.
 * Completions and wipes that returned before the cut are recorded. */
static int work(Store *s, int round, char done[][32], int *n_done, char wiped[][32], int *n_wiped)
{
	OutboxRow row;
	const char *kinds[] = { "fhir", "hl7" };
	for (int i = 0; !P.dead && i < 400; i++) {
		char uuid[32], code[24], text[200];
		const char *payloads[] = { text, text };
		QValue v = { 0 };
		snprintf(uuid, sizeof uuid, "r%d-v%d", round, i);
		snprintf(code, sizeof code, "%03d-%03d", round % 1000, i);
		snprintf(text, sizeof text, "typed answer %d of round %d, long enough to fill a few sectors of a page", i, round);
		v.kind = QV_STRING;
		v.s = text;
		if (store_visit_begin(s, uuid, code, "en", 1000 + i)) return -1;
		for (int k = 0; k < 3; k++) {
			char link[16];
			snprintf(link, sizeof link, "q%d", k);
			if (store_answer_put(s, uuid, "urn:f", link, &v, 1)) return -1;
		}
		if (i % 4 == 3) {   /* Start over */
			if (store_visit_delete(s, uuid)) return -1;
			if (!P.dead) snprintf(wiped[(*n_wiped)++], 32, "%s", uuid);
			continue;
		}
		if (store_visit_complete(s, uuid, 2000 + i, "summary", kinds, payloads, 2)) return -1;
		if (!P.dead) snprintf(done[(*n_done)++], 32, "%s", uuid);
		if (i % 3 == 0 && outbox_next(s, "fhir", 1LL << 50, &row, NULL) == 0) {
			outbox_mark_sent(s, row.id, 5000);
			outbox_row_free(&row);
		}
		if (i % 25 == 24) retention_purge(s, 3000 + i, 7, 30, NULL);
	}
	return 0;
}

/* Visits with this uuid (complete ones only when complete). */
static int visits_with(sqlite3 *db, const char *uuid, int complete)
{
	sqlite3_stmt *st;
	int n = -1;
	if (sqlite3_prepare_v2(db, complete ? "SELECT count(*) FROM visit WHERE uuid = ? AND completed IS NOT NULL"
					    : "SELECT count(*) FROM visit WHERE uuid = ?", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void power_cuts_lose_unsynced_writes_but_never_a_completed_visit_or_consistency(void)
{
	const char *env = getenv("POWER_CUTS");
	int cuts = env && atoi(env) > 0 ? atoi(env) : 12, bad = 0, total_done = 0;
	static char done[4000][32], wiped[4000][32];
	P.unix_vfs = sqlite3_vfs_find("unix");
	cut_vfs.szOsFile = (int)sizeof(CutFile) + P.unix_vfs->szOsFile;
	cut_vfs.mxPathname = P.unix_vfs->mxPathname;
	P.seed = (unsigned)getpid() ^ (unsigned)time(NULL);
	printf("# seed %u\n", P.seed);
	remove(DB); remove(DB "-wal"); remove(DB "-shm");
	for (int round = 0; round < cuts; round++) {
		int n_done = 0, n_wiped = 0;
		StoreOpts o = { 0, 1, 1, NULL };
		Store *s;
		P.dead = 0;
		P.writes_left = 1 + rand_r(&P.seed) % 600;
		sqlite3_vfs_register(&cut_vfs, 1);
		s = store_open_opts(DB, &o);
		if (!store_ok(s)) { bad++; fprintf(stderr, "round %d: open: %s\n", round, store_errmsg(s)); }
		else work(s, round, done, &n_done, wiped, &n_wiped);
		if (!P.dead) power_cut();
		store_close(s);   /* closing after the cut writes nothing to the disk */
		sqlite3_vfs_unregister(&cut_vfs);
		sqlite3_vfs_register(P.unix_vfs, 1);
		/* the reboot */
		s = store_open_opts(DB, &o);
		if (!store_ok(s) || store_notice(s)) {
			bad++;
			fprintf(stderr, "round %d: after the cut: %s %s\n", round, store_errmsg(s), store_notice(s) ? store_notice(s) : "");
			store_close(s);
			break;
		}
		sqlite3 *db = store_db(s);
		long long e1 = db_count(db, "SELECT count(*) FROM visit v WHERE completed IS NOT NULL AND"
					    " (SELECT count(*) FROM outbox o WHERE o.visit_uuid = v.uuid) != 2");
		long long e2 = db_count(db, "SELECT count(*) FROM outbox o WHERE NOT EXISTS"
					    " (SELECT 1 FROM visit v WHERE v.uuid = o.visit_uuid AND v.completed IS NOT NULL)");
		long long e3 = db_count(db, "SELECT count(*) FROM visit v WHERE completed IS NOT NULL AND NOT EXISTS"
					    " (SELECT 1 FROM audit a WHERE a.action = 'visit-complete' AND a.visit_code = v.code)");
		long long lost = 0, back = 0;
		for (int i = 0; i < n_done; i++) lost += visits_with(db, done[i], 1) != 1;
		for (int i = 0; i < n_wiped; i++) back += visits_with(db, wiped[i], 0) != 0;
		if (e1 || e2 || e3 || lost || back) {
			bad++;
			fprintf(stderr, "round %d: partial=%lld stray=%lld unaudited=%lld lost=%lld wiped-back=%lld\n",
				round, e1, e2, e3, lost, back);
		}
		total_done += n_done;
		store_close_unfinished(s);   /* what the next start does */
		store_close(s);
	}
	CHECK(bad == 0);
	printf("# figure: power cut: %d cuts with torn unsynced writes, %d completions that had returned all kept\n", cuts, total_done);
}

int main(void)
{
	mkdir("build", 0755);
	mkdir("build/test-out", 0755);
	RUN(power_cuts_lose_unsynced_writes_but_never_a_completed_visit_or_consistency);
	return 0;
}
