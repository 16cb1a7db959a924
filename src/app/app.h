/* app/app.h - the one App: config, content, store, visit, UI and the glue
 * between them (visit hooks -> store, UI host callbacks -> export, staff
 * mode). Created in main(), passed to whoever needs it; no globals. */
#ifndef APP_APP_H
#define APP_APP_H
#include "app/config.h"
#include "content/strings.h"
#include "core/visit.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/speech.h"
#include "net/sender.h"
#include "export/fhir.h"
#include "export/hl7.h"

#define APP_MAX_LANGS 8

typedef struct App {
	Config cfg;
	char config_errors[4096];     /* file:line problems, for staff mode */
	char notice[2048];            /* staff notice: bad content, database trouble */
	Strings *strings;
	char *langs[APP_MAX_LANGS]; int n_langs;
	Questionnaire **forms; int n_forms;
	unsigned *form_plans;         /* per form: the plans that ask it (bit 1 << VisitPlan) */
	ScoreRule *rules; int n_rules;
	SafetyRule *safety; int n_safety;   /* safety answers (questionnaires/safety.json) */
	Agreement *agreements[APP_MAX_LANGS]; int n_agreements;
	Store *store;
	char db_path[512];
	Visit *visit;
	Ui *ui;
	int headless;
	int w, h, fullscreen;          /* panel size in pixels; a full-screen window */
	long long vclock;             /* virtual clock (ms) in headless mode */
	int fixed_clock;              /* --fixed-clock: repeatable time and ids (tests) */
	int visits_seeded;
	size_t spoken_mark;           /* script: how much of the guide's speech was checked */
	struct PinCheck *pin;         /* staff PIN checks off the UI thread */
	int pin_fails; long long pin_locked_until;   /* lockout kept here too when the database is unavailable */
	struct Janitor *janitor;      /* retention purge off the UI thread */
	long long next_db_retry;      /* ms: next try to open a database that was unavailable */
	Sender *sender;               /* outbox sender thread, when a target is configured */
	SenderConfig sender_cfg;
	ConnTest *conn_test;          /* staff "Test connection" running off the UI thread */
	char conn_test_msg[600];      /* its last result for the staff menu, "" if none */
	Speech *speech;               /* read-aloud; NULL when espeak-ng data is missing */
	long long watchdog_ms;        /* systemd watchdog interval, 0 when off */
	long long next_purge;         /* ms: next retention purge */
	char outbox_notice[512];      /* staff words about the outbox and retention, "" when all is well */
	int ready_sent;
	long long last_ping;           /* last watchdog ping (ms) */
	char content_version[72];     /* live content set, "built-in" without one */
	struct FleetLink *fleet;      /* content pull + heartbeat workers (app/fleetlink.h) */
	int restart;                  /* start again (a new content set goes live) */
	struct Display *display;      /* night schedule (app/display.h) */
	/* the handoff snapshot, made once at "Done" (freed at the wipe) */
	char *handoff_qr;             /* what the QR carries (summary or FHIR JSON) */
	long long handoff_started, handoff_completed;   /* unix seconds */
} App;

/* Loads config (paths in order; NULL entries skipped), content, database.
 * Never fails for bad content or config: problems go to the staff notice.
 * Returns 0, or -1 only when the app truly cannot run (message on stderr). */
int app_init(App *a, const char *const *config_paths, int n_paths, const char *data_dir,
	     const char *assets_dir, int headless, int w, int h, int fullscreen);
void app_free(App *a);
/* Wall-clock unix seconds (fixed epoch + virtual clock with --fixed-clock). */
long long app_now_unix(const App *a);
/* visit_record, with the start and completion times of the snapshot made
 * at "Done" once the visit is complete (so every export says the same). */
void app_visit_record(const App *a, const Visit *v, VisitRecord *r);
/* The host callbacks the UI uses. */
UiHost app_ui_host(App *a);
/* A visit's clinician summary and its outbox messages (one FHIR
 * transaction per fhir_transactions() Bundle, then the HL7 ORU, as
 * configured); free with app_visit_messages_free. */
typedef struct VisitMessages {
	char *summary;
	const char **kinds;
	char **payloads;
	int n;
} VisitMessages;
void app_visit_messages(App *a, const VisitRecord *r, VisitMessages *m);
void app_visit_messages_free(VisitMessages *m);
/* Summary labels from the clinic-language string catalog (SummaryLabel). */
const char *app_summary_label(void *ctx, const char *key);
/* Logs a database problem and tells staff (never patient data). */
void app_store_trouble(App *a, const char *what);
/* Picks up what worker threads finished (the staff connection test) and
 * redraws; called between events (and by script steps). */
void app_poll_workers(App *a);
/* Export options from the config (record number system, HL7 identity). */
FhirOptions app_fhir_options(const App *a);
Hl7Options app_hl7_options(const App *a);
/* Log a line for staff/journal; never patient data. */
void app_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
