#!/usr/bin/env python3
"""Where a tenant's event time goes, alone and during another tenant's flood (bench/events.sh, phase 3).

  timings.py <out> [quiet-tenant] [flooding-tenant]

Reads the DEBUG lines of the category dev.enclave.events.timings from <out>/app-*.log (one per relay pass:
relay-pass ...; one per consumer turn: consumer-turn ...), the GC logs <out>/gc-*.log (-Xlog:gc:...:time) and the
phase windows <out>/windows.tsv (instances, run, alone|flood, from ms, to ms), and prints, per configuration and
window kind, the p50/p99 of each step for each tenant, and the GC pauses inside the windows.
"""
import glob
import json
import re
import sys
from collections import defaultdict
from datetime import datetime

FIELD = re.compile(r"(\w+)=([^\s]+)")


def pct(values, q):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, max(0, int(round(q * (len(v) - 1)))))]


def windows_of(out):
    rows = []
    for line in open(f"{out}/windows.tsv"):
        n, run, kind, lo, hi = line.split()
        rows.append((n, kind, int(lo), int(hi)))
    return rows


def which(windows, at):
    for n, kind, lo, hi in windows:
        if lo <= at <= hi:
            return n, kind
    return None


def main():
    out = sys.argv[1]
    quiet = sys.argv[2] if len(sys.argv) > 2 else "globex"
    flooding = sys.argv[3] if len(sys.argv) > 3 else "acme"
    windows = windows_of(out)
    # (n, kind, tenant, what) -> field -> values
    data = defaultdict(lambda: defaultdict(list))
    for path in sorted(glob.glob(f"{out}/app-*.log")):
        for line in open(path, errors="replace"):
            if "relay-pass" not in line and "consumer-turn" not in line and "relay-poll" not in line:
                continue
            try:
                message = json.loads(line)["message"]
            except (ValueError, KeyError):
                message = line
            kv = dict(FIELD.findall(message))
            if "at" not in kv or kv.get("tenant") not in (quiet, flooding, "*"):
                continue
            w = which(windows, int(kv["at"]))
            if w is None:
                continue
            what = ("relay" if message.startswith("relay-pass") else "poll" if message.startswith("relay-poll")
                    else kv.get("consumer", "?"))
            series = data[(w[0], w[1], kv["tenant"], what)]
            for k, v in kv.items():
                if k in ("at", "tenant", "consumer", "outcome"):
                    continue
                try:
                    value = float(v)
                except ValueError:
                    continue
                series[k].append(value)
            series["_count"].append(1)
    print("Per relay pass / consumer turn, p50 and p99 in ms (count of passes or turns); phase 3 windows only.")
    print("relay: waited = tenant in line for a worker; begin = registry, pace (Redis), transaction; lock = advisory")
    print("lock; query = pending rows; send = broker acks; mark = published_at update; rest = commit.")
    print("consumers: waited = in line for a worker; sent = producer timestamp -> turn start (broker, fetch,")
    print("read-ahead); serve = the turn's transaction; items = events in the turn.")
    print("* poll: the relay's once-a-second look for tenants with pending events (per instance; every 10th also counts them).\n")
    keys = sorted({(n, kind) for n, kind, _, _ in data}, key=lambda k: (k[0], k[1] != "alone"))
    for n, kind in keys:
        print(f"== {n} instance(s), {kind} ==")
        for tenant in (quiet, flooding, "*"):
            for what in ["relay", "poll"] + sorted({w for (nn, kk, t, w) in data if w not in ("relay", "poll")}):
                series = data.get((n, kind, tenant, what))
                if not series:
                    continue
                fields = [f for f in series if not f.startswith("_")]
                cells = " ".join(f"{f} {pct(series[f], .5):.1f}/{pct(series[f], .99):.1f}" for f in fields)
                print(f"  {tenant:<8} {what:<14} n={len(series['_count']):<6} {cells}")
        print()
    gc(out, windows)


def gc(out, windows):
    pause = re.compile(r"^\[([^\]]+)\].*Pause.* ([\d.]+)ms$")
    per = defaultdict(list)
    span = defaultdict(float)
    for n, kind, lo, hi in windows:
        span[(n, kind)] += (hi - lo) / 1000
    for path in sorted(glob.glob(f"{out}/gc-*.log")):
        for line in open(path, errors="replace"):
            m = pause.match(line.strip())
            if not m:
                continue
            try:
                at = int(datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() * 1000)
            except ValueError:
                continue
            w = which(windows, at)
            if w:
                per[w].append(float(m.group(2)))
    print("GC pauses inside the windows (all instances): count, total ms, max ms, share of the window time")
    for key in sorted(span):
        p = per.get(key, [])
        share = sum(p) / 1000 / span[key] * 100 if span[key] else 0
        print(f"  {key[0]} instance(s), {key[1]:<6} {len(p):5d} {sum(p):9.1f} {max(p) if p else 0:8.1f} {share:6.2f} %")


if __name__ == "__main__":
    main()
