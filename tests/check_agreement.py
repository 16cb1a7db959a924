#!/usr/bin/env python3
"""tests/check_agreement.py - the plain words keep the meaning of the clinic's agreement.

For every shipped agreement pack (assets/agreement/en.json, es.json):
  * clause by clause, each obligation's key terms (tests/data/agreement-meaning.tsv)
    stand in the clinic's wording and are carried by our plain text (or by
    the glossary explanation of a term it uses); wording that once changed
    the meaning stays out;
  * every clause, the preamble and every section lead-in is covered by the table;
  * the glossary explains "opioid", "overdose" and "substance use disorder"
    (and names Narcan beside naloxone), each word for word in the text where
    the term is first used;
  * every clause has a one-sentence summary;
  * a pack in another language than the clinic's labels its "original" as the
    clinic's translation (original_note).
A self-test runs the same checks on known-bad wording so the check can fail.
Prints "ok - name" / "not ok - name: detail". Python 3 standard library only.
"""
import copy
import json
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
TABLE = os.path.join("tests", "data", "agreement-meaning.tsv")
PACKS = {"en": "assets/agreement/en.json", "es": "assets/agreement/es.json"}
GLOSSARY_REQUIRED = ("opioid", "overdose", "substance use disorder", "naloxone")
SOURCE_LANG = "en"   # the language of the clinic's own agreement (seed 000)


def load_table(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                raise ValueError("%s:%d: need target, lang, original, plain" % (path, n))
            forbidden = cols[4].split("|") if len(cols) > 4 and cols[4] else []
            rows.append({"line": n, "target": cols[0], "lang": cols[1], "original": cols[2],
                         "plain": cols[3].split("|"), "forbidden": forbidden})
    return rows


def targets(pack):
    """target name -> (clinic wording or None, our plain text)."""
    out = {}
    pre = pack.get("preamble") or {}
    if pre:
        out["preamble"] = (pre.get("original"), pre.get("plain", ""))
    for sec in pack["sections"]:
        if sec.get("original"):
            out["section:" + sec["id"]] = (sec["original"], sec.get("intro", ""))
        for cl in sec["clauses"]:
            out[cl["id"]] = (cl["original"], cl["plain"])
            for fq in cl.get("faq", []):
                out["faq:" + fq["topic"]] = (None, fq["a"])
    return out


def units(pack):
    """Every text of ours in reading order (for "first use")."""
    yield "opening", pack.get("opening", "")
    yield "preamble", (pack.get("preamble") or {}).get("plain", "")
    for sec in pack["sections"]:
        yield "section:" + sec["id"], sec.get("intro", "")
        for cl in sec["clauses"]:
            for key in ("summary", "plain", "why"):
                yield "%s.%s" % (cl["id"], key), cl.get(key, "")
            for fq in cl.get("faq", []):
                yield "faq:" + fq["topic"], fq["q"] + " " + fq["a"]
    yield "closing", pack.get("closing", "")


def found(pattern, text):
    return re.search(pattern, text or "", re.I) is not None


def uses(forms, text):
    return any(re.search(r"(?<!\w)%s(?!\w)" % re.escape(f), text, re.I) for f in forms)


def check_pack(lang, pack, rows):
    """Returns a list of (ok, name, detail)."""
    res = []
    tg = targets(pack)
    gloss = pack.get("glossary", [])
    mine = [r for r in rows if r["lang"] == lang]
    for r in mine:
        name = "%s %s carries '%s'" % (lang, r["target"], r["original"])
        if r["target"] not in tg:
            res.append((False, name, "no such part in the pack (table line %d)" % r["line"]))
            continue
        orig, plain = tg[r["target"]]
        if r["original"] != "-" and not found(r["original"], orig):
            res.append((False, name, "the clinic's wording no longer says it; update the table (line %d)" % r["line"]))
            continue
        ok = any(found(p, plain) for p in r["plain"])
        via = [g for g in gloss if uses(g.get("forms", []), plain)
               and any(found(p, g.get("plain", "")) for p in r["plain"])]
        bad = [p for p in r["forbidden"] if found(p, plain)]
        if bad:
            res.append((False, name, "plain text has '%s', which changes the meaning" % bad[0]))
        elif ok or via:
            res.append((True, name, ""))
        else:
            res.append((False, name, "plain text lacks any of %s: \"%s\"" % (r["plain"], plain[:90])))
    covered = {r["target"] for r in mine}
    for t in tg:
        if not t.startswith("faq:") and t not in covered:
            res.append((False, "%s %s is covered by %s" % (lang, t, TABLE), "no row"))
    for sec in pack["sections"]:
        for cl in sec["clauses"]:
            s = cl.get("summary", "")
            n = len([x for x in re.split(r"(?<=[.!?])\s+", s.strip()) if x])
            res.append((bool(s.strip()) and n == 1, "%s %s has a one-sentence summary" % (lang, cl["id"]),
                        "summary: \"%s\"" % s))
    terms = {g.get("term"): g for g in gloss}
    for t in GLOSSARY_REQUIRED:
        g = terms.get(t)
        name = "%s glossary explains '%s' where first used" % (lang, t)
        if not g or not g.get("plain") or not g.get("forms"):
            res.append((False, name, "no glossary entry with forms and plain"))
            continue
        first = next(((w, u) for w, u in units(pack) if uses(g["forms"], u)), None)
        if not first:
            res.append((False, name, "the term is never used"))
        elif g["plain"] not in first[1]:
            res.append((False, name, "first used in %s without its explanation \"%s\"" % (first[0], g["plain"])))
        else:
            res.append((True, name, ""))
    nal = terms.get("naloxone", {}).get("plain", "")
    res.append(("Narcan" in nal, "%s names Narcan beside naloxone" % lang, "glossary naloxone: \"%s\"" % nal))
    if lang != SOURCE_LANG:
        note = pack.get("original_note", "")
        res.append((bool(re.search(r"traducci|translat", note, re.I)),
                    "%s labels the clinic wording as the clinic's translation" % lang,
                    "original_note: \"%s\"" % note))
    return res


def self_test(pack, rows):
    """Known-bad wording (the wording issue 12 found) must be caught."""
    out = []
    bad = copy.deepcopy(pack)
    cl = {c["id"]: c for s in bad["sections"] for c in s["clauses"]}
    cl["one-prescriber"]["plain"] = ("Please get your opioid pain medicine and other strong medicines like it only from us. "
                                     "Tell every clinician you see about all the medicines you take.")
    cl["new-ways"]["plain"] = "We will help you find small changes that may ease your pain."
    cl["one-part"]["plain"] = "Opioids do not work well for everyone. They may help a lot, a little, or not at all."
    for fq in cl["stopping"]["faq"]:
        if fq["topic"] == "stop-caring":
            fq["a"] = "No. Stopping a medicine is not the same as stopping your care. Ask your care team."
    failed = {name.split(" carries")[0] for ok, name, _ in check_pack("en", bad, rows) if not ok}
    for t in ("en one-prescriber", "en new-ways", "en one-part", "en faq:stop-caring"):
        out.append((t in failed, "self-test: check catches the old wording of %s" % t, "not caught"))
    for g in bad.get("glossary", []):
        if g.get("term") == "opioid":
            g.pop("plain", None)
    failed = [name for ok, name, _ in check_pack("en", bad, rows) if not ok]
    out.append((any("'opioid'" in n for n in failed), "self-test: a missing glossary explanation is caught", ""))
    return out


def main():
    os.chdir(ROOT)
    results = []
    try:
        rows = load_table(TABLE)
    except (OSError, ValueError) as e:
        print("not ok - %s loads: %s" % (TABLE, e))
        return 1
    packs = {}
    for lang, path in PACKS.items():
        try:
            with open(path, encoding="utf-8") as f:
                packs[lang] = json.load(f)
        except (OSError, ValueError) as e:
            results.append((False, "%s loads" % path, str(e)))
            continue
        results += check_pack(lang, packs[lang], rows)
    if "en" in packs:
        results += self_test(packs["en"], rows)
    for ok, name, detail in results:
        print(("ok - %s" % name) if ok else ("not ok - %s: %s" % (name, detail)))
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
