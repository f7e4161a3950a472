#!/usr/bin/env python3
"""Steady load of one tenant for bench/faults.sh and bench/soak.sh; every request lands in a TSV.

Open loop per kind: request i of a kind is started at t0 + i / rate whatever the earlier ones took (a pool of
keep-alive connections absorbs slow answers; a request over --timeout counts as "timeout"). Kinds:
  write   POST /api/v1/projects/{project}/documents         (--write-rate)
  read    GET  /api/v1/documents/{doc}                      (--read-rate)
  search  GET  /api/v1/search?q=...                         (--search-rate)
  ready   GET  /q/health/ready on the management port, without a token (--ready-rate)
The token comes from Keycloak directly (password grant) and is renewed every --token-seconds, so a long run never
uses an expired one and a cut between the service and Keycloak does not cut the client off.
The run ends after --seconds or at SIGTERM, whichever comes first; requests in flight are waited for.
Output (--out): one line per request, "epoch_s kind status latency_ms document_id|- from_due_ms", written as they
finish, so a run killed from outside still leaves what it saw. status is the HTTP status or the exception's name;
latency_ms counts from the moment the request was sent, from_due_ms from the moment it was due (it adds the wait
for a free connection when the service is slower than the rate: what a user would have waited).
"""
import argparse
import http.client
import json
import signal
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--keycloak", default="http://localhost:8180")
    p.add_argument("--persona", default="alice")
    p.add_argument("--project", required=True)
    p.add_argument("--doc", default="")
    p.add_argument("--seconds", type=float, required=True)
    p.add_argument("--write-rate", type=float, default=10)
    p.add_argument("--read-rate", type=float, default=0)
    p.add_argument("--search-rate", type=float, default=0)
    p.add_argument("--ready-rate", type=float, default=0)
    # bench/lib.sh's management_port: the HTTP port + 10000
    p.add_argument("--management-port", type=int, default=0)
    p.add_argument("--label", default="load")
    p.add_argument("--timeout", type=float, default=15)
    p.add_argument("--connections", type=int, default=24)
    p.add_argument("--token-seconds", type=float, default=60)
    p.add_argument("--out", required=True)
    a = p.parse_args()

    token = {"value": fetch_token(a.keycloak, a.persona), "at": time.monotonic()}
    token_lock = threading.Lock()

    def bearer():
        with token_lock:
            if time.monotonic() - token["at"] > a.token_seconds:
                try:
                    token["value"] = fetch_token(a.keycloak, a.persona)
                except Exception:  # keep the old one; it is still valid for a while
                    pass
                token["at"] = time.monotonic()
            return token["value"]

    out = open(a.out, "a", buffering=1)
    out_lock = threading.Lock()
    local = threading.local()
    words = ["bench", "fault", "roadmap", "write", "document", "alpha"]

    def request(kind, i, due):
        doc = "-"
        start = time.time()
        t = time.monotonic()
        try:
            slot = "mconn" if kind == "ready" else "conn"
            conn = getattr(local, slot, None)
            if conn is None:
                port = (a.management_port or a.port + 10000) if kind == "ready" else a.port
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=a.timeout)
                setattr(local, slot, conn)
            headers = {"Authorization": "Bearer " + bearer()}
            if kind == "write":
                headers["Content-Type"] = "application/json"
                body = json.dumps({"title": f"{a.label} {i}", "body": f"{a.label} write {i} alpha bench",
                                   "tags": ["bench"]})
                conn.request("POST", f"/api/v1/projects/{a.project}/documents", body, headers)
            elif kind == "read":
                conn.request("GET", f"/api/v1/documents/{a.doc}", headers=headers)
            elif kind == "search":
                conn.request("GET", "/api/v1/search?q=" + urllib.parse.quote(words[i % len(words)]), headers=headers)
            else:
                conn.request("GET", "/q/health/ready")
            resp = conn.getresponse()
            data = resp.read()
            status = str(resp.status)
            if kind == "write" and resp.status == 201:
                try:
                    doc = json.loads(data)["id"]
                except Exception:
                    doc = "?"
            if resp.status >= 500 and resp.getheader("Retry-After"):
                status += "r"  # 503r: a 5xx that says when to come back
        except Exception as e:  # reset, refused, timeout: no answer; the next request reconnects
            local.conn = local.mconn = None
            status = "timeout" if "timed out" in str(e) or isinstance(e, TimeoutError) else type(e).__name__
        end = time.monotonic()
        ms = (end - t) * 1000
        with out_lock:
            out.write(f"{start:.3f}\t{kind}\t{status}\t{ms:.1f}\t{doc}\t{(end - due) * 1000:.1f}\n")

    rates = {"write": a.write_rate, "read": a.read_rate, "search": a.search_rate, "ready": a.ready_rate}
    schedule = []
    for kind, rate in rates.items():
        if rate > 0:
            n = int(a.seconds * rate)
            schedule += [(i / rate, kind, i) for i in range(n)]
    schedule.sort()
    # SIGTERM ends the run: nothing new starts, what is in flight finishes and is written down.
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    t0 = time.monotonic()
    with ThreadPoolExecutor(a.connections) as pool:
        for offset, kind, i in schedule:
            pause = t0 + offset - time.monotonic()
            if pause > 0 and stop.wait(pause):
                break
            if stop.is_set():
                break
            pool.submit(request, kind, i, t0 + offset)
    out.close()


def fetch_token(keycloak, persona):
    body = urllib.parse.urlencode({"grant_type": "password", "client_id": "enclave-cli", "username": persona,
                                   "password": persona}).encode()
    with urllib.request.urlopen(f"{keycloak}/realms/enclave/protocol/openid-connect/token", body, timeout=20) as r:
        return json.load(r)["access_token"]


if __name__ == "__main__":
    main()
