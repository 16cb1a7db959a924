/* export/alert.c - see alert.h. */
#include "export/alert.h"
#include "core/util.h"
#include <stdint.h>
#include <stdio.h>

char *alert_text(const VisitRecord *r, int rule)
{
	const SafetyRule *ru = &r->safety[rule];
	Buf b = {0};
	buf_addf(&b, "Safety answer at kiosk %s, visit %s: %s.", r->kiosk ? r->kiosk : "", r->code ? r->code : "",
		 ru->label);
	if (ru->action) buf_addf(&b, " %s", ru->action);
	return buf_take(&b);
}

void alert_control_id(const VisitRecord *r, int rule, char out[21])
{
	const char *id = rule >= 0 && rule < r->n_safety ? r->safety[rule].id : "";
	uint64_t h = 0xcbf29ce484222325ULL;   /* FNV-1a over "<uuid>.<rule id>" */
	for (const char *s = r->uuid ? r->uuid : ""; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	h = (h ^ '.') * 0x100000001b3ULL;
	for (const char *s = id; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	snprintf(out, 21, "A%016llx%03x", (unsigned long long)h, (unsigned)(h >> 52));
}
