/* app/fleetlink.h - the kiosk's side of running a fleet: a worker thread
 * that looks for a new signed content set every content_check_minutes
 * (app/pull.h) and one that reports health every heartbeat_minutes
 * (net/heartbeat.h). Neither ever runs on the UI thread. A new content set
 * goes live only between visits: fleetlink_apply_due() says when the
 * attract screen is showing and nobody is in staff mode, and the app then
 * starts again on the new set (the one start-up path that checks it and
 * falls back to the last good one). */
#ifndef APP_FLEETLINK_H
#define APP_FLEETLINK_H
#include "app/app.h"
#include "core/util.h"

typedef struct FleetLink FleetLink;

/* Starts the workers the config asks for (none: returns an idle handle).
 * Call after the store is open. Free with fleetlink_stop. */
FleetLink *fleetlink_start(const App *a);
void fleetlink_stop(FleetLink *f);
/* UI thread, every tick: 1 when a new set is waiting and the kiosk is
 * between visits (the attract screen, staff mode closed). Also keeps the
 * flag file RUNTIME_DIRECTORY/between-visits for the image's updater. */
int fleetlink_apply_due(FleetLink *f, int between_visits);
/* Staff and health lines: live and waiting content, last pull, last heartbeat. */
void fleetlink_status(FleetLink *f, const App *a, Buf *b);
/* Sends one heartbeat now for the kiosk cfg describes (`accord heartbeat`:
 * IT's test; its database at data_dir/accord.db). 0, or -1 (msg says why). */
int fleetlink_heartbeat_now(const Config *cfg, char *msg, size_t n);
/* Heartbeat's error class from the app's start-up state and the outbox. */
const char *fleetlink_error_class(int config_problems, int content_refused, int db_ok, int rejected, int failing,
				  const char *last_error);
#endif
