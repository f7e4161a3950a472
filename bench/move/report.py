#!/usr/bin/env python3
"""Table and SVG of bench/move.sh (no dependency beyond Python).

  report.py <out> <uptime line>   reads <out>/moves.tsv, <out>/writes.tsv, <out>/<tenant>-<round>.raw;
                                  prints the table, writes <out>/move.svg (round 1)
"""
import math
import sys
from html import escape

A, B = "acme", "globex"
import os

# the first seconds (cold JVMs, first connections, the JIT) are not counted: bench/move.sh's BENCH_WARMUP_SECONDS
WARMUP_MS = int(os.environ.get("BENCH_WARMUP_SECONDS", "45")) * 1000


def raw(out, tenant, rnd):
    rows = []
    for line in open(f"{out}/{tenant}-{rnd}.raw"):
        kind, due, latency, status, tries = line.split()
        rows.append((kind, int(due), float(latency), status, int(tries)))
    return sorted(rows, key=lambda r: r[1])


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))]


def main(out, load):
    moves = [l.rstrip("\n").split("\t") for l in open(f"{out}/moves.tsv")][1:]
    writes = {l.split("\t")[0]: l.rstrip("\n").split("\t") for l in open(f"{out}/writes.tsv")}
    rounds = sorted({m[0] for m in moves}, key=int)
    print(f"Online move of {A} (100,000 documents) shared -> dedicated -> shared while {A} and {B} each write and read "
          f"at a steady rate.\nmachine load (uptime) at the end: {load.strip()}\n")
    head = ("round", "move", "state", "total s", "pause ms (job)", f"{A} write max ms", f"{A} write p99 ms",
            f"{A} 503s", f"{B} p99 before", f"{B} p99 during", "ratio")
    table = [head]
    summary = []
    for rnd in rounds:
        a, b = raw(out, A, rnd), raw(out, B, rnd)
        t0 = min(r[1] for r in a + b)
        mine = [m for m in moves if m[0] == rnd]
        first = min(int(m[5]) for m in mine)
        windows = [(int(m[5]), int(m[6])) for m in mine]
        inside = lambda due: any(s <= due <= e for s, e in windows)
        answered = lambda r: r[3] not in ("0", "-1")  # timeouts and requests not sent are counted apart
        warm = WARMUP_MS if rnd == rounds[0] else 0  # bench/move.sh warms the service up in the first round only
        b_before = [r[2] for r in b if t0 + warm <= r[1] < first and answered(r)]
        b_during = [r[2] for r in b if inside(r[1]) and answered(r)]
        for m in mine:
            s, e = int(m[5]), int(m[6])
            aw = [r for r in a if r[0] == "write" and s <= r[1] <= e and r[3] == "201"]  # acknowledged writes
            refused = sum(r[4] - 1 for r in aw)
            before99, during99 = pct(b_before, 99), pct([r[2] for r in b if s <= r[1] <= e and answered(r)], 99)
            table.append((rnd, m[1], m[2], f"{int(m[3]) / 1000:.1f}", m[4], f"{max((r[2] for r in aw), default=float('nan')):.0f}",
                          f"{pct([r[2] for r in aw], 99):.0f}", str(refused), f"{before99:.1f}", f"{during99:.1f}",
                          f"{during99 / before99:.2f}"))
            summary.append((int(m[4]), max((r[2] for r in aw), default=0), during99 / before99))
        w = writes.get(rnd)
        if w:
            _, rows, acked, missing, doubled, applied = w
            table.append((rnd, "end", "", "", "", "", "", "", f"{B} all-moves p99 {pct(b_during, 99):.1f}",
                          f"/ before {pct(b_before, 99):.1f}", f"{pct(b_during, 99) / pct(b_before, 99):.2f}"))
            unanswered = sum(1 for r in a if r[0] == "write" and r[3] in ("0", "-1"))
            print_writes = (f"round {rnd}: {A} acknowledged {acked} writes ({unanswered} due writes timed out or were not sent "
                            f"by the client: a write that timed out may still have committed); rows at the end {rows}; "
                            f"acknowledged but lost {missing}; doubled {doubled}; document events applied by the usage meter "
                            f"{applied} (one per row: {applied == rows})")
            summary_writes.append(print_writes)
        if rnd == rounds[0]:
            svg(out, a, b, windows, t0)
    widths = [max(len(str(r[i])) for r in table) for i in range(len(head))]
    for r in table:
        print("  ".join(str(c).ljust(wd) for c, wd in zip(r, widths)).rstrip())
    print()
    for line in summary_writes:
        print(line)
    if summary:
        pauses = sorted(s[0] for s in summary)
        maxes = sorted(s[1] for s in summary)
        ratios = sorted(s[2] for s in summary)
        print(f"\nover {len(summary)} moves: job pause median {pauses[len(pauses) // 2]} ms, worst {pauses[-1]} ms; "
              f"{A} write latency max median {maxes[len(maxes) // 2]:.0f} ms, worst {maxes[-1]:.0f} ms; "
              f"{B} p99 ratio median {ratios[len(ratios) // 2]:.2f}, worst {ratios[-1]:.2f}")
    print(f"\npicture: {out}/move.svg")


summary_writes = []


def svg(out, a, b, windows, t0):
    W, H, L, R, T, BM = 900, 360, 60, 20, 30, 40
    pts_a = [((r[1] - t0) / 1000, max(r[2], 0.5), r[4] > 1) for r in a if r[0] == "write" and r[3] == "201"]
    pts_b = [((r[1] - t0) / 1000, max(r[2], 0.5)) for r in b if r[0] == "write" and r[3] == "201"]
    tmax = max(p[0] for p in pts_a + pts_b) or 1
    ymax = max(p[1] for p in pts_a + pts_b)
    ytop = 10 ** math.ceil(math.log10(max(ymax, 10)))
    x = lambda t: L + (W - L - R) * t / tmax
    y = lambda ms: T + (H - T - BM) * (1 - (math.log10(ms) - math.log10(0.5)) / (math.log10(ytop) - math.log10(0.5)))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
             f'<text x="{L}" y="18" font-size="13">Write latency during the moves ({A} moving: dots; {B}: grey), '
             f'ms from due time, log scale; shaded: the move jobs</text>']
    for s, e in windows:
        parts.append(f'<rect x="{x((s - t0) / 1000):.1f}" y="{T}" width="{max(1, x((e - t0) / 1000) - x((s - t0) / 1000)):.1f}" '
                     f'height="{H - T - BM}" fill="#eef3ff"/>')
    ms = 1
    while ms <= ytop:
        parts.append(f'<line x1="{L}" x2="{W - R}" y1="{y(ms):.1f}" y2="{y(ms):.1f}" stroke="#ddd"/>'
                     f'<text x="{L - 6}" y="{y(ms) + 4:.1f}" text-anchor="end">{ms:g}</text>')
        ms *= 10
    step = max(5, int(tmax / 10 / 5) * 5) if tmax > 10 else 1
    for t in range(0, int(tmax) + 1, step):
        parts.append(f'<text x="{x(t):.1f}" y="{H - BM + 16}" text-anchor="middle">{t}s</text>')
    for t, v in pts_b:
        parts.append(f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="1.2" fill="#999"/>')
    for t, v, retried in pts_a:
        parts.append(f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="1.6" fill="{"#d00000" if retried else "#2a5db0"}"/>')
    parts.append(f'<text x="{L}" y="{H - 6}">red: {A} writes refused (503) at the cut-over and acknowledged after their retry</text>')
    parts.append("</svg>")
    with open(f"{out}/move.svg", "w") as f:
        f.write("\n".join(parts))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")
