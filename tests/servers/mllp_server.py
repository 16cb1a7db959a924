#!/usr/bin/env python3
"""tests/servers/mllp_server.py - a test-only HL7 v2 MLLP listener on 127.0.0.1.

Reads framed messages (<VT> msg <FS><CR>), answers an ACK (MSA|AA|<MSH-10>)
and logs the control id in DIR/mllp.log the first time it is accepted.
Fault injection per message from the first line of DIR/faults: "AE", "AR"
(negative ACK, nothing accepted) or "noack" (read, never answer, close
after 3 s). Every message is also logged in DIR/mllp-all.log.
Stops by itself after --lifetime seconds.
"""
import argparse, os, socket, threading, time

lock = threading.Lock()


def take_fault(d):
    path = os.path.join(d, "faults")
    with lock:
        try:
            lines = [l.strip() for l in open(path) if l.strip()]
        except FileNotFoundError:
            return ""
        if not lines:
            return ""
        open(path + ".tmp", "w").write("".join(l + "\n" for l in lines[1:]))
        os.replace(path + ".tmp", path)
        return lines[0]


def serve(conn, d):
    buf = b""
    conn.settimeout(10)
    try:
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                return
            buf += chunk
            while b"\x1c\r" in buf:
                frame, buf = buf.split(b"\x1c\r", 1)
                msg = frame.lstrip(b"\x0b").decode("utf-8", "replace")
                segs = [s for s in msg.split("\r") if s]
                ok = bool(segs) and segs[0].startswith("MSH|")
                ctrl = segs[0].split("|")[9] if ok and len(segs[0].split("|")) > 9 else ""
                fault = take_fault(d)
                with lock:
                    open(os.path.join(d, "mllp-all.log"), "a").write("%s %s %d\n" % (ctrl, fault or "-", len(segs)))
                if fault == "noack":
                    time.sleep(3)
                    return
                code = fault if fault in ("AE", "AR") else ("AA" if ok else "AR")
                if code == "AA":
                    with lock:
                        p = os.path.join(d, "mllp.log")
                        seen = open(p).read().split() if os.path.exists(p) else []
                        if ctrl not in seen:
                            open(p, "a").write(ctrl + "\n")
                ack = "MSH|^~\\&|TEST|TEST|ACCORD||20260101000000||ACK^R01^ACK|A%s|P|2.5.1\rMSA|%s|%s\r" % (ctrl[:10], code, ctrl)
                conn.sendall(b"\x0b" + ack.encode() + b"\x1c\r")
    except OSError:
        return
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--lifetime", type=float, default=120)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", a.port))
    s.listen(8)
    threading.Timer(a.lifetime, lambda: os._exit(0)).start()
    open(os.path.join(a.dir, "ready"), "w").write(str(a.port))
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c, a.dir), daemon=True).start()


if __name__ == "__main__":
    main()
