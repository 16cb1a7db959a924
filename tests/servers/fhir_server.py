#!/usr/bin/env python3
"""tests/servers/fhir_server.py - a test-only HTTPS FHIR endpoint on 127.0.0.1.

Accepts transaction Bundles POSTed to /, emulating ifNoneExist: a Bundle
whose identifier was seen before is answered 200 but not created again.
Fault injection: before each POST the first line of DIR/faults is taken
(and removed): "drop" (close without an answer), "500", "503 N" (Retry-After
N seconds), "slow N" (create, then answer after N seconds), "401".
Logs: DIR/created.log (identifier of each Bundle created, once, in order)
and DIR/posts.log (time, identifier, fault of every POST).
Stops by itself after --lifetime seconds.
"""
import argparse, json, os, ssl, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()


def take_fault(d):
    path = os.path.join(d, "faults")
    with lock:
        try:
            with open(path) as f:
                lines = [l.strip() for l in f if l.strip()]
        except FileNotFoundError:
            return ""
        if not lines:
            return ""
        with open(path + ".tmp", "w") as f:
            f.write("".join(l + "\n" for l in lines[1:]))
        os.replace(path + ".tmp", path)
        return lines[0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def reply(self, code, body=b"{}", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.rstrip("/").endswith("metadata"):
            self.reply(200, b'{"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1","format":["json"],"date":"2026-01-01"}')
        else:
            self.reply(404)

    def do_POST(self):
        d = self.server.dir
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        fault = take_fault(d)
        try:
            b = json.loads(body)
            ident = b["identifier"]["value"]
            ok = b.get("resourceType") == "Bundle" and b.get("type") == "transaction"
        except Exception:
            ident, ok = "?", False
        with lock:
            with open(os.path.join(d, "posts.log"), "a") as f:
                f.write("%.3f %s %s\n" % (time.time(), ident, fault or "-"))
        token = self.server.token
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault == "401" or (token and self.headers.get("Authorization") != "Bearer " + token):
            return self.reply(401, b'{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"login"}]}')
        if fault == "500":
            return self.reply(500)
        if fault.startswith("503"):
            return self.reply(503, headers=[("Retry-After", fault.split()[1])])
        if not ok or self.headers.get("Content-Type") != "application/fhir+json":
            return self.reply(400)
        with lock:
            created = os.path.join(d, "created.log")
            seen = open(created).read().split() if os.path.exists(created) else []
            if ident not in seen:
                with open(created, "a") as f:
                    f.write(ident + "\n")
        if fault.startswith("slow"):
            time.sleep(float(fault.split()[1]))
        self.reply(200, b'{"resourceType":"Bundle","type":"transaction-response"}')


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that give up (timeouts, faults) are expected here


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--token", default="")
    ap.add_argument("--lifetime", type=float, default=120)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    srv = Server(("127.0.0.1", a.port), Handler)
    srv.dir, srv.token = a.dir, a.token
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(a.cert, a.key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Timer(a.lifetime, lambda: os._exit(0)).start()
    open(os.path.join(a.dir, "ready"), "w").write(str(a.port))
    srv.serve_forever()


if __name__ == "__main__":
    main()
