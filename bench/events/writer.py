#!/usr/bin/env python3
"""Document writes at a steady rate through the API (bench/events.sh).

Open loop: write i is started at t0 + i / rate whatever the previous ones took (a small pool of keep-alive
connections absorbs slow answers), so a slow service shows up as lag, not as a lower rate. Prints one line:
RESULT sent=.. ok=.. failed=.. seconds=.. http_p50_ms=.. http_p99_ms=.. max_late_ms=.. statuses=200:..,...
"""
import argparse
import http.client
import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--project", required=True)
    p.add_argument("--rate", type=float, required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--label", required=True)
    p.add_argument("--connections", type=int, default=8)
    a = p.parse_args()

    local = threading.local()
    statuses = Counter()
    latencies = []
    late = []
    lock = threading.Lock()
    body_of = lambda i: json.dumps({"title": f"{a.label} {i}", "body": f"event benchmark write {i} of {a.count}",
                                    "tags": ["bench"]})
    headers = {"Authorization": "Bearer " + a.token, "Content-Type": "application/json"}

    def write(i, due):
        start = time.monotonic()
        try:
            conn = getattr(local, "conn", None)
            if conn is None:
                conn = local.conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=30)
            conn.request("POST", f"/api/v1/projects/{a.project}/documents", body_of(i), headers)
            resp = conn.getresponse()
            resp.read()
            status = resp.status
        except Exception as e:  # a broken connection counts as a failed write; the next one reconnects
            local.conn = None
            status = type(e).__name__
        with lock:
            statuses[status] += 1
            latencies.append((time.monotonic() - start) * 1000)
            late.append((start - due) * 1000)

    t0 = time.monotonic()
    with ThreadPoolExecutor(a.connections) as pool:
        for i in range(a.count):
            due = t0 + i / a.rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            pool.submit(write, i, due)
    seconds = time.monotonic() - t0
    latencies.sort()
    pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")
    ok = sum(n for s, n in statuses.items() if isinstance(s, int) and 200 <= s < 300)
    print(f"RESULT sent={a.count} ok={ok} failed={a.count - ok} seconds={seconds:.1f} http_p50_ms={pct(0.5):.1f} "
          f"http_p99_ms={pct(0.99):.1f} max_late_ms={max(late, default=0):.0f} "
          f"statuses={','.join(f'{s}:{n}' for s, n in sorted(statuses.items(), key=str))}")


if __name__ == "__main__":
    main()
