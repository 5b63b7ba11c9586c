#!/usr/bin/env python3
"""Tables and the scaling plot of docs/benchmarks.md, from org_bench's JSON.

    build/bench/org_bench --benchmark_format=json > bench-results.json
    python3 scripts/bench_report.py bench-results.json \
        --plot docs/images/bench-scaling.png > tables.md

Reads Google Benchmark's JSON output (several files may be given; later
ones win for the same benchmark name), prints Markdown tables (peers with
their ratios, whole pack, loads, slowest checks) and, with --plot, draws
time against assets on log-log axes (python3-matplotlib).
"""
import argparse
import json
import math
import re
import sys


def load(paths):
    runs = {}
    context = None
    for p in paths:
        with open(p) as f:
            doc = json.load(f)
        context = doc.get("context", context)
        for b in doc["benchmarks"]:
            if b.get("run_type") == "aggregate":
                continue
            name = re.sub(r"/(iterations|min_time|real_time|manual_time)(:[0-9.]+)?", "",
                          b["name"])
            runs[name] = b
    return runs, context


def wall(b):
    return b["real_time"] * {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b.get("time_unit", "ns")]


def ms(b):
    # CPU time of the timing thread for one-thread benchmarks (the machine is
    # shared: wall time there includes waiting for a core); wall time for
    # the multi-threaded ones (the pack with 2 threads), where CPU time of one
    # thread would undercount.
    multi = "threads:2" in b["name"] and "Pack/run" not in b["name"]
    t = b["real_time"] if multi else b["cpu_time"]
    unit = b.get("time_unit", "ns")
    return t * {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[unit]


def sizes_of(runs, prefix):
    out = set()
    for name in runs:
        if name.startswith(prefix):
            m = re.search(r"/(\d+)(?:/|$)", name[len(prefix) - 1:])
            if m:
                out.add(int(m.group(1)))
    return sorted(out)


def fmt(x):
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def tables(runs):
    out = []
    sizes = sizes_of(runs, "Peer/seed/vigil/")
    out.append("### Peers (one thread each; ratio = peer time / vigil time)\n")
    out.append("| check | assets | vigil ms | hand-written ms | vigil / hand | SQLite ms | SQLite / vigil | rows |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for check in ("seed", "scalar", "absence", "aggregate"):
        for n in sizes:
            v = runs.get(f"Peer/{check}/vigil/{n}")
            h = runs.get(f"Peer/{check}/hand/{n}")
            s = runs.get(f"Peer/{check}/sqlite/{n}")
            if not (v and h and s):
                continue
            out.append(f"| {check} | {n:,} | {fmt(ms(v))} | {fmt(ms(h))} | {ms(v) / ms(h):.2f}x | "
                       f"{fmt(ms(s))} | {ms(s) / ms(v):.0f}x | {int(v.get('rows', 0)):,} |")
    out.append("")
    out.append("### Whole pack (57 controls, 62 checks)\n")
    out.append("| assets | graph MiB | eval, 1 thread, CPU ms | eval, 2 threads, wall ms | run (with report), 1 thread, CPU ms | run, 2 threads, wall ms |")
    out.append("|---:|---:|---:|---:|---:|---:|")
    for n in sizes_of(runs, "Pack/eval/"):
        e1 = runs.get(f"Pack/eval/{n}/threads:1")
        e2 = runs.get(f"Pack/eval/{n}/threads:2")
        r2 = runs.get(f"Pack/run/{n}/threads:2")
        r1 = runs.get(f"Pack/run/{n}/threads:1")
        assets = int((e1 or e2)["assets"]) if (e1 or e2) else n
        mib = (e1 or e2).get("graph_mib", 0) if (e1 or e2) else 0
        out.append(f"| {assets:,} | {mib:.0f} | {fmt(ms(e1)) if e1 else '-'} | "
                   f"{fmt(ms(e2)) if e2 else '-'} | {fmt(ms(r1)) if r1 else '-'} | "
                   f"{fmt(wall(r2)) if r2 else '-'} |")
    out.append("")
    out.append("### Loading\n")
    out.append("| assets | file MB | snapshot CPU ms | snapshot wall ms | GB/s (CPU) | JSON file MB | JSON ingest CPU ms | JSON wall ms | MB/s (CPU) |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes_of(runs, "Load/snapshot/"):
        s = runs.get(f"Load/snapshot/{n}")
        j = runs.get(f"Load/json/{n}")
        sb = s.get("bytes_per_second", 0) * wall(s) / 1e3 / 1e6  # MB per load
        jb = j.get("bytes_per_second", 0) * wall(j) / 1e3 / 1e6 if j else 0
        out.append(f"| {n:,} | {sb:.0f} | {fmt(ms(s))} | {fmt(wall(s))} | {sb / ms(s):.2f} | "
                   + (f"{jb:.0f} | {fmt(ms(j))} | {fmt(wall(j))} | {jb / ms(j) * 1e3:.0f} |"
                      if j else "- | - | - | - |"))
    out.append("")
    big = max(sizes_of(runs, "Check/"), default=None)
    if big:
        checks = [(ms(b), name) for name, b in runs.items()
                  if name.startswith("Check/") and name.endswith(f"/{big}")]
        checks.sort(reverse=True)
        out.append(f"### Each check at {big:,} assets (one thread; the ten slowest, and the total)\n")
        out.append("| check | ms | rows |")
        out.append("|---|---:|---:|")
        for t, name in checks[:10]:
            out.append(f"| {name.split('/')[1]} | {fmt(t)} | {int(runs[name].get('rows', 0)):,} |")
        out.append(f"| all {len(checks)} checks | {fmt(sum(t for t, _ in checks))} | |")
        out.append("")
    # Growth: the slope of log(time) against log(assets) between the two
    # largest sizes, for the whole pack.
    ps = sizes_of(runs, "Pack/eval/")
    if len(ps) >= 2:
        a, b = ps[-2], ps[-1]
        ea, eb = runs.get(f"Pack/eval/{a}/threads:1"), runs.get(f"Pack/eval/{b}/threads:1")
        if ea and eb:
            slope = math.log(ms(eb) / ms(ea)) / math.log(eb["assets"] / ea["assets"])
            out.append(f"Growth of the whole pack's evaluation (1 thread, CPU time) from {a:,} to {b:,} assets: "
                       f"time x{ms(eb) / ms(ea):.1f} for assets x{eb['assets'] / ea['assets']:.1f}; "
                       f"log-log slope {slope:.2f} (1.00 is linear).\n")
    return "\n".join(out)


def plot(runs, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 5), dpi=110)
    series = [
        ("Pack/eval/{n}/threads:2", "whole pack, 2 threads", "o-"),
        ("Pack/eval/{n}/threads:1", "whole pack, 1 thread", "o--"),
        ("Load/snapshot/{n}", "snapshot load", "s-"),
        ("Peer/seed/vigil/{n}", "seed check, vigil", "^-"),
        ("Peer/seed/hand/{n}", "seed check, hand-written loop", "^--"),
        ("Peer/seed/sqlite/{n}", "seed check, SQLite", "v:"),
    ]
    for pattern, label, style in series:
        xs, ys = [], []
        prefix = pattern.split("{n}")[0]
        for n in sizes_of(runs, prefix):
            b = runs.get(pattern.format(n=n))
            if b:
                xs.append(n)
                ys.append(ms(b))
        if xs:
            ax.plot(xs, ys, style, label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("assets in the vigil gen organisation")
    ax.set_ylabel("milliseconds (median)")
    ax.set_title("vigil: time against graph size (2-core machine)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="+")
    ap.add_argument("--plot")
    args = ap.parse_args()
    runs, _ = load(args.results)
    print(tables(runs))
    if args.plot:
        plot(runs, args.plot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
