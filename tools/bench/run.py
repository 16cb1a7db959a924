#!/usr/bin/env python3
"""tools/bench/run.py - the measurements behind `make bench` (python3 stdlib).

Called by tools/bench.sh, which installs the tools, builds the xprobe helper,
starts Xvfb and owns the budgets. This script only measures and writes one
JSON file of figures (and lists every PID it starts in PIDFILE so that the
shell's trap can end them if this script is killed).

usage: run.py ACCORD OUTDIR   (env: DISPLAY, XPROBE, PIDFILE, BENCH_RUNS)
"""
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import time

ACCORD, OUT = sys.argv[1], sys.argv[2]
XPROBE = os.environ["XPROBE"]
PIDFILE = os.environ.get("PIDFILE", os.path.join(OUT, "pids"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SIZE = "800x480"
FULL = "tests/data/screens.conf"      # every built-in form: the real start-up load
PEG = "tests/data/peg-only.conf"      # short visit with a stable layout for clicks
TICK = os.sysconf("SC_CLK_TCK")
MIB = 1024 * 1024

children = []
res = {"notes": []}


def note(s):
    res["notes"].append(s)
    print("bench: " + s, file=sys.stderr)


def write_pids():
    with open(PIDFILE, "w") as f:
        f.write("".join("%d\n" % c.pid for c in children if c.returncode is None))


def track(p):
    children.append(p)
    write_pids()
    return p


def stop(p):
    """every child leads its own process group (start_new_session): the group goes"""
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(3)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        except ProcessLookupError:
            p.wait()
    write_pids()          # the shell's trap must never signal a reaped (reusable) PID


def stop_all(*_):
    for p in children:
        stop(p)
    if _:
        sys.exit(1)


signal.signal(signal.SIGTERM, stop_all)
signal.signal(signal.SIGINT, stop_all)


def ms(ns):
    return ns / 1e6


def median(xs):
    return statistics.median(xs) if xs else None


def rollup(pid):
    d = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if v.strip().endswith("kB"):
                d[k] = int(v.split()[0]) * 1024
    return d


def top_mappings(pid, n=6):
    tot, name = {}, None
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            first = line.split(None, 5)
            if "-" in first[0] and ":" not in first[0]:
                name = first[5].strip() if len(first) > 5 else "[anon]"
                name = os.path.basename(name) if name.startswith("/") else name
            elif line.startswith("Pss:"):
                tot[name] = tot.get(name, 0) + int(line.split()[1]) * 1024
    return sorted(tot.items(), key=lambda kv: -kv[1])[:n]


def proc_io(pid):
    d = {}
    with open("/proc/%d/io" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            d[k] = int(v)
    return d


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        s = f.read()
    fields = s[s.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12])     # utime + stime


def wakeups(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("voluntary_ctxt_switches"):
                return int(line.split()[1])
    return 0


def run(argv, timeout):
    """subprocess.run, but tracked so that a killed bench leaves nothing behind"""
    p = track(subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True))
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(p)
        raise
    write_pids()
    return subprocess.CompletedProcess(argv, p.returncode, out, err)


def xprobe(*args, timeout=10):
    r = run([XPROBE] + [str(a) for a in args], timeout)
    return r.returncode, r.stdout.strip()


def start_window(conf, data, extra_env=None):
    """exec the windowed app; returns (proc, t_exec_ns, t_ready_ns, at_ready)"""
    env = dict(os.environ)
    env.pop("SDL_RENDER_DRIVER", None)
    env.update(extra_env or {})
    t0 = time.monotonic_ns()
    p = track(subprocess.Popen([ACCORD, "--size", SIZE, "--data", data, "--assets", "assets", "--config", conf],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                               start_new_session=True))
    buf, end = b"", time.monotonic() + 10
    while b"accord: ready" not in buf:
        if p.poll() is not None or time.monotonic() > end:
            stop(p)
            raise RuntimeError("accord did not print 'accord: ready': " + buf.decode(errors="replace")[-500:])
        r, _, _ = select.select([p.stderr], [], [], 0.5)
        if r:
            buf += os.read(p.stderr.fileno(), 4096)
    t1 = time.monotonic_ns()
    at_ready = {"io": proc_io(p.pid), "mem": rollup(p.pid)}
    return p, t0, t1, at_ready


def drain(p):
    """keep reading stderr so that a chatty app never blocks on a full pipe"""
    try:
        while select.select([p.stderr], [], [], 0)[0]:
            if not os.read(p.stderr.fileno(), 65536):
                break
    except (OSError, ValueError):
        pass


def headless(script, conf, data, wrap=(), timeout=120):
    t0 = time.monotonic_ns()
    r = run(list(wrap) + [ACCORD, "--headless", "--script", script, "--size", SIZE, "--data", data,
                          "--assets", "assets", "--config", conf], timeout)
    return r, ms(time.monotonic_ns() - t0)


# ---------------------------------------------------------------- windowed
def windowed():
    data = os.path.join(OUT, "data-window")
    shutil.rmtree(data, ignore_errors=True)
    # warm-up run: creates the database and learns what the attract screen looks like
    p, _, _, _ = start_window(FULL, data)
    time.sleep(1.0)
    _, ref = xprobe("hash")
    stop(p)
    time.sleep(0.2)
    _, blank = xprobe("hash")
    if ref == blank:
        note("the window showed nothing after 1 s (all pixels as without it)")

    ready, pixels, reads = [], [], []
    for _ in range(RUNS):
        p, t0, t1, at = start_window(FULL, data)
        ready.append(ms(t1 - t0))
        m = at["mem"]
        reads.append({"rchar": at["io"]["rchar"], "read_bytes": at["io"]["read_bytes"],
                      "file_rss": m.get("Rss", 0) - m.get("Anonymous", 0)})
        stop(p)
        time.sleep(0.15)
    for _ in range(RUNS):
        # xprobe polls from before the exec until the attract screen is complete on the display
        w = track(subprocess.Popen([XPROBE, "wait", ref, "5000"], stdout=subprocess.PIPE, text=True,
                                   start_new_session=True))
        time.sleep(0.05)
        p, t0, _, _ = start_window(FULL, data)
        out, _ = w.communicate(timeout=10)
        write_pids()
        if w.returncode == 0:
            pixels.append(ms(int(out) - t0))
        stop(p)
        time.sleep(0.15)
    res["window_ready_ms"] = ready
    res["window_pixels_ms"] = pixels
    res["start_read"] = reads

    # idle: PSS after 2 s on the attract screen, then 10 s of CPU
    p, _, _, _ = start_window(FULL, data)
    time.sleep(2.0)
    drain(p)
    m = rollup(p.pid)
    res["idle_pss"] = m["Pss"]
    res["idle_rss"] = m["Rss"]
    res["idle_top"] = top_mappings(p.pid)
    c0, w0, t0 = cpu_ticks(p.pid), wakeups(p.pid), time.monotonic()
    time.sleep(10.0)
    c1, w1, t1 = cpu_ticks(p.pid), wakeups(p.pid), time.monotonic()
    res["idle_cpu_pct"] = 100.0 * (c1 - c0) / TICK / (t1 - t0)
    res["idle_wakeups_per_s"] = (w1 - w0) / (t1 - t0)
    res["idle_seconds"] = t1 - t0
    stop(p)

    # a visit by clicks (PEG only: attract, language, intro, 3 questions, review, handoff)
    walk = [("attract: touch to start", 400, 240), ("language: English", 400, 160), ("intro: Start", 735, 440),
            ("PEG 1: answer 7", 534, 229), ("Next", 735, 440), ("PEG 2: answer 5", 393, 264), ("Next", 735, 440),
            ("PEG 3: answer 6", 464, 264), ("Next", 735, 440), ("review: Done", 735, 440)]
    data = os.path.join(OUT, "data-walk")
    shutil.rmtree(data, ignore_errors=True)
    p, _, _, _ = start_window(PEG, data)
    time.sleep(0.6)
    taps, done = [], 0
    for label, x, y in walk:
        rc, out = xprobe("click", x, y, 2000)
        f = out.split()
        if rc == 0:
            taps.append({"what": label, "ms": float(f[0]), "capture_ms": float(f[1])})
            done += 1
        else:
            note("windowed visit: the click on '%s' at %d,%d changed nothing; the visit stopped there" % (label, x, y))
            break
        time.sleep(0.45)       # the app ignores a tap within 350 ms of a screen change
        drain(p)
    time.sleep(1.0)
    drain(p)
    m = rollup(p.pid)
    res["walk_steps"] = "%d of %d" % (done, len(walk))
    res["walk_pss"] = m["Pss"]
    res["walk_rss"] = m["Rss"]
    res["taps"] = taps
    stop(p)


# ---------------------------------------------------------------- headless
def headless_all():
    data = os.path.join(OUT, "data-headless")
    shutil.rmtree(data, ignore_errors=True)
    shot = os.path.join(OUT, "shot.script")
    with open(shot, "w") as f:
        f.write("shot %s\n" % os.path.join(OUT, "shot.png"))
    headless(shot, FULL, data)                      # warm-up (creates the database)
    times = []
    for _ in range(RUNS):
        r, t = headless(shot, FULL, data)
        if r.returncode != 0:
            raise RuntimeError("headless shot failed: " + r.stderr[-500:])
        times.append(t)
    res["headless_shot_ms"] = times

    # peak RSS of the screenshot tour (every screen, QR handoff included)
    tourdir = os.path.join(OUT, "tour")
    os.makedirs(tourdir, exist_ok=True)
    with open("tests/scripts/screens.script.in") as f:
        s = f.read()
    for k, v in (("@DIR@", tourdir), ("@LANG@", "en"), ("@SIZE@", SIZE), ("@LANGNAME@", "English")):
        s = s.replace(k, v)
    # a memory figure, not a layout test (make test checks layouts)
    s = "".join(l for l in s.splitlines(True) if l.strip() != "layout-ok")
    tour = os.path.join(OUT, "tour.script")
    with open(tour, "w") as f:
        f.write(s)
    tdata = os.path.join(OUT, "data-tour")
    shutil.rmtree(tdata, ignore_errors=True)
    tv = os.path.join(OUT, "tour.time")
    r, t = headless(tour, FULL, tdata, wrap=("/usr/bin/time", "-v", "-o", tv))
    if r.returncode != 0:
        note("the screenshot tour stopped early (%s): its peak RSS covers the screens before that"
             % (r.stderr.strip().splitlines() or ["?"])[-1])
    with open(tv) as f:
        for line in f:
            if "Maximum resident set size" in line:
                res["tour_maxrss"] = int(line.split(":")[1]) * 1024
    res["tour_ms"] = t

    # idle frame counter: 300 virtual seconds on attract draw at most 2 frames
    r, _ = headless("tests/scripts/bench-idle.script", FULL, data)
    res["idle_frames_ok"] = r.returncode == 0
    res["idle_frames_msg"] = (r.stderr.strip().splitlines() or [""])[-1] if r.returncode else "at most 2 frames"

    # render time: 50 answer taps minus the same walk without them
    def best(script):
        ts = []
        for _ in range(3):
            d = os.path.join(OUT, "data-taps")
            shutil.rmtree(d, ignore_errors=True)
            r, t = headless(script, PEG, d)
            if r.returncode != 0:
                raise RuntimeError(script + " failed: " + r.stderr[-500:])
            ts.append(t)
        return median(ts)
    base, full = best("tests/scripts/bench-taps-base.script"), best("tests/scripts/bench-taps.script")
    res["headless_tap_ms"] = max(0.0, (full - base) / 50)

    # instruction count of the one-shot screenshot run (repeatable, machine-independent-ish)
    if shutil.which("valgrind") and os.environ.get("BENCH_CALLGRIND", "1") == "1":
        cg = os.path.join(OUT, "callgrind.out")
        try:
            r, t = headless(shot, FULL, data, wrap=("valgrind", "--tool=callgrind", "--callgrind-out-file=" + cg),
                            timeout=120)
            for line in r.stderr.splitlines():
                if "Collected :" in line:
                    res["callgrind_ir"] = int(line.split(":")[-1])
            res["callgrind_s"] = t / 1000
        except subprocess.TimeoutExpired:
            note("callgrind took over 2 minutes: skipped")
    else:
        note("valgrind missing or BENCH_CALLGRIND=0: instruction count skipped")


def main():
    os.makedirs(OUT, exist_ok=True)
    t = time.monotonic()
    try:
        headless_all()
        windowed()
    finally:
        stop_all()
    res["bench_seconds"] = time.monotonic() - t
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
