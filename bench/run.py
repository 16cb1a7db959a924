#!/usr/bin/env python3
"""bench/run.py - the measurements behind `make bench` (python3 stdlib only).

Three contenders on one Xvfb display under one window manager, measured run by
run in turn (A, B, C, A, B, C ...) so that load on a shared machine hits all
of them alike:
  accord   the kiosk (build/accord, its real start-up: every built-in form)
  browser  Debian's chromium --kiosk showing bench/kiosk.html (the same screen)
  floor    bench/floor.c: the least an SDL2 + SDL2_ttf kiosk can cost

bench/bench.sh starts Xvfb and the window manager, builds xprobe and floor and
owns the budgets (bench/report.py checks them). This script only measures and
writes OUT/results.json. Every PID it starts is listed in PIDFILE so that the
shell's trap can end them if this script is killed.

usage: run.py OUT   (env: DISPLAY, ACCORD, FLOOR, XPROBE, PIDFILE, BENCH_RUNS, BENCH_IDLE_S)
"""
import glob
import json
import os
import platform
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

OUT = sys.argv[1]
ACCORD, FLOOR, XPROBE = os.environ["ACCORD"], os.environ["FLOOR"], os.environ["XPROBE"]
PIDFILE = os.environ.get("PIDFILE", os.path.join(OUT, "pids"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
IDLE_S = float(os.environ.get("BENCH_IDLE_S", "30"))
SIZE = "800x480"
FULL = "tests/data/screens.conf"      # every built-in form: the real start-up load
PEG = "tests/data/peg-only.conf"      # a short visit for the clicks
HTML = "file://" + os.path.abspath("bench/kiosk.html")
CHROMIUM = shutil.which("chromium") or "chromium"
MIB = 1024 * 1024
NAMES = ("accord", "browser", "floor")

children = []
res = {"notes": [], "runs": RUNS, "idle_seconds": IDLE_S}


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
    """every child leads its own session and process group: the group goes"""
    if p.poll() is None:
        try:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        except ProcessLookupError:
            p.wait()
    for pid in tree(p.pid):                 # a browser helper that left the group
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
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


# ------------------------------------------------------------ /proc readers
def stat_fields(pid):
    with open("/proc/%d/stat" % pid) as f:
        s = f.read()
    return s[s.rindex(")") + 2:].split()   # fields from 3 (state) on


def tree(root):
    """root and every process descending from it or in its session"""
    parent, sid = {}, {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                f = stat_fields(int(d))
            except (OSError, ValueError):
                continue
            parent[int(d)] = int(f[1])
            sid[int(d)] = int(f[3])
    out = {p for p in parent if sid.get(p) == root}
    if root in parent:
        out.add(root)
    grew = True
    while grew:
        grew = False
        for p, pp in parent.items():
            if pp in out and p not in out:
                out.add(p)
                grew = True
    return sorted(out)


def read_kv(path, unit_kb=False):
    d = {}
    try:
        with open(path) as f:
            for line in f:
                k, _, v = line.partition(":")
                v = v.split()
                if v and v[0].isdigit():
                    d[k] = int(v[0]) * (1024 if unit_kb else 1)
    except OSError:
        pass
    return d


def tree_memory(root):
    pss = rss = 0
    pids = tree(root)
    for pid in pids:
        m = read_kv("/proc/%d/smaps_rollup" % pid, unit_kb=True)
        pss += m.get("Pss", 0)
        rss += m.get("Rss", 0)
    return {"pss": pss, "rss": rss, "processes": len(pids)}


def tree_cpu(root):
    """(CPU ns of every thread of the tree, context switches = wake-ups)"""
    ns = sw = 0
    for pid in tree(root):
        for task in glob.glob("/proc/%d/task/*" % pid):
            try:
                with open(task + "/schedstat") as f:
                    ns += int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                continue
            st = read_kv(task + "/status")
            sw += st.get("voluntary_ctxt_switches", 0) + st.get("nonvoluntary_ctxt_switches", 0)
    return ns, sw


def tree_read_bytes(root):
    return sum(read_kv("/proc/%d/io" % pid).get("read_bytes", 0) for pid in tree(root))


def top_mappings(pid, n=8):
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


# ------------------------------------------------------------ processes
def run(argv, timeout, env=None):
    """subprocess.run, but tracked so that a killed bench leaves nothing behind"""
    p = track(subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True, env=env))
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(p)
        raise
    write_pids()
    return subprocess.CompletedProcess(argv, p.returncode, out, err)


def xprobe(*args, timeout=15):
    r = run([XPROBE] + [str(a) for a in args], timeout)
    return r.returncode, r.stdout.strip()


def argv_of(name, data, conf=FULL):
    if name == "accord":
        return [ACCORD, "--size", SIZE, "--data", data, "--assets", "assets", "--config", conf]
    if name == "floor":
        return [FLOOR, SIZE]
    # generous to the browser: a warm profile, no extensions, sync, updates or
    # background networking, no first-run or crash bubbles, no sandbox (fewer
    # processes; the tests run as root, which the sandbox refuses anyway)
    return [CHROMIUM, "--kiosk", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-features=Translate,MediaRouter,OptimizationHints", "--hide-crash-restore-bubble",
            "--noerrdialogs", "--password-store=basic", "--no-sandbox", "--user-data-dir=" + os.path.join(OUT, "chromium-profile"),
            "--window-position=0,0", "--window-size=800,480", HTML]


def start(name, conf=FULL, stderr=subprocess.DEVNULL):
    env = dict(os.environ)
    env.pop("SDL_RENDER_DRIVER", None)
    data = os.path.join(OUT, "data-" + name)
    return track(subprocess.Popen(argv_of(name, data, conf), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=stderr, env=env, start_new_session=True))


def ready_watch(p, t0):
    """a thread that reads p's stderr and keeps the time (ms after t0) of its
    first "ready" line: Accord's is written once the visit, the database and
    the threads have started and a tap is taken (app.c on_tick), the floor's
    after its first frame"""
    out = {}

    def read():
        for line in p.stderr:
            if "ready" not in out and line.rstrip().endswith(b": ready"):
                out["ready"] = ms(time.monotonic_ns() - t0)
    th = threading.Thread(target=read, daemon=True)
    th.start()
    return th, out


def settle_hash(seconds, blank=None):
    """the display's hash once it shows something other than blank and has
    stopped changing (two equal captures 0.5 s apart)"""
    end = time.monotonic() + seconds
    _, h = xprobe("hash")
    while time.monotonic() < end:
        time.sleep(0.5)
        _, h2 = xprobe("hash")
        if h2 == h and h != blank:
            return h
        h = h2
    return None


SETTLE = {"accord": 5, "floor": 5, "browser": 30}


# ------------------------------------------------------------ start and memory
def first_frame(name, ref):
    """exec -> the display shows the contender's complete first screen (ms);
    then memory of the whole process tree after 5 s idle"""
    w = track(subprocess.Popen([XPROBE, "wait", ref, "20000"], stdout=subprocess.PIPE, text=True,
                               start_new_session=True))
    time.sleep(0.1)                              # xprobe is polling before the exec
    t0 = time.monotonic_ns()
    p = start(name, stderr=subprocess.PIPE if name != "browser" else subprocess.DEVNULL)
    reader, ready = ready_watch(p, t0) if name != "browser" else (None, {})
    out, _ = w.communicate(timeout=30)
    write_pids()
    frame = ms(int(out) - t0) if w.returncode == 0 and out.strip() else None
    time.sleep(max(0.0, 5.0 - (time.monotonic_ns() - t0) / 1e9))
    mem = tree_memory(p.pid)
    top = top_mappings(p.pid) if name != "browser" else None
    stop(p)
    if reader:
        reader.join(5)
    time.sleep(0.3)
    return frame, ready.get("ready"), mem, top


def starts():
    refs = {}
    for name in NAMES:                           # warm-up: learn each one's finished first screen
        _, blank = xprobe("hash")
        p = start(name)
        time.sleep(1.0)
        h = settle_hash(SETTLE[name], blank)
        stop(p)
        time.sleep(0.5)
        if not h or h == blank:
            note("%s showed no stable screen in the warm-up: its start and memory are not measured" % name)
        else:
            refs[name] = h
    res["first_frame_ms"] = {n: [] for n in NAMES}
    res["ready_ms"] = {n: [] for n in NAMES if n != "browser"}
    res["memory"] = {n: [] for n in NAMES}
    for r in range(RUNS):
        for name in NAMES:
            if name not in refs:
                continue
            frame, ready, mem, top = first_frame(name, refs[name])
            if ready is not None:
                res["ready_ms"][name].append(ready)
            if frame is None:
                note("%s run %d: the first screen did not appear within 20 s" % (name, r + 1))
            else:
                res["first_frame_ms"][name].append(frame)
            res["memory"][name].append(mem)
            if top:
                res.setdefault("top_mappings", {})[name] = top


def cold_reads():
    """bytes read from storage by a cold start (page cache dropped; root only)"""
    res["cold_read"] = {}
    for name in NAMES:
        try:
            subprocess.run(["sync"], check=False)
            with open("/proc/sys/vm/drop_caches", "w") as f:
                f.write("3\n")
        except OSError:
            note("cannot drop the page cache (not root): storage read at a cold start not measured")
            return
        _, blank = xprobe("hash")
        p = start(name)
        time.sleep(1.0)
        settle_hash(SETTLE[name], blank)
        res["cold_read"][name] = tree_read_bytes(p.pid)
        stop(p)
        time.sleep(0.5)


# ------------------------------------------------------------ idle CPU
def where_walk(labels, conf):
    """panel points of each label in turn, found by the app itself (headless)"""
    script = os.path.join(OUT, "walk.script")
    with open(script, "w") as f:
        for lab in labels:
            f.write('where "%s"\ntap "%s"\n' % (lab, lab))
    d = os.path.join(OUT, "data-where")
    shutil.rmtree(d, ignore_errors=True)
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen")
    r = run([ACCORD, "--headless", "--script", script, "--size", SIZE, "--data", d, "--assets", "assets",
             "--config", conf], 60, env=env)
    pts = [tuple(int(v) for v in line.split()[1:3]) for line in r.stdout.splitlines() if line.startswith("where ")]
    if r.returncode != 0:
        note("the headless walk stopped after %d of %d labels: %s"
             % (len(pts), len(labels), (r.stderr.strip().splitlines() or ["?"])[-1]))
    return list(zip(labels, pts))


# the visit the clicks follow (labels of the PEG-only visit), and the same
# kind of taps on the two other contenders (their fixed layout)
ACCORD_WALK = ["Touch to start", "English", "Start", "7", "Next", "5", "Next", "6", "Next", "Done"]
KIND = {"Touch to start": "attract", "English": "language", "Start": "intro", "Next": "next question",
        "Done": "review: done"}
OTHER_WALK = [("attract: touch to start", 400, 240), ("question: answer 7", 0, 0), ("question: answer 3", 0, 0),
              ("Next", 708, 436)]


def number_x(i):
    gap, bw = 8, (800 - 48 - 10 * 8) // 11       # bench/floor.c number(); kiosk.html lays out the same
    return 24 + i * (bw + gap) + bw // 2


OTHER_WALK[1] = ("question: answer 7", number_x(7), 262)
OTHER_WALK[2] = ("question: answer 3", number_x(3), 262)


def accord_walk():
    pts = where_walk(ACCORD_WALK, PEG)
    return [("%s: %s" % (KIND.get(lab, "answer"), lab), x, y) for lab, (x, y) in pts]


def clicks(name, walk):
    """tap -> first changed frame on the display, for each step of walk"""
    _, blank = xprobe("hash")
    p = start(name, PEG if name == "accord" else FULL)
    time.sleep(1.0)
    settle_hash(SETTLE[name], blank)
    taps = []
    for label, x, y in walk:
        rc, out = xprobe("click", x, y, 3000)
        f = out.split()
        if rc != 0:
            note("%s: the click on '%s' at %d,%d changed nothing; its walk stopped there" % (name, label, x, y))
            break
        taps.append({"what": label, "ms": float(f[0]), "capture_ms": float(f[1])})
        time.sleep(0.5)        # accord ignores a tap within 350 ms of a screen change
    stop(p)
    time.sleep(0.3)
    return taps


def taps():
    walks = {"accord": accord_walk(), "browser": OTHER_WALK, "floor": OTHER_WALK}
    res["taps"] = {n: [] for n in NAMES}
    for _ in range(RUNS):
        for name in NAMES:
            res["taps"][name].append(clicks(name, walks[name]))


def idle_one(name, tap_to_question):
    _, blank = xprobe("hash")
    p = start(name, PEG if name == "accord" else FULL)
    time.sleep(1.0)
    settle_hash(SETTLE[name], blank)
    for _, x, y in tap_to_question:
        xprobe("click", x, y, 3000)
        time.sleep(0.5)
    time.sleep(5.0)
    c0, w0, t0 = *tree_cpu(p.pid), time.monotonic()
    time.sleep(IDLE_S)
    c1, w1, t1 = *tree_cpu(p.pid), time.monotonic()
    stop(p)
    time.sleep(0.3)
    return {"cpu_pct": 100.0 * (c1 - c0) / 1e9 / (t1 - t0), "wakeups": w1 - w0, "seconds": t1 - t0}


def idle():
    walk = accord_walk()
    to_q = {"accord": walk[:3], "browser": OTHER_WALK[:1], "floor": OTHER_WALK[:1]}
    res["idle"] = {n: {} for n in NAMES}
    for screen in ("attract", "question"):
        for name in NAMES:
            res["idle"][name][screen] = idle_one(name, to_q[name] if screen == "question" else [])


# ------------------------------------------------------------ headless: instructions and QR
def tour_script(tour, lang="en", langname="English"):
    """tests/scripts/screens.script.in with each screenshot replaced by a cold
    (first) and a warm (repeat) redraw of that screen"""
    with open("tests/scripts/screens.script.in") as f:
        s = f.read()
    out = []
    for line in s.splitlines():
        t = line.strip()
        if t == "layout-ok":
            continue
        m = re.match(r"shot @DIR@/(.+)-@LANG@-@SIZE@\.png$", t)
        if m:
            out.append("redraw %s:first cold" % m.group(1))
            out.append("redraw %s:repeat" % m.group(1))
            continue
        out.append(line.replace("@LANG@", lang).replace("@LANGNAME@", langname))
    with open(tour, "w") as f:
        f.write("\n".join(out) + "\n")


def callgrind():
    if not shutil.which("valgrind"):
        note("valgrind missing: instructions per frame not measured (make bench-deps installs it)")
        return
    res["frame_ir"] = {}
    tour = os.path.join(OUT, "tour.script")
    tour_script(tour)
    for size in ("800x480", "1920x1080"):
        d = os.path.join(OUT, "cg-" + size)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        env = dict(os.environ, SDL_VIDEODRIVER="offscreen")
        r = run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + os.path.join(d, "cg.out"), ACCORD,
                 "--headless", "--fixed-clock", "--script", tour, "--size", size, "--data", os.path.join(d, "data"),
                 "--assets", "assets", "--config", FULL], 900, env=env)
        if r.returncode != 0:
            note("the callgrind tour at %s stopped early: %s" % (size, (r.stderr.strip().splitlines() or ["?"])[-1]))
        frames = {}
        for fn in glob.glob(os.path.join(d, "cg.out.*")):
            desc = total = None
            with open(fn) as f:
                for line in f:
                    if line.startswith("desc: Trigger: Client Request: "):
                        desc = line[len("desc: Trigger: Client Request: "):].strip()
                    elif line.startswith("totals:") or line.startswith("summary:"):
                        total = int(line.split()[1])
            if desc and desc != "before-redraw" and total is not None:
                frames[desc] = total
        res["frame_ir"][size] = frames


def qr_and_frame_times():
    """QR encode (largest page, bench/qrtime) and the handoff screen's draw"""
    r = run([os.environ["QRTIME"]], 60)
    if r.returncode != 0:
        note("qrtime failed: " + r.stderr.strip()[-300:])
    else:
        res["qr"] = json.loads(r.stdout)
    tour = os.path.join(OUT, "tour-time.script")
    tour_script(tour)
    with open(tour) as f:
        s = f.read()
    # the handoff screen drawn 20 times over (a warm, repeat frame each)
    s = s.replace("redraw handoff:repeat\n", "".join("redraw handoff:repeat\n" for _ in range(20)))
    with open(tour, "w") as f:
        f.write(s)
    d = os.path.join(OUT, "data-time")
    shutil.rmtree(d, ignore_errors=True)
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen")
    r = run([ACCORD, "--headless", "--fixed-clock", "--script", tour, "--size", SIZE, "--data", d, "--assets", "assets",
             "--config", FULL], 120, env=env)
    us = [int(l.split()[2]) for l in r.stdout.splitlines() if l.startswith("redraw handoff:repeat ")]
    res["handoff_draw_ms"] = [u / 1000 for u in us]


# ------------------------------------------------------------ sizes and versions
def ldd_libs(binary):
    r = subprocess.run(["ldd", binary], capture_output=True, text=True)
    libs = set()
    for line in r.stdout.splitlines():
        m = re.search(r"=> (/\S+)", line)
        if m:
            libs.add(os.path.realpath(m.group(1)))
    return libs


def du(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for fn in files:
            fp = os.path.join(root, fn)
            if not os.path.islink(fp):
                total += os.path.getsize(fp)
    return total


BASE = ("libc.so", "libm.so", "libpthread", "libdl.so", "ld-linux", "librt.so", "libgcc_s", "libstdc++")


def installed_size():
    """the program, its data, and the shared libraries it loads that a base
    system does not have (libc and friends left out) - counted alike for all"""
    def libs_of(binary, skip_dir=None):
        return sum(os.path.getsize(l) for l in ldd_libs(binary)
                   if not any(b in os.path.basename(l) for b in BASE) and not (skip_dir and l.startswith(skip_dir)))
    fonts = du("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") + du("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    espeak = du("/usr/lib/x86_64-linux-gnu/espeak-ng-data") or du("/usr/share/espeak-ng-data")
    acc = {"program": os.path.getsize(ACCORD), "assets": du("assets"), "speech data": espeak, "fonts": fonts,
           "libraries": libs_of(ACCORD)}
    flo = {"program": os.path.getsize(FLOOR), "fonts": fonts, "libraries": libs_of(FLOOR)}
    chdir = os.path.dirname(os.path.realpath(glob.glob("/usr/lib/chromium/chromium")[0])) \
        if glob.glob("/usr/lib/chromium/chromium") else None
    bro = {}
    if chdir:
        bro = {"program and its data": du(chdir), "fonts": fonts,
               "libraries": libs_of(os.path.join(chdir, "chromium"), skip_dir=chdir)}
    res["installed"] = {"accord": acc, "browser": bro, "floor": flo}


def versions():
    def q(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "?"
    def deb(pkg):   # this machine's architecture (a cross build may have installed others too)
        arch = q(["dpkg", "--print-architecture"])
        v = q(["dpkg-query", "-W", "-f", "${Version}\\n", "%s:%s" % (pkg, arch)])
        return v if v != "?" else q(["dpkg-query", "-W", "-f", "${Version}\\n", pkg])
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    res["machine"] = {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
                      "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
                      "load_at_start": os.getloadavg()}
    res["versions"] = {"accord": open("VERSION").read().strip() + " (" + q(["git", "describe", "--always", "--dirty"]) + ")", "chromium": q([CHROMIUM, "--version"]),
                       "libsdl2": deb("libsdl2-2.0-0"), "libsdl2-ttf": deb("libsdl2-ttf-2.0-0"),
                       "xvfb": deb("xvfb"), "window manager": "matchbox-window-manager " + deb("matchbox-window-manager"),
                       "valgrind": deb("valgrind")}


def main():
    os.makedirs(OUT, exist_ok=True)
    t = time.monotonic()
    versions()
    steps = [("instructions per frame (callgrind)", callgrind), ("QR and handoff draw", qr_and_frame_times),
             ("start and memory", starts), ("taps", taps), ("idle CPU", idle), ("cold-start storage reads", cold_reads),
             ("installed size", installed_size)]
    only = os.environ.get("BENCH_ONLY", "")
    try:
        for label, fn in steps:
            if only and only not in label:
                continue
            print("bench: %s ..." % label, file=sys.stderr)
            fn()
    finally:
        stop_all()
    res["load_at_end"] = os.getloadavg()
    res["bench_seconds"] = time.monotonic() - t
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
