#!/usr/bin/env python3
"""bench/report.py - turns bench/run.py's results into figures, checks them
against the budgets below, and writes build/bench.json (figures + verdicts),
docs/performance.md (the report) and a short summary next to the results.
Ratios are computed from the same run only. Exit 1 when a budget is missed.

usage: report.py RESULTS.json BENCH.json REPORT.md
"""
import datetime
import json
import os
import statistics
import sys

# ---- budgets (issue 15): relative to the floor and the browser measured in the same run ----
FIRST_FRAME_VS_FLOOR = 1.3      # Accord's first frame within 1.3x of the floor's
FIRST_FRAME_VS_BROWSER = 5.0    # and at least 5x faster than the browser kiosk's
PSS_VS_FLOOR = 2.0              # idle PSS within 2x of the floor's
PSS_VS_BROWSER = 15.0           # and at least 15x below the browser kiosk's
IDLE_CPU_PCT = 0.05             # idle CPU, percent of one core, attract and question screens
IDLE_WAKEUPS = 0                # wake-ups of any thread while nothing is due
TAP_VS_FLOOR = 2.0              # tap -> changed frame within 2x of the floor's
REPEAT_FRAME_MIR = 8.0          # million instructions, any repeat full redraw at 800x480
FIRST_FRAME_MIR = 30.0          # million instructions, any first (cold) redraw at 800x480
QR_MS = 5.0                     # QR encode + draw of the largest page

# ---- the Raspberry Pi estimate: instructions / (IPC x clock). Assumed IPC for
# this code (software rendering: memory-bound fills and blends, font rasteriser)
# on an in-order Cortex-A53 and an out-of-order Cortex-A72; the x86-64
# instruction count stands in for the AArch64 one (similar for this code).
PI = [("Raspberry Pi 3 (Cortex-A53, 1.2 GHz)", 1.2e9, 0.6), ("Raspberry Pi 4 (Cortex-A72, 1.5 GHz)", 1.5e9, 1.2)]

NAMES = ("accord", "browser", "floor")
LABEL = {"accord": "Accord", "browser": "Chromium kiosk", "floor": "minimal SDL2 (floor)"}
MIB = 1024 * 1024


def mmm(xs):
    xs = [x for x in xs if x is not None]
    if not xs:
        return None
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs), "n": len(xs)}


def fmt(v, unit="", nd=1):
    if v is None:
        return "n/a"
    return ("%." + str(nd) + "f%s") % (v, unit)


def fmt_mmm(m, unit="", nd=1):
    if not m:
        return "n/a"
    return "%s (%s–%s)" % (fmt(m["median"], unit, nd), fmt(m["min"], "", nd), fmt(m["max"], "", nd))


def main():
    res = json.load(open(sys.argv[1]))
    out_json, out_md = sys.argv[2], sys.argv[3]
    fig, checks = {}, []

    def check(name, ok, value, budget):
        checks.append({"budget": name, "ok": bool(ok), "value": value, "limit": budget})

    # start
    ff = {n: mmm(res.get("first_frame_ms", {}).get(n, [])) for n in NAMES}
    fig["first_frame_ms"] = ff
    rd = {n: mmm(res.get("ready_ms", {}).get(n, [])) for n in NAMES}
    fig["ready_ms"] = rd
    # memory (whole process tree after 5 s idle)
    pss = {n: mmm([m["pss"] / MIB for m in res.get("memory", {}).get(n, [])]) for n in NAMES}
    rss = {n: mmm([m["rss"] / MIB for m in res.get("memory", {}).get(n, [])]) for n in NAMES}
    procs = {n: max([m["processes"] for m in res.get("memory", {}).get(n, [])] or [0]) for n in NAMES}
    fig["pss_mib"], fig["rss_mib"], fig["processes"] = pss, rss, procs
    # taps: every tap of every run; medians per contender and, for Accord, per kind of screen
    taps = {n: [t["ms"] for run in res.get("taps", {}).get(n, []) for t in run] for n in NAMES}
    fig["tap_ms"] = {n: mmm(taps[n]) for n in NAMES}
    kinds = {}
    for run in res.get("taps", {}).get("accord", []):
        for t in run:
            kinds.setdefault(t["what"].split(":")[0], []).append(t["ms"])
    fig["accord_tap_ms_by_screen"] = {k: mmm(v) for k, v in kinds.items()}
    fig["capture_ms"] = mmm([t["capture_ms"] for n in NAMES for run in res.get("taps", {}).get(n, []) for t in run])
    # idle
    fig["idle"] = res.get("idle", {})
    # frames
    fir = res.get("frame_ir", {})
    frames = {}
    for size, parts in fir.items():
        screens = {}
        for key, ir in parts.items():
            scr, _, kind = key.rpartition(":")
            screens.setdefault(scr, {})[kind] = ir
        frames[size] = screens
    fig["frame_ir"] = frames
    # QR
    qr = res.get("qr")
    hd = mmm(res.get("handoff_draw_ms", []))
    fig["qr"] = {"encode": qr, "handoff_draw_ms": hd}
    fig["cold_read_mib"] = {n: v / MIB for n, v in res.get("cold_read", {}).items()}
    inst = res.get("installed", {})
    fig["installed_mib"] = {n: {k: v / MIB for k, v in parts.items()} for n, parts in inst.items()}

    # ---- budgets
    def med(d, n):
        return d[n]["median"] if d.get(n) else None

    a, f, b = med(ff, "accord"), med(ff, "floor"), med(ff, "browser")
    if a and f:
        check("first frame within %.1fx of the floor" % FIRST_FRAME_VS_FLOOR, a <= FIRST_FRAME_VS_FLOOR * f,
              "%.2fx (%.0f vs %.0f ms)" % (a / f, a, f), "%.1fx" % FIRST_FRAME_VS_FLOOR)
    if a and b:
        check("first frame >= %.0fx faster than the browser kiosk" % FIRST_FRAME_VS_BROWSER, b / a >= FIRST_FRAME_VS_BROWSER,
              "%.1fx (%.0f vs %.0f ms)" % (b / a, b, a), "%.0fx" % FIRST_FRAME_VS_BROWSER)
    a, f, b = med(pss, "accord"), med(pss, "floor"), med(pss, "browser")
    if a and f:
        check("idle PSS within %.0fx of the floor" % PSS_VS_FLOOR, a <= PSS_VS_FLOOR * f,
              "%.2fx (%.1f vs %.1f MiB)" % (a / f, a, f), "%.0fx" % PSS_VS_FLOOR)
    if a and b:
        check("idle PSS >= %.0fx below the browser kiosk" % PSS_VS_BROWSER, b / a >= PSS_VS_BROWSER,
              "%.1fx (%.0f vs %.1f MiB)" % (b / a, b, a), "%.0fx" % PSS_VS_BROWSER)
    for scr, m in res.get("idle", {}).get("accord", {}).items():
        check("idle CPU on the %s screen < %.2f%% of a core" % (scr, IDLE_CPU_PCT), m["cpu_pct"] < IDLE_CPU_PCT,
              "%.3f%%" % m["cpu_pct"], "%.2f%%" % IDLE_CPU_PCT)
        check("no wake-up on the %s screen while nothing is due (%.0f s)" % (scr, m["seconds"]),
              m["wakeups"] <= IDLE_WAKEUPS, "%d" % m["wakeups"], "%d" % IDLE_WAKEUPS)
    a, f = med(fig["tap_ms"], "accord"), med(fig["tap_ms"], "floor")
    if a and f:
        check("tap -> changed frame within %.0fx of the floor" % TAP_VS_FLOOR, a <= TAP_VS_FLOOR * f,
              "%.2fx (%.1f vs %.1f ms)" % (a / f, a, f), "%.0fx" % TAP_VS_FLOOR)
    small = frames.get("800x480", {})
    if small:
        worst_r = max(small.items(), key=lambda kv: kv[1].get("repeat", 0))
        worst_f = max(small.items(), key=lambda kv: kv[1].get("first", 0))
        check("every repeat full redraw at 800x480 <= %.0f M instructions" % REPEAT_FRAME_MIR,
              worst_r[1].get("repeat", 0) / 1e6 <= REPEAT_FRAME_MIR,
              "%.1f M (%s)" % (worst_r[1].get("repeat", 0) / 1e6, worst_r[0]), "%.0f M" % REPEAT_FRAME_MIR)
        check("every first (cold) redraw at 800x480 <= %.0f M instructions" % FIRST_FRAME_MIR,
              worst_f[1].get("first", 0) / 1e6 <= FIRST_FRAME_MIR,
              "%.1f M (%s)" % (worst_f[1].get("first", 0) / 1e6, worst_f[0]), "%.0f M" % FIRST_FRAME_MIR)
    if qr and hd:
        total = qr["encode_ms_median"] + hd["median"]
        check("QR encode + draw of the largest page < %.0f ms" % QR_MS, total < QR_MS,
              "%.2f ms (encode %.2f + handoff frame %.2f)" % (total, qr["encode_ms_median"], hd["median"]),
              "%.0f ms" % QR_MS)
    missing = [n for n in ("first_frame_ms", "memory", "taps", "idle", "frame_ir", "qr") if n not in res]
    partial = bool(missing)

    ok = all(c["ok"] for c in checks) and not partial
    doc = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "machine": res.get("machine"), "versions": res.get("versions"), "runs": res.get("runs"),
           "figures": fig, "budgets": checks, "all_met": ok, "missing": missing, "notes": res.get("notes", []),
           "raw": res}
    os.makedirs(os.path.dirname(out_json) or ".", exist_ok=True)
    with open(out_json, "w") as fo:
        json.dump(doc, fo, indent=1)

    # ---- the report
    L = []
    m = res.get("machine", {})
    v = res.get("versions", {})
    L.append("# Performance\n")
    L.append("Written by `make bench` (bench/bench.sh → bench/run.py → bench/report.py) on %s; the same figures are in "
             "`build/bench.json`. Do not edit by hand: run `make bench`. Not part of `make test`.\n" % doc["date"][:10])
    L.append("Three contenders, measured in one run on one Xvfb display (800x480x24) under one window manager "
             "(%s), run by run in turn (Accord, browser, floor, Accord, …), %s measured runs each after a warm-up; "
             "figures are median (min–max). Ratios come from this run only.\n" % (v.get("window manager", "?"), res.get("runs")))
    L.append("- **Accord** %s: `build/accord`, its real start-up (every built-in form, tests/data/screens.conf)." % v.get("accord", ""))
    L.append("- **Chromium kiosk** (%s): `chromium --kiosk` showing `bench/kiosk.html`, the same screens in plain HTML/CSS, "
             "with a warm profile and everything optional switched off (generous to the browser)." % v.get("chromium", "?"))
    L.append("- **Floor**: `bench/floor.c`, a minimal SDL2 + SDL2_ttf program drawing the same screens with the same "
             "font and render path: the least an SDL kiosk can cost.")
    L.append("- Machine: %s, %s cores, %s GiB, kernel %s; load average %s at the start, %s at the end (other work "
             "shared the machine: the interleaving spreads it over all three). SDL2 %s, SDL2_ttf %s.\n"
             % (m.get("cpu"), m.get("cores"), m.get("memory_gib"), m.get("kernel"),
                " ".join("%.1f" % x for x in m.get("load_at_start", [])),
                " ".join("%.1f" % x for x in res.get("load_at_end", [])), v.get("libsdl2"), v.get("libsdl2-ttf")))
    L.append("## Budgets\n")
    L.append("| budget | measured | limit | |")
    L.append("|---|---|---|---|")
    for c in checks:
        L.append("| %s | %s | %s | %s |" % (c["budget"], c["value"], c["limit"], "ok" if c["ok"] else "**MISSED**"))
    if missing:
        L.append("\nNot measured in this run: %s (the bench fails until every figure is there)." % ", ".join(missing))
    L.append("\n## Side by side\n")
    L.append("| figure | %s |" % " | ".join(LABEL[n] for n in NAMES))
    L.append("|---|---|---|---|")
    L.append("| exec → first complete frame on the display (ms) | %s |" % " | ".join(fmt_mmm(ff[n], "", 0) for n in NAMES))
    L.append("| exec → ready for a tap: its \"ready\" line on stderr (ms) | %s |" % " | ".join(
        fmt_mmm(rd[n], "", 0) if n != "browser" else "—" for n in NAMES))
    L.append("| PSS of the process tree after 5 s idle (MiB) | %s |" % " | ".join(fmt_mmm(pss[n]) for n in NAMES))
    L.append("| RSS of the process tree after 5 s idle (MiB) | %s |" % " | ".join(fmt_mmm(rss[n]) for n in NAMES))
    L.append("| processes | %s |" % " | ".join(str(procs[n]) for n in NAMES))
    idle = res.get("idle", {})
    for scr in ("attract", "question"):
        L.append("| idle CPU, %s screen, %.0f s (%% of a core; wake-ups) | %s |" % (
            scr, res.get("idle_seconds", 30),
            " | ".join("%.3f%%; %d" % (idle[n][scr]["cpu_pct"], idle[n][scr]["wakeups"]) if idle.get(n, {}).get(scr)
                       else "n/a" for n in NAMES)))
    L.append("| tap → changed frame, every tap of every run (ms) | %s |" % " | ".join(fmt_mmm(fig["tap_ms"][n]) for n in NAMES))
    cr = fig["cold_read_mib"]
    L.append("| storage read by a cold start (MiB, page cache dropped) | %s |" % " | ".join(fmt(cr.get(n)) for n in NAMES))
    L.append("| installed size (MiB): program, data, libraries beyond libc | %s |" % " | ".join(
        fmt(sum(fig["installed_mib"].get(n, {}).values()) or None) for n in NAMES))
    L.append("\nAccord shows its attract screen before it parses the forms and opens the database (app.c, "
             "show_attract_early): the first frame needs only the settings and the UI strings. A tap in between "
             "waits in SDL's queue until it is ready; both times are in the table.")
    L.append("\nA tap is an XTest click; xprobe then reads the root window back until a pixel changes, so each time is "
             "late by up to one capture (median capture %s ms). The floor and the browser tap the same kinds of "
             "targets (start, a 0–10 answer, Next)." % fmt(fig["capture_ms"]["median"] if fig["capture_ms"] else None, "", 1))
    L.append("\n## Accord: tap → changed frame by screen\n")
    L.append("| tap | ms |")
    L.append("|---|---|")
    for k, mm in fig["accord_tap_ms_by_screen"].items():
        L.append("| %s | %s |" % (k, fmt_mmm(mm)))
    L.append("\n## Accord: instructions per full redraw (callgrind)\n")
    L.append("Every screen of the screenshot tour (tests/scripts/screens.script.in), drawn cold (rendered text "
             "forgotten first: what a screen's first frame costs) and again (a repeat frame). Millions of "
             "instructions; the estimated frame times assume %s.\n" % "; ".join(
                 "%s IPC %.1f" % (p[0], p[2]) for p in PI))
    sizes = sorted(frames)
    hdr = "| screen | " + " | ".join("%s first | %s repeat" % (s, s) for s in sizes) + " | " + \
        " | ".join("%s, 800x480 repeat (ms)" % p[0].split(" (")[0] for p in PI) + " |"
    L.append(hdr)
    L.append("|---" * (1 + 2 * len(sizes) + len(PI)) + "|")
    for scr in (frames.get("800x480") or {}):
        row = [scr]
        for s in sizes:
            d = frames[s].get(scr, {})
            row += [fmt(d.get("first", 0) / 1e6), fmt(d.get("repeat", 0) / 1e6)]
        rep = frames["800x480"][scr].get("repeat", 0)
        row += ["%.1f" % (rep / (clk * ipc) * 1e3) for _, clk, ipc in PI]
        L.append("| " + " | ".join(row) + " |")
    if qr:
        L.append("\nLargest QR page: %d bytes, version %d (%d modules), encoded by the kiosk's export/qr.c in %s ms "
                 "(median of 200; min %.2f, max %.2f); the handoff screen showing it redraws in %s ms (median of %d)."
                 % (qr["bytes"], qr["version"], qr["modules"], fmt(qr["encode_ms_median"], "", 2), qr["encode_ms_min"],
                    qr["encode_ms_max"], fmt(hd["median"] if hd else None, "", 2), hd["n"] if hd else 0))
    L.append("\n## Installed size (MiB)\n")
    L.append("| part | %s |" % " | ".join(LABEL[n] for n in NAMES))
    L.append("|---|---|---|---|")
    keys = []
    for n in NAMES:
        for k in fig["installed_mib"].get(n, {}):
            if k not in keys:
                keys.append(k)
    for k in keys:
        L.append("| %s | %s |" % (k, " | ".join(fmt(fig["installed_mib"].get(n, {}).get(k)) for n in NAMES)))
    L.append("\nCounted alike for all three: the program file (for the browser its whole directory), its data, the "
             "fonts, and every shared library `ldd` lists except libc and its companions.")
    top = res.get("top_mappings", {})
    if top.get("accord"):
        L.append("\n## Where Accord's idle memory is (PSS by mapping, last run)\n")
        L.append("| mapping | PSS (MiB) | floor's |")
        L.append("|---|---|---|")
        fl = dict(top.get("floor", []))
        for name, p in top["accord"]:
            L.append("| %s | %.2f | %s |" % (name, p / MIB, "%.2f" % (fl[name] / MIB) if name in fl else ""))
    if res.get("notes"):
        L.append("\n## Notes from this run\n")
        L += ["- " + n for n in res["notes"]]
    L.append("\n## How it measures\n")
    L.append("- First frame: xprobe polls the root window from before the exec until its pixels equal the "
             "contender's finished first screen (learned in the warm-up run).")
    L.append("- Memory: PSS and RSS from /proc/PID/smaps_rollup summed over every process of the contender's session "
             "and their descendants, 5 s after the exec.")
    L.append("- Idle CPU: CPU time of every thread (/proc/PID/task/*/schedstat, nanoseconds) and their context "
             "switches (wake-ups) over the idle window, after 5 s of rest on the screen.")
    L.append("- Instructions: `valgrind --tool=callgrind` on a headless tour; the script's `redraw NAME [cold]` "
             "command dumps the cost of exactly one frame (callgrind client requests).")
    L.append("- Cold start: the page cache is dropped (`/proc/sys/vm/drop_caches`), then `read_bytes` of "
             "/proc/PID/io summed over the tree once the first screen is up.")
    with open(out_md, "w") as fo:
        fo.write("\n".join(L) + "\n")

    S = ["bench: %s %s" % ("ok    " if c["ok"] else "MISSED", "%s: %s (limit %s)" % (c["budget"], c["value"], c["limit"]))
         for c in checks]
    if missing:
        S.append("bench: not measured: " + ", ".join(missing))
    with open(os.path.join(os.path.dirname(sys.argv[1]), "summary.txt"), "w") as fo:
        fo.write("\n".join(S) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
