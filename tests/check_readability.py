#!/usr/bin/env python3
"""tests/check_readability.py - reading level of patient-facing text, English and Spanish.

Checks every text we write for patients:
  * assets/agreement/en.json and es.json: title, opening, preamble plain,
    section intros, each clause's summary, plain + why (one unit), each FAQ
    question + answer (one unit), closing.
    (A grade is compared after rounding to one decimal, as it is printed.)
    NOT "original": that is the clinic's own legal wording, shown beside ours.
  * assets/strings/en.json: every string value (the UI catalog).
  * assets/questionnaires/*.json: item "text" in English, and its Spanish
    translation extension, except validated instrument items (linkId
    starting peg, phq, gad), whose wording is fixed.

Rules: a unit of 8 or more words must have a grade of at most 6.0 (on
shorter labels a formula is noise); no sentence in any unit may be longer
than 20 words. English uses Flesch-Kincaid; Spanish uses Crawford's grade
formula for Spanish (Crawford AN, 1984: grade = -0.205 * sentences per 100
words + 0.049 * syllables per 100 words - 3.407), with a Spanish syllable
count (vowel groups, two strong vowels or an accented i/u make a hiatus). Prints "ok - name" / "not ok - name: detail" lines for
tests/run.sh, and the five hardest units as "#" comment lines.
Python 3 standard library only. Run from anywhere: paths are repo-relative.
"""
import glob
import json
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
MAX_GRADE = 6.0
MIN_WORDS_FOR_GRADE = 8
MAX_SENTENCE_WORDS = 20
VALIDATED_PREFIXES = ("peg", "phq", "gad")

# Words the heuristic below gets wrong and our texts use often.
SYLLABLES = {
    "opioid": 3, "opioids": 3, "naloxone": 3, "area": 3, "idea": 3, "ideas": 3,
    "every": 2, "everyone": 3, "different": 3, "business": 2, "family": 3,
    "naturally": 4, "usually": 4, "actually": 4, "people": 2, "being": 2,
    "doing": 2, "going": 2, "seeing": 2, "create": 2, "science": 2,
    "poem": 2, "quiet": 2, "via": 2, "real": 1, "really": 2, "ok": 2,
    "someone": 2, "sometimes": 2, "something": 2, "somewhere": 2,
    "whenever": 3, "whatever": 3, "however": 3, "therapy": 3, "else": 1,
    "safe": 1, "sure": 1, "here": 1, "there": 1, "where": 1, "were": 1,
    "one": 1, "once": 1, "done": 1, "gone": 1, "come": 1, "some": 1,
    "live": 1, "lives": 1, "give": 1, "gives": 1, "have": 1, "love": 1,
    "more": 1, "before": 2, "store": 1, "stores": 1, "sore": 1,
    "type": 1, "types": 1, "minute": 2, "minutes": 2,
}

VOWELS = "aeiouy"


def syllables(word):
    """Syllables in one English word: vowel groups with the usual fixes."""
    w = word.lower().replace("\u2019", "'")
    w = re.sub(r"'(s|t|ll|re|ve|d|m)$", "", w)
    w = re.sub(r"[^a-z]", "", w)
    if not w:
        return 1 if re.search(r"\d", word) else 0
    if w in SYLLABLES:
        return SYLLABLES[w]
    if w.endswith("s") and w[:-1] in SYLLABLES:
        return SYLLABLES[w[:-1]]
    if len(w) <= 3:
        return 1
    # y at the start, or before a vowel, is a consonant
    w2 = re.sub(r"y(?=[aeiou])", "j", w)
    w2 = re.sub(r"^y", "j", w2)
    n = len(re.findall(r"[aeiouy]+", w2))
    # silent final e (but "-le" after a consonant is a syllable: "table")
    if w2.endswith("e") and not re.search(r"[^aeiouy]le$", w2) and n > 1:
        n -= 1
    # -ed is silent except after t/d: "asked" 1, "wanted" 2
    elif re.search(r"[^aeiouytd]ed$", w2) and n > 1:
        n -= 1
    # -es is silent except after sibilants: "takes" 1, "boxes" 2
    elif re.search(r"[^aeiouy]es$", w2) and not re.search(r"(s|x|z|ch|sh|g|c)es$", w2) and n > 1:
        n -= 1
    # vowel pairs said as two syllables: "opioid", "period", "create"
    n += len(re.findall(r"(?<![tsc])i[ao]|eo|ua(?!r)|uo|ie(?=r|t)", w2))
    return max(1, n)


def sentences(text):
    parts = re.split(r"(?<=[.!?])[\"'\u201d)]*\s+|\n+|\s+[\u2014\u2013-]\s+(?=[A-Z])", text.strip())
    return [p for p in parts if words(p)]


def words(text):
    return re.findall(r"[A-Za-z0-9\u00C0-\u024F]+(?:['\u2019-][A-Za-z0-9]+)*", text)


SPANISH_VOWELS = "aeiou\u00e1\u00e9\u00ed\u00f3\u00fa\u00fc"
SPANISH_STRONG = "aeo\u00e1\u00e9\u00ed\u00f3\u00fa"


def syllables_es(word):
    """Syllables in one Spanish word: vowel nuclei; a weak vowel (i, u, y)
    next to another vowel joins it (diphthong), two strong ones split."""
    w = re.sub(r"[^a-z\u00e1\u00e9\u00ed\u00f3\u00fa\u00fc\u00f1]", "", word.lower())
    if not w:
        return 1 if re.search(r"\d", word) else 0
    w = re.sub(r"([qg])u([ei\u00e9\u00ed])", r"\1\2", w)   # que, gui: silent u
    n, prev = 0, None
    for ch in w:
        if ch in SPANISH_VOWELS:
            if prev is None or (prev in SPANISH_STRONG and ch in SPANISH_STRONG):
                n += 1
            prev = ch
        else:
            prev = None
    return max(1, n)


def crawford_grade(text):
    """US school grade of Spanish text (Crawford 1984)."""
    sents = sentences(text)
    ws = words(text)
    if not ws or not sents:
        return 0.0
    per100_sent = 100.0 * len(sents) / len(ws)
    per100_syl = 100.0 * sum(syllables_es(w) for w in ws) / len(ws)
    return -0.205 * per100_sent + 0.049 * per100_syl - 3.407


def fk_grade(text):
    sents = sentences(text)
    ws = words(text)
    if not ws or not sents:
        return 0.0
    syl = sum(syllables(w) for w in ws)
    return 0.39 * len(ws) / len(sents) + 11.8 * syl / len(ws) - 15.59


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def agreement_units(doc):
    units = []
    for key in ("title", "opening", "closing"):
        if isinstance(doc.get(key), str):
            units.append((key, doc[key]))
    pre = doc.get("preamble")
    if isinstance(pre, dict) and isinstance(pre.get("plain"), str):
        units.append(("preamble.plain", pre["plain"]))
    # glossary explanations are not units of their own: each must stand word
    # for word in the text where its term is first used (check_agreement.py),
    # and is graded there, in context
    for si, sec in enumerate(doc.get("sections", [])):
        sp = "sections[%d]" % si
        for key in ("title", "intro"):
            if isinstance(sec.get(key), str):
                units.append(("%s.%s" % (sp, key), sec[key]))
        for ci, cl in enumerate(sec.get("clauses", [])):
            cp = "%s.clauses[%d](%s)" % (sp, ci, cl.get("id", "?"))
            units.append((cp + ".title", cl.get("title", "")))
            if isinstance(cl.get("summary"), str):
                units.append((cp + ".summary", cl["summary"]))
            units.append((cp + ".plain+why", "%s %s" % (cl.get("plain", ""), cl.get("why", ""))))
            for fi, fq in enumerate(cl.get("faq", [])):
                fp = "%s.faq[%d](%s)" % (cp, fi, fq.get("topic", "?"))
                units.append((fp + ".q+a", "%s %s" % (fq.get("q", ""), fq.get("a", ""))))
    return units


def string_units(doc, prefix=""):
    units = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            units += string_units(v, "%s%s%s" % (prefix, "." if prefix else "", k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            units += string_units(v, "%s[%d]" % (prefix, i))
    elif isinstance(doc, str):
        units.append((prefix, doc))
    return units


def translation(elem, lang):
    """The translation extension's content for lang on a FHIR _element."""
    for ext in (elem or {}).get("extension", []) if isinstance(elem, dict) else []:
        if ext.get("url") != "http://hl7.org/fhir/StructureDefinition/translation":
            continue
        parts = {e.get("url"): e for e in ext.get("extension", [])}
        if parts.get("lang", {}).get("valueCode") == lang:
            return parts.get("content", {}).get("valueString")
    return None


def questionnaire_units(doc, lang=None):
    """Item texts of ours; lang None = the base text, else its translation."""
    units = []

    def walk(items, path):
        for i, it in enumerate(items or []):
            link = str(it.get("linkId", ""))
            p = "%s[%d](%s)" % (path, i, link)
            text = it.get("text") if lang is None else translation(it.get("_text"), lang)
            if not link.lower().startswith(VALIDATED_PREFIXES) and isinstance(text, str):
                units.append((p + ".text", text))
            walk(it.get("item"), p + ".item")

    walk(doc.get("item"), "item")
    return units


def is_english_questionnaire(path, doc):
    lang = str(doc.get("language", "")).lower()
    if lang:
        return lang.startswith("en")
    base = os.path.basename(path).lower()
    return not re.search(r"[._-](es|fr|de|pt|zh|vi)(\.|$)", base)


def check(name, units, results, worst, grade=None):
    grade = grade or fk_grade
    if not units:
        print("# %s: no text of ours to check (validated items only)" % name)
        return
    long_sent, hard = [], []
    for where, text in units:
        for s in sentences(text):
            n = len(words(s))
            if n > MAX_SENTENCE_WORDS:
                long_sent.append("%s: %d words: \"%s\"" % (where, n, s[:70]))
        if len(words(text)) >= MIN_WORDS_FOR_GRADE:
            g = grade(text)
            worst.append((g, "%s %s" % (name, where)))
            if round(g, 1) > MAX_GRADE:
                hard.append("%s: grade %.1f" % (where, g))
    for label, bad in (("grade <= %.0f" % MAX_GRADE, hard),
                       ("sentences <= %d words" % MAX_SENTENCE_WORDS, long_sent)):
        if bad:
            for b in bad:
                results.append("not ok - %s %s: %s" % (name, label, b))
        else:
            results.append("ok - %s %s (%d units)" % (name, label, len(units)))


def main():
    os.chdir(ROOT)
    results, worst = [], []

    path = "assets/agreement/en.json"
    if os.path.exists(path):
        try:
            check(path, agreement_units(load(path)), results, worst)
        except (ValueError, OSError) as e:
            results.append("not ok - %s loads: %s" % (path, e))
    else:
        results.append("not ok - %s exists: missing" % path)

    path = "assets/strings/en.json"
    if os.path.exists(path):
        try:
            check(path, string_units(load(path)), results, worst)
        except (ValueError, OSError) as e:
            results.append("not ok - %s loads: %s" % (path, e))
    else:
        print("# %s not present yet: skipped" % path)

    path = "assets/agreement/es.json"
    if os.path.exists(path):
        try:
            check(path + " (es)", agreement_units(load(path)), results, worst, crawford_grade)
        except (ValueError, OSError) as e:
            results.append("not ok - %s loads: %s" % (path, e))

    qs = sorted(glob.glob("assets/questionnaires/*.json"))
    if not qs:
        print("# no assets/questionnaires/*.json yet: skipped")
    for path in qs:
        try:
            doc = load(path)
        except (ValueError, OSError) as e:
            results.append("not ok - %s loads: %s" % (path, e))
            continue
        if not isinstance(doc, dict) or doc.get("resourceType") != "Questionnaire":
            continue    # e.g. an order or scoring table next to the forms
        if not is_english_questionnaire(path, doc):
            continue
        check(path, questionnaire_units(doc), results, worst)
        es = questionnaire_units(doc, "es")
        if es:
            check(path + " (es)", es, results, worst, crawford_grade)

    for line in results:
        print(line)
    worst.sort(reverse=True)
    print("# hardest units (grade: Flesch-Kincaid in English, Crawford in Spanish):")
    for g, where in worst[:5]:
        print("#   %.1f  %s" % (g, where))
    return 1 if any(r.startswith("not ok") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
