#!/usr/bin/env python3
"""tests/lib/fhir_post.py [--count-only] BASE_URL CA_FILE FILE... - sends
each FHIR transaction file to the test FHIR engine
(tests/servers/fhir-server.js) twice, like a kiosk that lost the first
reply, and checks with the engine's own search that every entry's resource
exists exactly once. --count-only: sends nothing, only counts. Prints one
"ok - ..." / "not ok - ...: why" line per file; exits 1 on any failure.
The engine and its validator judge the content; this only reads answers."""
import json
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request


def call(ctx, method, url, body=None):
    req = urllib.request.Request(url, data=body, method=method,
                                 headers={"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"})
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=60) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.loads(e.read() or b"{}")
        except ValueError:
            return e.code, {}


def why(outcome):
    issues = outcome.get("issue") or []
    return "; ".join("%s %s" % ((i.get("details") or {}).get("text", i.get("diagnostics", "")),
                                ",".join(i.get("expression", []))) for i in issues[:3]) or json.dumps(outcome)[:300]


def main():
    args = sys.argv[1:]
    count_only = args[0] == "--count-only"
    if count_only:
        args = args[1:]
    base, ca, files = args[0].rstrip("/") + "/", args[1], args[2:]
    ctx = ssl.create_default_context(cafile=ca)
    bad = 0
    for f in files:
        body = open(f, "rb").read()
        b = json.loads(body)
        name = "the FHIR engine accepts %s once and a resend creates nothing" % f
        if count_only:
            name = "every resource of %s is on the FHIR engine once" % f
            s1 = s2 = 200
            r1, r2 = {}, {"entry": []}
        else:
            s1, r1 = call(ctx, "POST", base, body)
            s2, r2 = call(ctx, "POST", base, body)
        problems = []
        if s1 != 200:
            problems.append("first POST %d: %s" % (s1, why(r1)))
        elif s2 != 200:
            problems.append("second POST %d: %s" % (s2, why(r2)))
        else:
            again = [e["response"]["status"] for e in r2.get("entry", [])]
            if any(not st.startswith("200") for st in again):
                problems.append("the resend created again: %s" % again)
            for e in b.get("entry", []):
                cond = e["request"].get("ifNoneExist", "")
                ident = urllib.parse.parse_qs(cond).get("identifier", [""])[0]
                if not ident:
                    problems.append("%s entry without ifNoneExist" % e["request"]["url"])
                    continue
                q = urllib.parse.urlencode({"identifier": ident, "_summary": "count"})
                st, res = call(ctx, "GET", base + e["request"]["url"] + "?" + q)
                if st != 200 or res.get("total") != 1:
                    problems.append("%s %s on the server: %s" % (e["request"]["url"], ident, res.get("total", st)))
        if problems:
            bad += 1
            print("not ok - %s: %s" % (name, " | ".join(problems)))
        else:
            print("ok - %s" % name)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
