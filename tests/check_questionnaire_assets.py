#!/usr/bin/env python3
"""tests/check_questionnaire_assets.py - checks the built-in questionnaire set.

Validates assets/questionnaires/*.json (FHIR R4 Questionnaires, English with
Spanish `translation` extensions), scoring.json and order.json: structure,
linkIds, enableWhen targets, translations, and that the validated instruments
(PEG, PHQ-2, GAD-2) carry exactly the wording, answers, LOINC codes and
weights of the project's instrument reference (strings copied below).
Prints one "ok - name" / "not ok - name: detail" line per check (python3 stdlib).
"""
import glob
import json
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
QDIR = os.path.join(ROOT, "assets", "questionnaires")
NON_FORMS = {"scoring.json", "order.json", "safety.json"}
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
MINV = "http://hl7.org/fhir/StructureDefinition/minValue"
MAXV = "http://hl7.org/fhir/StructureDefinition/maxValue"
LOINC = "http://loinc.org"

# ---- Exact instrument strings, copied from the instrument reference -------
# (shared instruments/README.md). Do not edit without re-checking the source.
LA_0_10 = ["LA6111-4", "LA6112-2", "LA6113-0", "LA6114-8", "LA6115-5", "LA10137-0",
           "LA10138-8", "LA10139-6", "LA10140-4", "LA10141-2", "LA13942-0"]
PEG = {
    "panel": "91148-7",
    "items": [
        ("peg-1", "75893-8",
         "What number best describes your pain on average in the past week?",
         "No pain", "Pain as bad as you can imagine"),
        ("peg-2", "91145-3",
         "What number best describes how, during the past week, pain has interfered with your enjoyment of life?",
         "Does not interfere", "Completely interferes"),
        ("peg-3", "91146-1",
         "What number best describes how, during the past week, pain has interfered with your general activity?",
         "Does not interfere", "Completely interferes"),
    ],
}
PAIN_NOW = ("pain-now", "72514-3",
            # our own plain wording of the generic 0-10 rating (instruments README:
            # "wording ours; anchors standard"), split so no sentence is over 20 words
            "How much pain do you have right now? 0 means no pain. 10 means the worst pain you can imagine.")
PHQ_ANSWERS = [("LA6568-5", "Not at all", 0), ("LA6569-3", "Several days", 1),
               ("LA6570-1", "More than half the days", 2), ("LA6571-9", "Nearly every day", 3)]
PHQ2 = {
    "panel": "55757-9",
    "stem": "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    "items": [("phq2-1", "44250-9", "Little interest or pleasure in doing things"),
              ("phq2-2", "44255-8", "Feeling down, depressed, or hopeless")],
}
GAD2 = {
    "panel": None,
    "stem": "Over the last 2 weeks, how often have you been bothered by the following problems?",
    "items": [("gad2-1", "69725-0", "Feeling nervous, anxious, or on edge"),
              ("gad2-2", "68509-9", "Not being able to stop or control worrying")],
}
PFIZER = ("Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, "
          "with an educational grant from Pfizer Inc.")

# ---- Official Spanish (PHQ / GAD-7 Spanish for the USA) as shipped --------
# Confirmed from several public copies; see docs/questionnaires-builtin.md [C].
ES_PHQ_STEM = "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?"
ES_ANSWERS = ["Ningún día", "Varios días", "Más de la mitad de los días", "Casi todos los días"]
ES_ITEMS = {"phq2-stem": ES_PHQ_STEM, "gad2-stem": ES_PHQ_STEM,
            "phq2-1": "Poco interés o placer en hacer cosas",
            "phq2-2": "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
            "gad2-1": "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta",
            "gad2-2": "No ha sido capaz de parar o controlar su preocupación"}
ES_PFIZER = ("Elaborado por los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke y colegas, "
             "mediante una subvención educativa otorgada por Pfizer Inc.")

# Forms whose text is ours (plain-language and words-matter rules apply).
OWN_FORMS = ["goals", "side-effects", "opioid-safety", "treatments", "visits-meds", "partnership", "last-visit", "pain-map"]
OWN_ITEMS_ELSEWHERE = {"pain-now": ["pain-worst", "pain-least"]}
STIGMA = re.compile(r"\b(addict\w*|abus\w*|clean|dirty|non-?complian\w*|junkie|drug[- ]seek\w*|"
                    r"user|habit|adicto\w*|abus[oa]\w*|drogadict\w*|limpio|sucio|incumpl\w*)\b", re.I)
MAX_WORDS = 20
# valueString extensions that are codes or geometry, not words a patient reads
NOT_TEXT = {"urn:accord:worst-of", "urn:accord:body-map-area"}

results = []


def check(name, problems):
    problems = [p for p in problems if p]
    if problems:
        results.append(False)
        detail = "; ".join(problems[:6]) + (" (+%d more)" % (len(problems) - 6) if len(problems) > 6 else "")
        print("not ok - %s: %s" % (name, detail))
    else:
        results.append(True)
        print("ok - %s" % name)


def walk(items, parent=None):
    for it in items or []:
        yield it
        yield from walk(it.get("item"), it)


def es_of(elem):
    """Spanish translation on a primitive's _element, or None."""
    if not isinstance(elem, dict):
        return None
    for ext in elem.get("extension", []):
        if ext.get("url") != TRANSLATION:
            continue
        sub = {e.get("url"): e for e in ext.get("extension", [])}
        if sub.get("lang", {}).get("valueCode") == "es":
            return sub.get("content", {}).get("valueString")
    return None


def ext_val(obj, url, key=None):
    for ext in obj.get("extension", []):
        if ext.get("url") == url:
            if key:
                return ext.get(key)
            return ext
    return None


def ordinal(opt):
    e = ext_val(opt, ORDINAL)
    if e is None:
        e = ext_val(opt.get("valueCoding", {}), ORDINAL)
    return None if e is None else e.get("valueDecimal")


def sentences(text):
    return [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]


# ---------------------------------------------------------------- load
forms = {}
parse_problems = []
paths = sorted(glob.glob(os.path.join(QDIR, "*.json")))
raw = {}
for p in paths:
    base = os.path.basename(p)
    try:
        with open(p, encoding="utf-8") as f:
            raw[base] = json.load(f)
    except (OSError, ValueError) as e:
        parse_problems.append("%s: %s" % (base, e))
check("every JSON file parses (%d files)" % len(paths), parse_problems + ([] if paths else ["no files"]))
for base, doc in raw.items():
    if base not in NON_FORMS:
        forms[base[:-5]] = doc
if not forms:
    print("not ok - forms present: none found")
    sys.exit(1)

# ---------------------------------------------------------------- structure
probs = []
for fid, q in forms.items():
    if q.get("resourceType") != "Questionnaire":
        probs.append("%s: resourceType %r" % (fid, q.get("resourceType")))
    if q.get("url") != "urn:accord:questionnaire:" + fid:
        probs.append("%s: url %r" % (fid, q.get("url")))
    if q.get("status") != "active":
        probs.append("%s: status %r" % (fid, q.get("status")))
    if not q.get("version"):
        probs.append("%s: no version" % fid)
    if not q.get("title") or not es_of(q.get("_title")):
        probs.append("%s: title or its es translation missing" % fid)
    if not q.get("item"):
        probs.append("%s: no items" % fid)
check("each form is an active Questionnaire with urn:accord url, version and translated title", probs)

probs = []
allowed_types = {"group", "display", "boolean", "decimal", "integer", "date", "string", "text",
                 "choice", "open-choice"}
for fid, q in forms.items():
    seen = set()
    for it in walk(q.get("item")):
        lid = it.get("linkId")
        if not lid or not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", lid):
            probs.append("%s: bad linkId %r" % (fid, lid))
        if lid in seen:
            probs.append("%s: duplicate linkId %s" % (fid, lid))
        seen.add(lid)
        if it.get("type") not in allowed_types:
            probs.append("%s/%s: type %r outside the kiosk subset" % (fid, lid, it.get("type")))
check("linkIds are short, stable and unique; types in the kiosk subset", probs)

probs = []
for fid, q in forms.items():
    by_id = {it["linkId"]: it for it in walk(q.get("item")) if "linkId" in it}
    order = [it.get("linkId") for it in walk(q.get("item"))]
    for it in walk(q.get("item")):
        for ew in it.get("enableWhen", []):
            tgt = ew.get("question")
            if tgt not in by_id:
                probs.append("%s/%s: enableWhen -> missing %r" % (fid, it["linkId"], tgt))
                continue
            if order.index(tgt) >= order.index(it["linkId"]):
                probs.append("%s/%s: enableWhen target %s comes later" % (fid, it["linkId"], tgt))
            if "answerCoding" in ew:
                codes = {(o.get("valueCoding", {}).get("system"), o.get("valueCoding", {}).get("code"))
                         for o in by_id[tgt].get("answerOption", [])}
                c = ew["answerCoding"]
                if (c.get("system"), c.get("code")) not in codes:
                    probs.append("%s/%s: enableWhen coding %s not an option of %s" %
                                 (fid, it["linkId"], c.get("code"), tgt))
            if ew.get("operator") not in ("exists", "=", "!=", ">", "<", ">=", "<="):
                probs.append("%s/%s: operator %r" % (fid, it["linkId"], ew.get("operator")))
check("every enableWhen points at an earlier existing linkId (and a real option)", probs)

# ---------------------------------------------------------------- translations
probs = []
for fid, q in forms.items():
    for it in walk(q.get("item")):
        lid = it.get("linkId")
        if not it.get("text"):
            probs.append("%s/%s: no text" % (fid, lid))
        elif not es_of(it.get("_text")):
            probs.append("%s/%s: text has no es translation" % (fid, lid))
        for o in it.get("answerOption", []):
            vc = o.get("valueCoding")
            if vc is None:
                probs.append("%s/%s: answerOption without valueCoding" % (fid, lid))
            elif not vc.get("display") or not es_of(vc.get("_display")):
                probs.append("%s/%s: option %s display/es missing" % (fid, lid, vc.get("code")))
        for ext in it.get("extension", []):
            if "valueString" in ext and ext.get("url") not in NOT_TEXT and not es_of(ext.get("_valueString")):
                probs.append("%s/%s: %s valueString has no es translation" % (fid, lid, ext.get("url")))
    if q.get("copyright") and not es_of(q.get("_copyright")):
        probs.append("%s: copyright has no es translation" % fid)
check("every text, option display and anchor has an es translation", probs)

# ---------------------------------------------------------------- instruments
def item_of(fid, lid):
    for it in walk(forms.get(fid, {}).get("item")):
        if it.get("linkId") == lid:
            return it
    return None


def loinc_of(obj):
    return [c.get("code") for c in obj.get("code", []) if c.get("system") == LOINC]


def check_scale(fid, lid, probs):
    it = item_of(fid, lid)
    opts = it.get("answerOption", []) if it else []
    if len(opts) != 11:
        probs.append("%s/%s: %d options, want 11" % (fid, lid, len(opts)))
        return
    for i, o in enumerate(opts):
        vc = o.get("valueCoding", {})
        if (vc.get("system"), vc.get("code"), vc.get("display")) != (LOINC, LA_0_10[i], str(i)):
            probs.append("%s/%s: option %d is %s %s %r" % (fid, lid, i, vc.get("system"), vc.get("code"), vc.get("display")))
        if ordinal(o) != i:
            probs.append("%s/%s: option %d ordinalValue %r" % (fid, lid, i, ordinal(o)))
        if es_of(vc.get("_display")) != str(i):
            probs.append("%s/%s: option %d es display %r" % (fid, lid, i, es_of(vc.get("_display"))))


probs = []
peg = forms.get("peg")
if not peg:
    probs.append("peg.json missing")
else:
    if loinc_of(peg) != [PEG["panel"]]:
        probs.append("panel code %r" % loinc_of(peg))
    lids = [it.get("linkId") for it in peg.get("item", [])]
    if lids != ["peg-1", "peg-2", "peg-3"]:
        probs.append("linkIds %r" % lids)
    for lid, code, text, lo, hi in PEG["items"]:
        it = item_of("peg", lid)
        if not it:
            probs.append("%s missing" % lid)
            continue
        if it.get("text") != text:
            probs.append("%s text %r" % (lid, it.get("text")))
        if loinc_of(it) != [code]:
            probs.append("%s code %r" % (lid, loinc_of(it)))
        if it.get("type") != "choice" or it.get("required") is not True:
            probs.append("%s must be a required choice" % lid)
        if ext_val(it, "urn:accord:anchor-low", "valueString") != lo:
            probs.append("%s anchor-low %r" % (lid, ext_val(it, "urn:accord:anchor-low", "valueString")))
        if ext_val(it, "urn:accord:anchor-high", "valueString") != hi:
            probs.append("%s anchor-high %r" % (lid, ext_val(it, "urn:accord:anchor-high", "valueString")))
        check_scale("peg", lid, probs)
check("PEG: exact items, anchors, LOINC codes, LA answers 0..10 with ordinals", probs)

probs = []
if not peg or ext_val(peg, "urn:accord:translation-validated", "valueBoolean") is not False:
    probs.append("peg.json needs urn:accord:translation-validated = false")
if peg and "not validated" not in (peg.get("description", "") + peg.get("copyright", "")):
    probs.append("peg description/copyright must say the Spanish is not validated")
if peg and "Krebs" not in peg.get("copyright", ""):
    probs.append("peg copyright must cite Krebs 2009")
check("PEG: cited, and Spanish marked translation-not-validated", probs)

probs = []
it = item_of("pain-now", PAIN_NOW[0])
if not it:
    probs.append("pain-now item missing")
else:
    if it.get("text") != PAIN_NOW[2]:
        probs.append("text %r" % it.get("text"))
    if loinc_of(it) != [PAIN_NOW[1]]:
        probs.append("code %r" % loinc_of(it))
    for lid in ("pain-now", "pain-worst", "pain-least"):
        check_scale("pain-now", lid, probs)
    for lid in ("pain-worst", "pain-least"):
        other = item_of("pain-now", lid)
        if other is None or loinc_of(other):
            probs.append("%s must exist without a LOINC code (none exists)" % lid)
check("pain now: README wording, LOINC 72514-3, eleven 0..10 buttons for each item", probs)


def check_screen(fid, spec, probs):
    q = forms.get(fid)
    if not q:
        probs.append("%s.json missing" % fid)
        return
    if spec["panel"] and loinc_of(q) != [spec["panel"]]:
        probs.append("panel code %r" % loinc_of(q))
    first = q.get("item", [{}])[0]
    if first.get("type") != "display" or first.get("text") != spec["stem"]:
        probs.append("first item must be the display stem %r, got %r" % (spec["stem"], first.get("text")))
    for lid, code, text in spec["items"]:
        it = item_of(fid, lid)
        if not it:
            probs.append("%s missing" % lid)
            continue
        if it.get("text") != text:
            probs.append("%s text %r" % (lid, it.get("text")))
        if loinc_of(it) != [code]:
            probs.append("%s code %r" % (lid, loinc_of(it)))
        if it.get("type") != "choice" or it.get("required") is not True:
            probs.append("%s must be a required choice" % lid)
        opts = it.get("answerOption", [])
        got = [(o.get("valueCoding", {}).get("system"), o.get("valueCoding", {}).get("code"),
                o.get("valueCoding", {}).get("display"), ordinal(o)) for o in opts]
        want = [(LOINC, c, d, w) for c, d, w in PHQ_ANSWERS]
        if got != want:
            probs.append("%s answers %r" % (lid, got))
    if PFIZER not in q.get("copyright", ""):
        probs.append("copyright lacks the Pfizer attribution")


probs = []
check_screen("phq2", PHQ2, probs)
check("PHQ-2: exact stem, items, LOINC codes, answers LA6568-5..LA6571-9 = 0..3, Pfizer attribution", probs)
probs = []
check_screen("gad2", GAD2, probs)
check("GAD-2: exact stem, items, LOINC codes, answers LA6568-5..LA6571-9 = 0..3, Pfizer attribution", probs)

probs = []
for fid in ("phq2", "gad2"):
    q = forms.get(fid, {})
    for lid, es in ES_ITEMS.items():
        if lid.startswith(fid):
            it = item_of(fid, lid)
            got = es_of(it.get("_text")) if it else None
            if got != es:
                probs.append("%s/%s es %r" % (fid, lid, got))
    for it in walk(q.get("item")):
        if it.get("answerOption"):
            got = [es_of(o["valueCoding"].get("_display")) for o in it["answerOption"]]
            if got != ES_ANSWERS:
                probs.append("%s/%s es answers %r" % (fid, it["linkId"], got))
    if ES_PFIZER not in (es_of(q.get("_copyright")) or ""):
        probs.append("%s: Spanish Pfizer attribution missing" % fid)
check("PHQ-2/GAD-2: Spanish is the official Spanish-for-the-USA text as confirmed", probs)

# ---------------------------------------------------------------- safety
probs = []
se = forms.get("side-effects", {})
which = [it for it in walk(se.get("item")) if any(
    o.get("valueCoding", {}).get("code") == "slow-breathing" for o in it.get("answerOption", []))]
if len(which) != 1:
    probs.append("need exactly one item with the slow-breathing option")
else:
    w = which[0]
    if w.get("type") != "choice" or w.get("repeats") is not True:
        probs.append("%s must be a repeating choice" % w["linkId"])
    sysv = [o["valueCoding"]["system"] for o in w["answerOption"] if o["valueCoding"]["code"] == "slow-breathing"][0]
    alerts = [it for it in walk(se.get("item"))
              if it.get("type") == "display" and ext_val(it, "urn:accord:alert", "valueBoolean") is True]
    ok = [a for a in alerts if any(ew.get("question") == w["linkId"] and ew.get("operator") == "="
                                   and ew.get("answerCoding", {}).get("code") == "slow-breathing"
                                   and ew.get("answerCoding", {}).get("system") == sysv
                                   for ew in a.get("enableWhen", []))]
    if len(ok) != 1:
        probs.append("need one urn:accord:alert display item enabled by slow-breathing")
    elif "front desk" not in ok[0].get("text", ""):
        probs.append("alert text must tell the patient to tell the front desk staff")
check("side effects: slow breathing raises a staff alert display item", probs)

# ---------------------------------------------------------------- widgets
used = set()
probs = []
for fid, q in forms.items():
    for it in walk(q.get("item")):
        t = it.get("type")
        used.add(t)
        if it.get("repeats"):
            used.add("repeats")
        lid = "%s/%s" % (fid, it.get("linkId"))
        if t == "integer":
            if ext_val(it, MINV, "valueInteger") is None or ext_val(it, MAXV, "valueInteger") is None:
                probs.append("%s: integer needs minValue and maxValue" % lid)
        if t in ("string", "text") and not it.get("maxLength"):
            probs.append("%s: %s needs maxLength" % (lid, t))
        if t in ("choice", "open-choice") and not it.get("answerOption"):
            probs.append("%s: choice without answerOption" % lid)
for t in ("choice", "repeats", "boolean", "integer", "string", "text", "display", "open-choice", "date"):
    if t not in used:
        probs.append("no %s item in the set" % t)
if sum(1 for q in forms.values() for it in walk(q.get("item")) if it.get("type") == "open-choice") != 1:
    probs.append("want exactly one open-choice item")
check("the set exercises every widget; integers bounded, strings capped", probs)

# ---------------------------------------------------------------- own wording
probs = []
own = []
for fid in OWN_FORMS:
    for it in walk(forms.get(fid, {}).get("item")):
        own.append(("%s/%s" % (fid, it["linkId"]), it.get("text", ""), es_of(it.get("_text")) or ""))
        for o in it.get("answerOption", []):
            vc = o.get("valueCoding", {})
            own.append(("%s/%s/%s" % (fid, it["linkId"], vc.get("code")), vc.get("display", ""),
                        es_of(vc.get("_display")) or ""))
for fid, lids in OWN_ITEMS_ELSEWHERE.items():
    for lid in lids:
        it = item_of(fid, lid) or {}
        own.append(("%s/%s" % (fid, lid), it.get("text", ""), es_of(it.get("_text")) or ""))
for where, en, es in own:
    for s in sentences(en):
        if len(s.split()) > MAX_WORDS:
            probs.append("%s: sentence over %d words: %r" % (where, MAX_WORDS, s))
    for text in (en, es):
        m = STIGMA.search(text)
        if m:
            probs.append("%s: stigmatizing word %r" % (where, m.group(0)))
check("own items: short sentences (<= %d words), person-first words (%d texts)" % (MAX_WORDS, len(own)), probs)

# ---------------------------------------------------------------- scoring
probs = []
sc = raw.get("scoring.json")
by_url = {q.get("url"): q for q in forms.values()}
if not sc:
    probs.append("scoring.json missing")
else:
    if sc.get("format") != "accord-scoring/1":
        probs.append("format %r" % sc.get("format"))
    ids = set()
    for r in sc.get("scores", []):
        rid = r.get("id")
        if rid in ids:
            probs.append("duplicate id %s" % rid)
        ids.add(rid)
        q = by_url.get(r.get("form"))
        if q is None:
            probs.append("%s: form %r not found" % (rid, r.get("form")))
            continue
        if r.get("method") not in ("sum", "mean"):
            probs.append("%s: method %r" % (rid, r.get("method")))
        items = r.get("items") or []
        if not isinstance(r.get("min_answered"), int) or not 1 <= r["min_answered"] <= len(items):
            probs.append("%s: min_answered %r" % (rid, r.get("min_answered")))
        for lid in items:
            it = next((x for x in walk(q.get("item")) if x.get("linkId") == lid), None)
            if it is None:
                probs.append("%s: item %s not in %s" % (rid, lid, r.get("form")))
            elif not (it.get("type") == "integer" or
                      (it.get("answerOption") and all(ordinal(o) is not None for o in it["answerOption"]))):
                probs.append("%s: item %s has no numeric value" % (rid, lid))
        for k in ("label", "decimals", "source"):
            if k not in r:
                probs.append("%s: no %s" % (rid, k))
        if r.get("loinc") is None and not r.get("local_code"):
            probs.append("%s: neither loinc nor local_code" % rid)
    want = {"peg": ("mean", 3, "91147-9", None, ["peg-1", "peg-2", "peg-3"]),
            "phq2": ("sum", 2, "55758-7", 3, ["phq2-1", "phq2-2"]),
            "gad2": ("sum", 2, None, 3, ["gad2-1", "gad2-2"]),
            "pain-now": ("sum", 1, "72514-3", None, ["pain-now"])}
    rules = {r.get("id"): r for r in sc.get("scores", [])}
    for rid, (m, n, code, pos, items) in want.items():
        r = rules.get(rid)
        if not r:
            probs.append("no %s rule" % rid)
            continue
        got = (r.get("method"), r.get("min_answered"), r.get("loinc"), r.get("positive_at"), r.get("items"))
        if got != (m, n, code, pos, items):
            probs.append("%s rule %r, want %r" % (rid, got, (m, n, code, pos, items)))
check("scoring.json: rules match the instruments and point at existing forms/linkIds", probs)

# ---------------------------------------------------------------- safety answers
probs = []
sf = raw.get("safety.json")
if not sf or sf.get("format") != "accord-safety/1":
    probs.append("safety.json missing or not accord-safety/1")
else:
    by_url = {q.get("url"): q for q in forms.values()}

    def rule_item(r):
        q = by_url.get(r.get("form")) or {}
        return next((i for i in walk(q.get("item")) if i["linkId"] == r.get("item")), None)

    ids = set()
    for r in sf.get("rules", []):
        rid = r.get("id")
        if rid in ids:
            probs.append("safety.json: id %r twice" % rid)
        ids.add(rid)
        if r.get("priority", "stat") not in ("stat", "urgent"):
            probs.append("safety.json %s: priority %r" % (rid, r.get("priority")))
        it = rule_item(r)
        if not it:
            probs.append("safety.json %s: no item %s in %s" % (rid, r.get("item"), r.get("form")))
            continue
        if "answerBoolean" in r:
            if it.get("type") != "boolean":
                probs.append("safety.json %s: answerBoolean on a %s item" % (rid, it.get("type")))
            continue
        codes = [o.get("valueCoding", {}).get("code") for o in it.get("answerOption", [])]
        code = r.get("answerCoding", {}).get("code")
        if code not in codes:
            probs.append("safety.json %s: code %r is not an option of %s" % (rid, code, it["linkId"]))
    # the safety answers of a choice question come first in it (the patient sees them first)
    for r in sf.get("rules", []):
        it = rule_item(r)
        if not it or "answerCoding" not in r:
            continue
        mine = [x.get("answerCoding", {}).get("code") for x in sf["rules"] if x.get("item") == r.get("item")]
        codes = [o.get("valueCoding", {}).get("code") for o in it.get("answerOption", [])]
        if sorted(codes[:len(mine)]) != sorted(mine):
            probs.append("%s: safety answers %s are not listed first" % (it["linkId"], mine))
    want = {("se-which", "slow-breathing"), ("se-which", "sleepiness"), ("os-overdose", True)}
    have = {(r.get("item"), r.get("answerCoding", {}).get("code") if "answerCoding" in r else r.get("answerBoolean"))
            for r in sf.get("rules", [])}
    if not want <= have:
        probs.append("safety.json lacks %s" % sorted(map(str, want - have)))
check("safety.json: every rule names an existing item and answer; breathing, sleepiness and overdose are safety answers, listed first", probs)

probs = []
od = raw.get("order.json")
if not od:
    probs.append("order.json missing")
else:
    lst = od.get("forms", [])
    if sorted(lst) != sorted(f + ".json" for f in forms):
        probs.append("order %r does not list every form once" % lst)
    if len(set(lst)) != len(lst):
        probs.append("duplicates in order.json")
check("order.json lists every form exactly once", probs)

probs = []
for base in sorted(raw):
    with open(os.path.join(QDIR, base), encoding="utf-8") as f:
        text = f.read()
    for m in re.finditer(r"https?://([^/\"]+)", text):
        if m.group(1) not in ("hl7.org", "loinc.org", "snomed.info"):
            probs.append("%s: host %s" % (base, m.group(1)))
    if re.search(r"\"/(home|tmp|work|usr|etc|var)/", text):
        probs.append("%s: absolute path" % base)
check("no web hosts other than FHIR/LOINC/SNOMED system URIs, no absolute paths", probs)

sys.exit(0 if all(results) else 1)
