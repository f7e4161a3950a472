#!/usr/bin/env python3
"""Table and hand-written SVG picture for bench/startup.sh (no dependency beyond Python).

  plot.py table <out>   per mode: median and worst of ready time, Quarkus' 'started in' and RSS, then the ratios
                        of the second mode to the first (<out>/runs.tsv)
  plot.py svg <out>     SVG: ready time and RSS per mode, a bar for the median, a tick for the worst, a dot per run
"""
import statistics
import sys
from html import escape

LABELS = {
    "jar17": "fast-jar, JDK 17 (./enclave up)",
    "aot25": "AOT cache, Temurin 25 (serverless)",
    "jar": "jar",
    "native": "native executable",
}
COLORS = {"jar17": "#7a7a7a", "aot25": "#2a6fbd", "jar": "#7a7a7a", "native": "#2a9d3a"}
GOALS = {"ready_s": 2.5, "rss_first_mib": 200}  # issue 16's goals for the serverless mode


def runs(out):
    rows = [line.rstrip("\n").split("\t") for line in open(f"{out}/runs.tsv")]
    head, body = rows[0], rows[1:]
    by_mode = {}
    for r in body:
        d = dict(zip(head, r))
        m = by_mode.setdefault(d["mode"], {"ready_s": [], "started_s": [], "rss_first_mib": [], "rss_after_mib": []})
        m["ready_s"].append(float(d["ready_s"]))
        m["started_s"].append(float(d["started_s"]) if d["started_s"] != "nan" else float("nan"))
        m["rss_first_mib"].append(int(d["rss_first_kib"]) / 1024)
        m["rss_after_mib"].append(int(d["rss_after_kib"]) / 1024)
    return by_mode


def table(out):
    by_mode = runs(out)
    modes = list(by_mode)
    metrics = [("ready_s", "launch to first 200 (s)", "{:.2f}"), ("started_s", "Quarkus' 'started in' (s)", "{:.2f}"),
               ("rss_first_mib", "RSS at first 200 (MiB)", "{:.0f}"), ("rss_after_mib", "RSS after 200 more (MiB)", "{:.0f}")]
    head = ["", *[f"{LABELS.get(m, m)}: median / worst" for m in modes]]
    if len(modes) == 2:
        head.append("ratio (median)")
    lines = [head]
    for key, name, fmt in metrics:
        row = [name]
        for m in modes:
            v = by_mode[m][key]
            row.append(f"{fmt.format(statistics.median(v))} / {fmt.format(max(v))}")
        if len(modes) == 2:
            a, b = (statistics.median(by_mode[m][key]) for m in modes)
            row.append(f"{b / a:.2f}x" if a else "-")
        lines.append(row)
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    for r in lines:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    print("each run (mode, run, ready s, started s, RSS KiB at first 200, after 200 more):")
    for line in list(open(f"{out}/runs.tsv"))[1:]:
        print("  " + line.rstrip("\n").replace("\t", " "))


def svg(out):
    by_mode = runs(out)
    modes = list(by_mode)
    panels = [("ready_s", "Launch to first 200 (s)", "s"), ("rss_first_mib", "RSS at first 200 (MiB)", "MiB")]
    left, label_w, panel_w, bar_h, gap, top = 20, 250, 420, 22, 10, 44
    panel_h = len(modes) * (bar_h + gap) + 30
    w, h = left + label_w + panel_w + 60, top + len(panels) * (panel_h + 30) + 20
    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
         f'<text x="{left}" y="18" font-size="13">Startup: bar = median, black tick = worst, dots = runs; '
         f'dashed = goal</text>',
         f'<text x="{left}" y="34" fill="#666">{escape(out.rstrip("/").split("/")[-1])}</text>']
    for n, (key, title, unit) in enumerate(panels):
        y0 = top + n * (panel_h + 30)
        hi = max(max(by_mode[m][key]) for m in modes)
        hi = max(hi, GOALS.get(key, 0)) * 1.1 or 1
        sx = lambda v: left + label_w + v / hi * panel_w
        s.append(f'<text x="{left}" y="{y0 + 12}" font-size="12" font-weight="bold">{escape(title)}</text>')
        for i, m in enumerate(modes):
            vals = by_mode[m][key]
            med, worst = statistics.median(vals), max(vals)
            y = y0 + 20 + i * (bar_h + gap)
            s.append(f'<text x="{left + label_w - 6}" y="{y + bar_h / 2 + 4:.1f}" text-anchor="end">'
                     f'{escape(LABELS.get(m, m))}</text>')
            s.append(f'<rect x="{sx(0):.1f}" y="{y}" width="{sx(med) - sx(0):.1f}" height="{bar_h}" '
                     f'fill="{COLORS.get(m, "#999")}" fill-opacity="0.8"/>')
            s.append(f'<line x1="{sx(worst):.1f}" x2="{sx(worst):.1f}" y1="{y - 3}" y2="{y + bar_h + 3}" stroke="#000" '
                     f'stroke-width="2"/>')
            for v in vals:
                s.append(f'<circle cx="{sx(v):.1f}" cy="{y + bar_h / 2:.1f}" r="2.5" fill="#fff" stroke="#000"/>')
            shown = f"{med:.2f}" if unit == "s" else f"{med:.0f}"
            s.append(f'<text x="{sx(worst) + 6:.1f}" y="{y + bar_h / 2 + 4:.1f}">{shown} {unit}</text>')
        if key in GOALS:
            gx = sx(GOALS[key])
            s.append(f'<line x1="{gx:.1f}" x2="{gx:.1f}" y1="{y0 + 14}" y2="{y0 + panel_h}" stroke="#d00000" '
                     f'stroke-dasharray="4 3"/>')
            s.append(f'<text x="{gx + 3:.1f}" y="{y0 + panel_h}" fill="#d00000">goal {GOALS[key]:g} {unit}</text>')
        s.append(f'<line x1="{sx(0):.1f}" x2="{sx(0):.1f}" y1="{y0 + 16}" y2="{y0 + panel_h - 8}" stroke="#999"/>')
    s.append("</svg>")
    print("\n".join(s))


if __name__ == "__main__":
    {"table": table, "svg": svg}[sys.argv[1]](sys.argv[2])
