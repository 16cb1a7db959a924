#!/usr/bin/env python3
"""tools/bench/report.py - turns build/bench/results.json into the bench report.

  report.py RESULTS REPORT.md        write the report; exit 1 if a budget is broken
  report.py --docs RESULTS DOC.md    write docs/performance.md (figures + budgets)

Budgets come from the environment (BUDGET_*), set in tools/bench.sh.
"""
import json
import os
import statistics
import sys
import time

MIB = 1024 * 1024
docs = sys.argv[1] == "--docs"
args = sys.argv[2:] if docs else sys.argv[1:]
R = json.load(open(args[0]))


def B(name):
    return float(os.environ["BUDGET_" + name])


def med(xs):
    return statistics.median(xs) if xs else None


def f_ms(x):
    return "–" if x is None else ("%.0f ms" % x if x >= 10 else "%.1f ms" % x)


def f_mib(b):
    return "–" if b is None else "%.1f MiB" % (b / MIB)


rows, broken = [], []


def row(what, value, shown, budget=None, shown_budget="", chromium="", sdl="", lower_ok=True):
    """value is compared with budget (value < budget passes)"""
    if budget is None:
        verdict = ""
    elif value is None:
        verdict = "not measured"
        broken.append(what)
    elif value < budget:
        verdict = "ok"
    else:
        verdict = "**OVER**"
        broken.append(what)
    rows.append((what, shown, shown_budget, verdict, chromium, sdl))


runs = len(R.get("window_ready_ms", []))
ready = med(R.get("window_ready_ms"))
pixels = med(R.get("window_pixels_ms"))
row("exec → `accord: ready`, window 800x480 (median of %d)" % runs, ready, f_ms(ready),
    B("READY_MS"), "< %d ms" % B("READY_MS"), "828 ms (cold 952)", "148 ms (cold 178)¹")
row("exec → attract screen complete on the display (median of %d)" % len(R.get("window_pixels_ms", [])),
    pixels, f_ms(pixels), B("PIXELS_MS"), "< %d ms" % B("PIXELS_MS"), "828 ms", "148 ms¹")
hs = med(R.get("headless_shot_ms"))
row("headless exec → screenshot → exit (median of %d)" % len(R.get("headless_shot_ms", [])), hs, f_ms(hs),
    B("HEADLESS_SHOT_MS"), "< %d ms" % B("HEADLESS_SHOT_MS"), "820–1210 ms", "30–33 ms")
row("PSS, idle on attract after 2 s", R.get("idle_pss"), f_mib(R.get("idle_pss")) + " (RSS %s)" % f_mib(R.get("idle_rss")),
    B("IDLE_PSS_MIB") * MIB, "< %d MiB" % B("IDLE_PSS_MIB"), "380 MiB in 13 processes", "10.7 MiB")
row("PSS after a visit by clicks (%s steps, ends on the QR handoff)" % R.get("walk_steps", "?"), R.get("walk_pss"),
    f_mib(R.get("walk_pss")), B("VISIT_PSS_MIB") * MIB, "< %d MiB" % B("VISIT_PSS_MIB"), "", "")
row("peak RSS, headless screenshot tour (every screen, %s)" % f_ms(R.get("tour_ms")), R.get("tour_maxrss"),
    f_mib(R.get("tour_maxrss")), B("TOUR_RSS_MIB") * MIB, "< %d MiB" % B("TOUR_RSS_MIB"), "", "")
cpu = R.get("idle_cpu_pct")
row("idle CPU, window on attract for %.0f s" % R.get("idle_seconds", 10), cpu,
    "–" if cpu is None else "%.2f%% of a core (%.1f wakeups/s)" % (cpu, R.get("idle_wakeups_per_s", 0)),
    B("IDLE_CPU_PCT"), "< %g%%" % B("IDLE_CPU_PCT"), "0.27%", "0.01%")
ok = R.get("idle_frames_ok")
row("headless: 300 virtual s on attract draw ≤ 2 frames", 0 if ok else 1, "pass" if ok else "FAIL: " + R.get("idle_frames_msg", ""),
    1, "pass", "", "")
taps = [t["ms"] for t in R.get("taps", [])]
cap = med([t["capture_ms"] for t in R.get("taps", [])])
tap = med(taps)
row("click → first changed frame on the display (median of %d, max %s)²" % (len(taps), f_ms(max(taps) if taps else None)),
    tap, f_ms(tap), B("TAP_MS"), "< %d ms" % B("TAP_MS"), "7.7 ms", "2.1 ms")
ht = R.get("headless_tap_ms")
row("headless render per tap (pressed + released frame; 50 taps)", ht, f_ms(ht),
    B("HEADLESS_TAP_MS"), "< %d ms" % B("HEADLESS_TAP_MS"), "", "")
sr = R.get("start_read") or []
rd = med([s["rchar"] + s["file_rss"] for s in sr]) if sr else None
rb = med([s["read_bytes"] for s in sr]) if sr else None
row("storage read by ready: read() bytes + file pages mapped³", rd,
    "%s (read() %s, block I/O now %s)" % (f_mib(rd), f_mib(med([s["rchar"] for s in sr]) if sr else None), f_mib(rb)),
    B("START_READ_MIB") * MIB, "< %d MiB" % B("START_READ_MIB"), "359 MiB cold", "15 MiB cold")
ir = R.get("callgrind_ir")
row("instructions, headless one-shot screenshot (callgrind)", ir,
    "–" if ir is None else "%.0f M (%.1f s under valgrind)" % (ir / 1e6, R.get("callgrind_s", 0)),
    B("CALLGRIND_MIR") * 1e6 if ir is not None else None, "< %d M" % B("CALLGRIND_MIR"), "", "")

findings = []
top = R.get("idle_top", [])
names = " ".join(n for n, _ in top)
if "libLLVM" in names or "swrast" in names or "llvmpipe" in names:
    gl = sum(v for n, v in top if "LLVM" in n or "dri" in n or "swrast" in n)
    findings.append("Mesa software OpenGL is loaded by the windowed app (%s of PSS in libLLVM/swrast_dri among the top "
                    "mappings). With SDL's software renderer on X11, SDL still builds the window framebuffer through "
                    "OpenGL unless `SDL_HINT_FRAMEBUFFER_ACCELERATION` is \"0\" (see the performance notes); setting it "
                    "before SDL_CreateWindow removes that cost from memory, start time and start-up reads (this bench run by hand "
                    "with SDL_FRAMEBUFFER_ACCELERATION=0 in the environment measured 9.6 MiB idle PSS, 59 ms to ready, "
                    "143 ms to the complete attract screen, 15.2 MiB read at start: every budget met)." % f_mib(gl))
if ready is not None and pixels is not None and pixels - ready > 50:
    findings.append("`accord: ready` (printed after the first frame is presented) comes %s before the attract screen "
                    "is complete on the display: the rest is the X server and the read-back loop catching up, "
                    "not the app; on KMSDRM there is no X server between present and the panel." % f_ms(pixels - ready))
if cpu is not None and cpu >= B("IDLE_CPU_PCT"):
    findings.append("Idle CPU over budget: something redraws or polls while nothing changes.")
if not ok:
    findings.append("The attract screen keeps drawing frames while idle (headless frame counter).")
for n in R.get("notes", []):
    findings.append(n)

L = []
if docs:
    L += ["# Performance", "",
          "What `make bench` (tools/bench.sh) measures, its budgets, and the latest figures. The budgets live in "
          "tools/bench.sh; the bench fails (exit 1) when one is broken. It is not part of `make test`. Refresh this "
          "page with `BENCH_UPDATE_DOCS=1 make bench`.", ""]
else:
    L += ["# Accord bench report", ""]
L += ["Measured %s on %d cores; Xvfb 800x480x24, no window manager, SDL's software renderer (the app's default on X11). "
      "Chromium and minimal-SDL2 figures are as measured in the team's performance notes "
      "(shared/notes/performance.md: Xvfb 1280x800 with a window manager, one questionnaire screen, median of 5)."
      % (time.strftime("%Y-%m-%d"), os.cpu_count() or 0), "",
      "| figure | Accord | budget | | Chromium kiosk | minimal SDL2 |", "|---|---|---|---|---|---|"]
for r in rows:
    L.append("| %s |" % " | ".join(r))
L += ["",
      "¹ The notes' SDL2 figure is full screen under a window manager (about 100 ms of it waiting for the WM; a plain "
      "window took 38 ms); the bench uses a plain 800x480 window with no WM, as on the kiosk.",
      "² XTest click, then the root window is read back (XGetImage) until a pixel changes: an upper bound, late by up to "
      "one capture (%s here). The first changed frame is the next screen, or the pressed state when the tap is on "
      "the same screen." % f_ms(cap),
      "³ With a warm page cache the block I/O (`read_bytes`) is ~0, so the bench counts what a cold start would have "
      "to read: `rchar` (read() calls: config, content, fonts, database) plus the file-backed resident pages "
      "(libraries, mapped fonts) at the moment of `accord: ready`.", ""]
if findings:
    L += ["## Findings", ""] + ["- " + f for f in findings] + [""]
L += ["## Where the idle memory is (PSS by mapping)", "", "| mapping | PSS |", "|---|---|"]
L += ["| %s | %s |" % (n, f_mib(v)) for n, v in top]
if R.get("taps"):
    L += ["", "## Clicks of the windowed visit", "", "| click | → changed frame |", "|---|---|"]
    L += ["| %s | %s |" % (t["what"], f_ms(t["ms"])) for t in R["taps"]]
if docs:
    L += ["", "## How it measures", "",
          "- Start: exec until the `accord: ready` line on stderr (printed by the first loop tick); and separately "
          "exec until the whole attract screen is on the display (xprobe polls the root window from before the exec "
          "until it matches the attract frame of a warm-up run). Database already created, page cache warm.",
          "- Memory: PSS/RSS from /proc/PID/smaps_rollup; the visit is ten XTest clicks at fixed 800x480 positions "
          "on the PEG-only config (tests/data/peg-only.conf), each checked to change the screen; the tour is "
          "tests/scripts/screens.script.in under `/usr/bin/time -v`.",
          "- Idle CPU: utime+stime from /proc/PID/stat over 10 s; wakeups from voluntary context switches.",
          "- Headless: tests/scripts/bench-idle.script (frame counter), bench-taps.script minus "
          "bench-taps-base.script (render per tap), `valgrind --tool=callgrind` on a one-line `shot` script.",
          "- Helpers: tools/bench/xprobe.c (built by the bench; -lX11 -lXtst), tools/bench/run.py (measures), "
          "tools/bench/report.py (this page). Every process started is stopped by a trap."]
L.append("")
with open(args[1], "w") as f:
    f.write("\n".join(L))
sys.exit(0 if docs or not broken else 1)
