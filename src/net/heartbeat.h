/* net/heartbeat.h - the kiosk's health report to the clinic's FHIR server,
 * with no patient data: one Device per kiosk (identifier
 * urn:accord:id:kiosk|<kiosk_name>, updated in place, so the server's
 * meta.lastUpdated says when it was last heard; its properties hold the
 * latest figures) and one Observation per report (code
 * urn:accord:heartbeat|heartbeat, device = the Device; the history).
 * Figures: uptime, outbox waiting / rejected / oldest age, disk free, last
 * error class; versions: app and content. See docs/it-guide.md. */
#ifndef NET_HEARTBEAT_H
#define NET_HEARTBEAT_H
#include "net/http.h"
#include <stddef.h>

#define HB_SYS_KIOSK "urn:accord:id:kiosk"
#define HB_SYS_CODE "urn:accord:heartbeat"

typedef struct HeartbeatInfo {
	const char *kiosk;            /* kiosk_name */
	const char *clinic;           /* clinic_name */
	const char *version;          /* app version */
	const char *content_version;  /* live content set, "built-in" without one */
	long long now;                /* unix seconds (effectiveDateTime) */
	long long uptime_s;
	int outbox_waiting;           /* not yet delivered, still being tried */
	int outbox_rejected;          /* refused for good by the server */
	long long outbox_oldest_s;    /* age of the oldest waiting message, 0 if none */
	long long disk_free_mb;
	const char *error_class;      /* none | network | server | credentials | rejected | content | database | config */
} HeartbeatInfo;

/* The Device resource. Caller frees. */
char *heartbeat_device_json(const HeartbeatInfo *hb);
/* The Observation for device_ref ("Device/<id>"). Caller frees. */
char *heartbeat_observation_json(const HeartbeatInfo *hb, const char *device_ref);
/* One transaction Bundle: the Device by conditional update (PUT
 * Device?identifier=urn:accord:id:kiosk|<name>: created the first time,
 * updated after) and the Observation pointing at it. Caller frees. */
char *heartbeat_bundle_json(const HeartbeatInfo *hb);
/* POSTs heartbeat_bundle_json to the FHIR base. 0, or -1 with plain words
 * in msg. Blocks up to the timeouts. */
int heartbeat_send(const HttpConfig *cfg, const HeartbeatInfo *hb, char *msg, size_t n);
#endif
