#!/usr/bin/env python3
"""tests/check_words.py - no stigmatizing words in patient-facing text.

Scans every string value of the shipped content in all languages
(assets/agreement/*.json, assets/strings/*.json, assets/questionnaires/*.json,
including FHIR translation extensions) for the terms in tests/data/words.tsv
and names the preferred wording for each hit. See words.tsv for the term
syntax and the "near-test" rule that keeps "clean hands" legal while
"clean urine test" fails. Prints "ok - name" / "not ok - name: detail" lines
for tests/run.sh. Python 3 standard library only.
"""
import glob
import json
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
WORDS = os.path.join("tests", "data", "words.tsv")
PATTERNS = ("assets/agreement/*.json", "assets/strings/*.json", "assets/questionnaires/*.json")
NEAR = 4   # words either side that count as "near" a test word

TEST_WORDS = re.compile(
    r"^(tests?|tested|testing|urine|urinalysis|screens?|screening|samples?|results?|"
    r"uds|tox|toxicology|drug|pruebas?|orina|exámen(es)?|examen|análisis|muestras?|"
    r"resultados?|tamizaje|toxicológic[oa]s?)$", re.I)
STATE_VERBS = re.compile(
    r"^(stay|stays|stayed|staying|get|gets|got|getting|come|came|be|being|been|"
    r"keep|keeps|kept|estar|está|están|estaba|mantenerse|mantenerte|seguir|sigue|salir|salió|salga)$", re.I)
WORD = re.compile(r"[\w\u00C0-\u024F]+(?:['\u2019][\w]+)?", re.UNICODE)


def load_terms(path):
    terms = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                raise ValueError("%s:%d: need term<TAB>language<TAB>preferred" % (path, n))
            term, lang, preferred = cols[0].strip(), cols[1].strip(), cols[2].strip()
            rule = cols[3].strip() if len(cols) > 3 and cols[3].strip() else "always"
            if rule not in ("always", "near-test"):
                raise ValueError("%s:%d: unknown rule %r" % (path, n, rule))
            terms.append((term, lang, preferred, rule, compile_term(term)))
    return terms


def compile_term(term):
    star = term.endswith("*")
    parts = [re.escape(p) for p in re.split(r"[\s-]+", term.rstrip("*").strip())]
    body = r"[\s-]?".join(parts)
    tail = r"[\w]*" if star else ""
    return re.compile(r"(?<![\w])" + body + tail + r"(?![\w])", re.I | re.UNICODE)


def near_test(text, start, end):
    """True when the match at text[start:end] is a test-result or person descriptor."""
    before = WORD.findall(text[:start])[-NEAR:]
    after = WORD.findall(text[end:])[:NEAR]
    if any(TEST_WORDS.match(w) for w in before + after):
        return True
    # "stay clean", "got clean", "mantenerse limpio": a word or two before
    return any(STATE_VERBS.match(w) for w in before[-2:])


def hits(text, terms):
    found = []
    for term, lang, preferred, rule, rx in terms:
        for m in rx.finditer(text):
            if rule == "near-test" and not near_test(text, m.start(), m.end()):
                continue
            found.append((m.group(0), lang, preferred))
    return found


def strings(doc, path=""):
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from strings(v, "%s%s%s" % (path, "." if path else "", k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from strings(v, "%s[%d]" % (path, i))
    elif isinstance(doc, str):
        yield path, doc


def self_test(terms):
    """The lint must catch what it is for and leave ordinary words alone."""
    must = ["your urine test was dirty", "a clean drug screen", "he is an addict",
            "drug-seeking", "non-compliant", "prueba de orina limpia",
            "es un drogadicto", "abuso de drogas", "paciente incumplido", "stay clean"]
    must_not = ["wash with clean hands", "keep the lockbox clean", "ropa limpia",
                "misuse", "a person with a substance use disorder", "negative test",
                "resultado negativo", "cumplir el plan"]
    out = []
    for s in must:
        out.append(("ok" if hits(s, terms) else "not ok") + " - lint flags %r" % s)
    for s in must_not:
        out.append(("ok" if not hits(s, terms) else "not ok") + " - lint allows %r" % s)
    return out


def main():
    os.chdir(ROOT)
    try:
        terms = load_terms(WORDS)
    except (OSError, ValueError) as e:
        print("not ok - %s loads: %s" % (WORDS, e))
        return 1
    results = self_test(terms)
    files = sorted(set(f for p in PATTERNS for f in glob.glob(p)))
    if not files:
        results.append("not ok - content present: no assets found")
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            results.append("not ok - %s loads: %s" % (path, e))
            continue
        bad = []
        for where, text in strings(doc):
            for word, lang, preferred in hits(text, terms):
                bad.append("not ok - %s %s: \"%s\" (%s) -> use \"%s\"" % (path, where, word, lang, preferred))
        results += bad or ["ok - %s has no stigmatizing terms" % path]
    for r in results:
        print(r)
    return 1 if any(r.startswith("not ok") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
