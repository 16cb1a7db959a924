/* net/heartbeat.c - see heartbeat.h. JSON through cJSON only. */
#include "net/heartbeat.h"
#include "core/util.h"
#include "net/rest.h"
#include <cjson/cJSON.h>
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

char *heartbeat_device_json(const HeartbeatInfo *hb, const char *id)
{
	cJSON *d = cJSON_CreateObject(), *a, *x, *props;
	Figure f[5];
	char *out;
	cJSON_AddStringToObject(d, "resourceType", "Device");
	if (id) cJSON_AddStringToObject(d, "id", id);
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
	cJSON_AddItemToArray(a, x = cJSON_CreateObject());
	cJSON_AddItemToObject(x, "type", concept("app-version", "Accord app"));
	cJSON_AddStringToObject(x, "value", hb->version);
	cJSON_AddItemToArray(a, x = cJSON_CreateObject());
	cJSON_AddItemToObject(x, "type", concept("content-version", "Content set"));
	cJSON_AddStringToObject(x, "value", hb->content_version);
	props = cJSON_AddArrayToObject(d, "property");
	for (int i = 0, n = figures(hb, f); i < n; i++) {
		cJSON_AddItemToArray(props, x = cJSON_CreateObject());
		cJSON_AddItemToObject(x, "type", concept(f[i].code, f[i].display));
		cJSON_AddItemToArray(cJSON_AddArrayToObject(x, "valueQuantity"), quantity(f[i].value, f[i].unit));
	}
	cJSON_AddItemToArray(props, x = cJSON_CreateObject());
	cJSON_AddItemToObject(x, "type", concept("error-class", "Last error class"));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(x, "valueCode"), concept(hb->error_class, hb->error_class));
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
	for (int i = 0, n = figures(hb, f); i < n; i++) {
		cJSON_AddItemToArray(comps, x = cJSON_CreateObject());
		cJSON_AddItemToObject(x, "code", concept(f[i].code, f[i].display));
		cJSON_AddItemToObject(x, "valueQuantity", quantity(f[i].value, f[i].unit));
	}
	cJSON_AddItemToArray(comps, x = cJSON_CreateObject());
	cJSON_AddItemToObject(x, "code", concept("error-class", "Last error class"));
	cJSON_AddStringToObject(x, "valueString", hb->error_class);
	cJSON_AddItemToArray(comps, x = cJSON_CreateObject());
	cJSON_AddItemToObject(x, "code", concept("app-version", "Accord app"));
	cJSON_AddStringToObject(x, "valueString", hb->version);
	cJSON_AddItemToArray(comps, x = cJSON_CreateObject());
	cJSON_AddItemToObject(x, "code", concept("content-version", "Content set"));
	cJSON_AddStringToObject(x, "valueString", hb->content_version);
	out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return out;
}

/* The id of the first resource of a searchset Bundle, or of a resource. */
static char *first_id(const char *json, size_t len)
{
	cJSON *o = cJSON_ParseWithLength(json, len), *r = o;
	char *id;
	if (str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "resourceType")), "Bundle"))
		r = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "entry"), 0), "resource");
	id = xstrdup(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "id")));
	cJSON_Delete(o);
	return id;
}

int heartbeat_send(const HttpConfig *cfg, const HeartbeatInfo *hb, char *msg, size_t n)
{
	Buf tok = { 0 };
	char *url, *id = NULL, *body = NULL, ref[200];
	RestReply r = { 0 };
	int rc = -1;
	buf_addf(&tok, "%s|%s", HB_SYS_KIOSK, hb->kiosk);
	url = rest_query("Device", "identifier", tok.s, (char *)NULL);
	if (rest_call(cfg, "GET", url, NULL, 0, &r) != 0) { snprintf(msg, n, "heartbeat: finding the Device: %s", r.message); goto out; }
	id = first_id(r.body, r.len);
	rest_reply_free(&r);
	body = heartbeat_device_json(hb, id);
	free(url);
	if (id) {
		Buf u = { 0 };
		buf_addf(&u, "Device/%s", id);
		url = buf_take(&u);
	} else {
		url = xstrdup("Device");
	}
	if (rest_call(cfg, id ? "PUT" : "POST", url, body, 0, &r) != 0) { snprintf(msg, n, "heartbeat: Device: %s", r.message); goto out; }
	if (!id && !(id = first_id(r.body, r.len))) { snprintf(msg, n, "heartbeat: the server gave the Device no id"); goto out; }
	rest_reply_free(&r);
	free(body);
	snprintf(ref, sizeof ref, "Device/%s", id);
	body = heartbeat_observation_json(hb, ref);
	if (rest_call(cfg, "POST", "Observation", body, 0, &r) != 0) { snprintf(msg, n, "heartbeat: Observation: %s", r.message); goto out; }
	snprintf(msg, n, "heartbeat sent");
	rc = 0;
out:
	rest_reply_free(&r);
	buf_free(&tok);
	free(url); free(id); free(body);
	return rc;
}
