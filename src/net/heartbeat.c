/* net/heartbeat.c - see heartbeat.h. JSON through cJSON only. */
#include "net/heartbeat.h"
#include "core/util.h"
#include "net/rest.h"
#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UCUM "http://unitsofmeasure.org"

static cJSON *concept(const char *code, const char *display)
{
	cJSON *cc = cJSON_CreateObject(), *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "system", HB_SYS_CODE);
	cJSON_AddStringToObject(c, "code", code);
	cJSON_AddStringToObject(c, "display", display);
	cJSON_AddItemToObject(cc, "coding", cJSON_CreateArray());
	cJSON_AddItemToArray(cJSON_GetObjectItem(cc, "coding"), c);
	cJSON_AddStringToObject(cc, "text", display);
	return cc;
}

static cJSON *quantity(long long v, const char *unit)
{
	cJSON *q = cJSON_CreateObject();
	cJSON_AddNumberToObject(q, "value", (double)v);
	cJSON_AddStringToObject(q, "unit", unit);
	cJSON_AddStringToObject(q, "system", UCUM);
	cJSON_AddStringToObject(q, "code", unit);
	return q;
}

typedef struct Figure { const char *code, *display, *unit; long long value; } Figure;

static int figures(const HeartbeatInfo *hb, Figure f[5])
{
	Figure v[5] = {
		{ "uptime", "Time since the app started", "s", hb->uptime_s },
		{ "outbox-waiting", "Messages waiting to be sent", "{messages}", hb->outbox_waiting },
		{ "outbox-rejected", "Messages the server refused", "{messages}", hb->outbox_rejected },
		{ "outbox-oldest-age", "Age of the oldest waiting message", "s", hb->outbox_oldest_s },
		{ "disk-free", "Free space on the data partition", "MiBy", hb->disk_free_mb },
	};
	memcpy(f, v, sizeof v);
	return 5;
}

/* Appends {key: <code concept>} to arr and returns it for its value. */
static cJSON *coded(cJSON *arr, const char *key, const char *code, const char *display)
{
	cJSON *x = cJSON_CreateObject();
	cJSON_AddItemToObject(x, key, concept(code, display));
	cJSON_AddItemToArray(arr, x);
	return x;
}

char *heartbeat_device_json(const HeartbeatInfo *hb)
{
	cJSON *d = cJSON_CreateObject(), *a, *x, *props;
	Figure f[5];
	char *out;
	cJSON_AddStringToObject(d, "resourceType", "Device");
	a = cJSON_AddArrayToObject(d, "identifier");
	cJSON_AddItemToArray(a, x = cJSON_CreateObject());
	cJSON_AddStringToObject(x, "system", HB_SYS_KIOSK);
	cJSON_AddStringToObject(x, "value", hb->kiosk);
	cJSON_AddStringToObject(d, "status", "active");
	cJSON_AddStringToObject(d, "manufacturer", "Accord");
	a = cJSON_AddArrayToObject(d, "deviceName");
	cJSON_AddItemToArray(a, x = cJSON_CreateObject());
	cJSON_AddStringToObject(x, "name", hb->kiosk);
	cJSON_AddStringToObject(x, "type", "user-friendly-name");
	cJSON_AddItemToObject(d, "type", concept("kiosk", "Accord waiting-room kiosk"));
	a = cJSON_AddArrayToObject(d, "version");
	cJSON_AddStringToObject(coded(a, "type", "app-version", "Accord app"), "value", hb->version);
	cJSON_AddStringToObject(coded(a, "type", "content-version", "Content set"), "value", hb->content_version);
	props = cJSON_AddArrayToObject(d, "property");
	for (int i = 0, n = figures(hb, f); i < n; i++)
		cJSON_AddItemToArray(cJSON_AddArrayToObject(coded(props, "type", f[i].code, f[i].display), "valueQuantity"),
				     quantity(f[i].value, f[i].unit));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(coded(props, "type", "error-class", "Last error class"), "valueCode"),
			     concept(hb->error_class, hb->error_class));
	if (hb->clinic && *hb->clinic) {
		cJSON_AddItemToObject(d, "location", x = cJSON_CreateObject());
		cJSON_AddStringToObject(x, "display", hb->clinic);
	}
	out = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	return out;
}

char *heartbeat_observation_json(const HeartbeatInfo *hb, const char *device_ref)
{
	cJSON *o = cJSON_CreateObject(), *comps, *x;
	Figure f[5];
	char when[32], *out;
	time_t t = (time_t)hb->now;
	struct tm tm;
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	cJSON_AddStringToObject(o, "resourceType", "Observation");
	cJSON_AddStringToObject(o, "status", "final");
	cJSON_AddItemToObject(o, "code", concept("heartbeat", "Accord kiosk heartbeat"));
	cJSON_AddItemToObject(o, "device", x = cJSON_CreateObject());
	cJSON_AddStringToObject(x, "reference", device_ref);
	cJSON_AddStringToObject(o, "effectiveDateTime", when);
	comps = cJSON_AddArrayToObject(o, "component");
	for (int i = 0, n = figures(hb, f); i < n; i++)
		cJSON_AddItemToObject(coded(comps, "code", f[i].code, f[i].display), "valueQuantity", quantity(f[i].value, f[i].unit));
	cJSON_AddStringToObject(coded(comps, "code", "error-class", "Last error class"), "valueString", hb->error_class);
	cJSON_AddStringToObject(coded(comps, "code", "app-version", "Accord app"), "valueString", hb->version);
	cJSON_AddStringToObject(coded(comps, "code", "content-version", "Content set"), "valueString", hb->content_version);
	out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return out;
}

static void uuid(char out[48])
{
	unsigned char b[16];
	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	snprintf(out, 48, "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3],
		 b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static void add_entry(cJSON *entries, const char *full_url, char *resource, const char *method, const char *url)
{
	cJSON *e = cJSON_CreateObject(), *req = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "fullUrl", full_url);
	cJSON_AddItemToObject(e, "resource", cJSON_Parse(resource));
	cJSON_AddStringToObject(req, "method", method);
	cJSON_AddStringToObject(req, "url", url);
	cJSON_AddItemToObject(e, "request", req);
	cJSON_AddItemToArray(entries, e);
	free(resource);
}

char *heartbeat_bundle_json(const HeartbeatInfo *hb)
{
	cJSON *b = cJSON_CreateObject(), *entries;
	char dev[48], obs[48], *out;
	Buf cond = { 0 };
	uuid(dev);
	uuid(obs);
	buf_addf(&cond, "Device?identifier=%s|%s", HB_SYS_KIOSK, hb->kiosk);
	cJSON_AddStringToObject(b, "resourceType", "Bundle");
	cJSON_AddStringToObject(b, "type", "transaction");
	entries = cJSON_AddArrayToObject(b, "entry");
	add_entry(entries, dev, heartbeat_device_json(hb), "PUT", cond.s);
	add_entry(entries, obs, heartbeat_observation_json(hb, dev), "POST", "Observation");
	out = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	buf_free(&cond);
	return out;
}

int heartbeat_send(const HttpConfig *cfg, const HeartbeatInfo *hb, char *msg, size_t n)
{
	char *body = heartbeat_bundle_json(hb);
	RestReply r;
	int rc = rest_call(cfg, "POST", "", body, 0, &r);
	if (rc == 0) snprintf(msg, n, "heartbeat sent");
	else snprintf(msg, n, "heartbeat not sent: %s", r.message);
	rest_reply_free(&r);
	free(body);
	return rc;
}
