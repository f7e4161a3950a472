#!/usr/bin/env python3
"""Tables and hand-written SVG pictures for bench/faults.sh and bench/soak.sh (no dependency beyond Python).

  plot.py table <out>   the fault table from <out>/faults.tsv, aligned
  plot.py faults <out>  SVG: write latency and status over time, one panel per fault (<out>/phases.tsv and
                        <out>/<fault>.requests.tsv)
  plot.py soak <out>    SVG: the per-minute soak metrics (<out>/soak.tsv), one small panel per metric
  plot.py events <out>  SVG: bench/events.sh's lag over time of both tenants (<out>/lag-series.tsv), one panel per
                        number of instances, the flood windows shaded (<out>/windows.tsv)
  plot.py noisy <out>   SVG: bench/noisy-neighbour.sh's latency over time of both tenants, one panel per round
                        (<out>/b-<side>-<round>.raw and <out>/a-<round>.raw)
"""
import math
import sys
from collections import defaultdict
from html import escape

COLORS = {"2": "#2a9d3a", "4": "#e0a000", "5r": "#e07000", "5": "#d00000", "x": "#555555"}


def status_class(status):
    if status.startswith("5"):
        return "5r" if status.endswith("r") else "5"
    if status[:1] in ("2", "4"):
        return status[:1]
    return "x"  # no answer: reset, refused, timeout


def table(out):
    rows = [line.rstrip("\n").split("\t") for line in open(f"{out}/faults.tsv")]
    head, body = rows[0], rows[1:]
    # "users saw" and "unacked" are long: they go on their own lines under each fault's numbers
    cols = [i for i, h in enumerate(head) if h not in ("users saw", "unacked")]
    widths = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in cols]
    fmt = lambda r: "  ".join((r[i] if i < len(r) else "").ljust(w) for i, w in zip(cols, widths)).rstrip()
    print(fmt(head))
    for r in body:
        print(fmt(r))
        print("    users saw: " + (r[1] if len(r) > 1 else ""))
        if "unacked" in head and len(r) > head.index("unacked") and r[head.index("unacked")] != "-":
            print("    unacked: " + r[head.index("unacked")])


def faults_svg(out):
    phases = [line.rstrip("\n").split("\t") for line in open(f"{out}/phases.tsv")]
    panel_w, panel_h, left, top = 900, 170, 60, 30
    h = top + len(phases) * (panel_h + 40) + 30
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{panel_w + left + 20}" height="{h}" '
           f'font-family="sans-serif" font-size="11">',
           f'<text x="{left}" y="16" font-size="13">Write latency (log scale) and status over time, per fault; '
           f'shaded: component away</text>']
    legend = [("201/2xx", "2"), ("4xx", "4"), ("503 + Retry-After", "5r"), ("5xx other", "5"), ("no answer", "x")]
    for i, (name, k) in enumerate(legend):
        x = left + 560 + i * 0  # placed below
    lx = left
    for name, k in legend:
        svg.append(f'<circle cx="{lx + 5}" cy="{h - 12}" r="4" fill="{COLORS[k]}"/>'
                   f'<text x="{lx + 13}" y="{h - 8}">{escape(name)}</text>')
        lx += 130
    lo, hi = 1.0, 30000.0
    ly = lambda ms: math.log10(max(lo, min(hi, ms)))
    for n, (fault, t_start, t_down, t_up) in enumerate(phases):
        t_start, t_down, t_up = float(t_start), float(t_down), float(t_up)
        rows = []
        try:
            for line in open(f"{out}/{fault}.requests.tsv"):
                t, kind, status, ms = line.rstrip("\n").split("\t")[:4]
                if kind == "write":
                    rows.append((float(t) - t_start, status, float(ms)))
        except FileNotFoundError:
            pass
        span = max([r[0] + r[2] / 1000 for r in rows] + [t_up - t_start + 1])
        y0 = top + n * (panel_h + 40) + 20
        sx = lambda s: left + s / span * panel_w
        sy = lambda ms: y0 + panel_h - (ly(ms) - ly(lo)) / (ly(hi) - ly(lo)) * panel_h
        svg.append(f'<text x="{left}" y="{y0 - 6}" font-size="12" font-weight="bold">{escape(fault)}</text>')
        svg.append(f'<rect x="{sx(t_down - t_start):.1f}" y="{y0}" width="{max(1, sx(t_up - t_start) - sx(t_down - t_start)):.1f}" '
                   f'height="{panel_h}" fill="#ffd7d7"/>')
        svg.append(f'<rect x="{left}" y="{y0}" width="{panel_w}" height="{panel_h}" fill="none" stroke="#999"/>')
        for ms in (1, 10, 100, 1000, 10000):
            y = sy(ms)
            svg.append(f'<line x1="{left}" x2="{left + panel_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>'
                       f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{ms if ms < 1000 else str(ms // 1000) + " s"}'
                       f'{" ms" if ms < 1000 else ""}</text>')
        step = 10 if span <= 120 else 30 if span <= 400 else 60
        for s in range(0, int(span) + 1, step):
            svg.append(f'<text x="{sx(s):.1f}" y="{y0 + panel_h + 13}" text-anchor="middle">{s}s</text>')
        for s, status, ms in rows:
            k = status_class(status)
            svg.append(f'<circle cx="{sx(s):.1f}" cy="{sy(ms):.1f}" r="1.8" fill="{COLORS[k]}"/>')
    svg.append("</svg>")
    print("\n".join(svg))


def soak_svg(out):
    rows = [line.rstrip("\n").split("\t") for line in open(f"{out}/soak.tsv")]
    head, body = rows[0], rows[1:]
    metrics = head[1:]
    pw, ph, left, top, cols = 300, 120, 55, 30, 3
    nrows = math.ceil(len(metrics) / cols)
    w, h = left + cols * (pw + left), top + nrows * (ph + 50)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
           f'<text x="{left}" y="16" font-size="13">Soak, per minute (x: minute)</text>']
    minutes = [float(r[0]) for r in body]
    for i, m in enumerate(metrics):
        vals = []
        for r in body:
            try:
                vals.append(float(r[i + 1]))
            except (ValueError, IndexError):
                vals.append(float("nan"))
        good = [v for v in vals if not math.isnan(v)]
        x0 = left + (i % cols) * (pw + left)
        y0 = top + (i // cols) * (ph + 50) + 15
        svg.append(f'<text x="{x0}" y="{y0 - 4}" font-weight="bold">{escape(m)}</text>')
        svg.append(f'<rect x="{x0}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
        if not good or not minutes:
            continue
        vmax = max(good) * 1.1 or 1
        mmin, mmax = min(minutes), max(minutes)
        sx = lambda x: x0 + (x - mmin) / ((mmax - mmin) or 1) * pw
        sy = lambda v: y0 + ph - v / vmax * ph
        svg.append(f'<text x="{x0 - 3}" y="{y0 + 8}" text-anchor="end">{vmax:.4g}</text>'
                   f'<text x="{x0 - 3}" y="{y0 + ph}" text-anchor="end">0</text>'
                   f'<text x="{x0}" y="{y0 + ph + 13}">{mmin:g}</text>'
                   f'<text x="{x0 + pw}" y="{y0 + ph + 13}" text-anchor="end">{mmax:g}</text>')
        pts = " ".join(f"{sx(x):.1f},{sy(v):.1f}" for x, v in zip(minutes, vals) if not math.isnan(v))
        svg.append(f'<polyline points="{pts}" fill="none" stroke="#1f5fbf" stroke-width="1.5"/>')
    svg.append("</svg>")
    print("\n".join(svg))


def scatter_panel(svg, y0, title, series, spans, lo, hi, left=60, panel_w=900, panel_h=200):
    """One panel of points on a log-scale ms axis: series = [(label, color, [(s, ms)])], spans = [(s0, s1, color)]."""
    ly = lambda ms: math.log10(max(lo, min(hi, ms)))
    span = max([p[0] for _, _, pts in series for p in pts] + [s1 for _, s1, _ in spans] + [1])
    sx = lambda s: left + s / span * panel_w
    sy = lambda ms: y0 + panel_h - (ly(ms) - ly(lo)) / (ly(hi) - ly(lo)) * panel_h
    svg.append(f'<text x="{left}" y="{y0 - 6}" font-size="12" font-weight="bold">{escape(title)}</text>')
    for s0, s1, color in spans:
        svg.append(f'<rect x="{sx(s0):.1f}" y="{y0}" width="{max(1, sx(s1) - sx(s0)):.1f}" height="{panel_h}" fill="{color}"/>')
    svg.append(f'<rect x="{left}" y="{y0}" width="{panel_w}" height="{panel_h}" fill="none" stroke="#999"/>')
    ms = 1
    while ms <= hi:
        if ms >= lo:
            y = sy(ms)
            label = f"{ms} ms" if ms < 1000 else f"{ms // 1000} s"
            svg.append(f'<line x1="{left}" x2="{left + panel_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>'
                       f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
        ms *= 10
    step = 1 if span <= 12 else 5 if span <= 40 else 10 if span <= 120 else 30 if span <= 400 else 60 if span <= 1200 else 120
    for s in range(0, int(span) + 1, step):
        svg.append(f'<text x="{sx(s):.1f}" y="{y0 + panel_h + 13}" text-anchor="middle">{s}s</text>')
    for _, color, pts in series:
        for s, v in pts:
            svg.append(f'<circle cx="{sx(s):.1f}" cy="{sy(v):.1f}" r="1.6" fill="{color}" fill-opacity="0.6"/>')


def legend(svg, x, y, items):
    for name, color in items:
        svg.append(f'<circle cx="{x + 5}" cy="{y - 4}" r="4" fill="{color}"/><text x="{x + 13}" y="{y}">{escape(name)}</text>')
        x += 12 + 7 * len(name) + 20


def events_svg(out, quiet="globex", flooding="acme"):
    rows = defaultdict(list)
    for line in open(f"{out}/lag-series.tsv"):
        f = line.split()
        if len(f) == 5:
            rows[f[0]].append((float(f[1]), f[2], f[3], float(f[4])))
    windows = defaultdict(list)
    for line in open(f"{out}/windows.tsv"):
        n, run, kind, a, b = line.split()
        windows[n].append((kind, int(a) / 1000, int(b) / 1000))
    colors = {(quiet, "activity-feed"): "#1f5fbf", (quiet, "usage-meter"): "#17a2b8",
              (flooding, "activity-feed"): "#e07000", (flooding, "usage-meter"): "#e0a000"}
    panel_h, top = 200, 40
    configs = sorted(rows, key=int)
    h = top + len(configs) * (panel_h + 50) + 30
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="980" height="{h}" font-family="sans-serif" font-size="11">',
           f'<text x="60" y="16" font-size="13">Event lag (log scale: applied minus occurred) by when it was applied, both '
           f'tenants; shaded: {escape(flooding)}\'s flood until drained, darker while {escape(quiet)} writes</text>',
           f'<text x="60" y="30" fill="#555">every {escape(quiet)} event, every 25th of {escape(flooding)}\'s; '
           f'x: seconds since the configuration\'s first applied event</text>']
    for i, n in enumerate(configs):
        t0 = min(r[0] for r in rows[n])
        series = []
        for (tenant, consumer), color in colors.items():
            pts = [(r[0] - t0, r[3]) for r in rows[n] if r[1] == tenant and r[2] == consumer]
            series.append((f"{tenant} {consumer}", color, pts))
        series.sort(key=lambda s: s[0].startswith(quiet))  # the quiet tenant on top
        spans = [(a - t0, b - t0, "#fff1e3") for kind, a, b in windows[n] if kind == "drain"]
        spans += [(a - t0, b - t0, "#ffd9b0") for kind, a, b in windows[n] if kind == "flood"]
        scatter_panel(svg, top + i * (panel_h + 50) + 20, f"{n} instance(s)", series, spans, 1.0, 300000.0,
                      panel_h=panel_h)
    legend(svg, 60, h - 8, [(f"{t} {c}", col) for (t, c), col in colors.items()])
    svg.append("</svg>")
    print("\n".join(svg))


def noisy_svg(out):
    """Every measured request of B's runs (alone, while A floods) and of A's probe, one panel per round."""
    import glob
    import os

    def raw(path):  # FixedRate's BENCH_RAW: due ms since the run's start, latency ms, status
        pts = []
        try:
            for line in open(path):
                f = line.split()
                if len(f) >= 2:
                    pts.append((float(f[0]) / 1000, float(f[1])))
        except (FileNotFoundError, ValueError):
            pass
        return pts

    rounds = sorted({os.path.basename(p)[:-4].rsplit("-", 1)[1] for p in glob.glob(f"{out}/b-*-*.raw")})
    rounds = sorted((r for r in rounds if r.isdigit()), key=int)
    colors = {"alone": "#1f5fbf", "flood": "#d00000", "A": "#e0a000"}
    panel_h, top = 170, 40
    h = top + len(rounds) * (panel_h + 50) + 30
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="980" height="{h}" font-family="sans-serif" font-size="11">',
           '<text x="60" y="16" font-size="13">Request latency over time (log scale) per round: B alone, B while A '
           'floods, and a probe of A\'s own requests during its flood</text>',
           '<text x="60" y="30" fill="#555">x: seconds since each run\'s start (the two B runs of a round ran one after '
           'the other; A\'s probe starts about 1 s before B\'s flood run; each client\'s first second is not counted)</text>']
    for i, rnd in enumerate(rounds):
        series = [("A", colors["A"], raw(f"{out}/a-{rnd}.raw")),
                  ("alone", colors["alone"], raw(f"{out}/b-alone-{rnd}.raw")),
                  ("flood", colors["flood"], raw(f"{out}/b-flood-{rnd}.raw"))]
        scatter_panel(svg, top + i * (panel_h + 50) + 20, f"round {rnd}", series, [], 0.5, 10000.0, panel_h=panel_h)
    legend(svg, 60, h - 8, [("B alone", colors["alone"]), ("B while A floods", colors["flood"]),
                            ("A's probe while it floods (200s and 429s)", colors["A"])])
    svg.append("</svg>")
    print("\n".join(svg))


if __name__ == "__main__":
    {"table": table, "faults": faults_svg, "soak": soak_svg, "events": events_svg,
     "noisy": noisy_svg}[sys.argv[1]](sys.argv[2])
