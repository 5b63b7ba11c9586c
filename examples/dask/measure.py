#!/usr/bin/env python3
"""Measures what one account graph costs on one machine (docs/scaling.md):
writes a generated AWS-shaped account graph (org_scan.account_graph) with
about N assets, then loads it with vigil and runs the pack over it,
printing the JSON file size, the load time, the memory the graph holds
(resident set growth while loading), and the run time.

    python3 measure.py --pack ../../packs/cis-aws --assets 1000000 --out /tmp/m
"""
import argparse
import json
import os
import subprocess
import sys
import time

import vigil

import org_scan


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pack", required=True)
    ap.add_argument("--assets", type=int, default=1000000)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--out", default=".")
    ap.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "account-%d.json" % args.assets)
    # A generated account has ~1.8 assets per VPC (80% of VPCs have a flow log).
    vpcs = max(1, int(args.assets / 1.8))
    if args.generate_only:
        with open(path + ".tmp", "w") as f:
            json.dump(org_scan.account_graph(4, vpcs), f)
        os.rename(path + ".tmp", path)
        return
    if not os.path.exists(path):
        # In another process, so that the memory Python used to make the
        # JSON is not what the graph then reuses.
        subprocess.run([sys.executable, __file__, "--pack", args.pack, "--assets",
                        str(args.assets), "--out", args.out, "--generate-only"], check=True)
    size = os.path.getsize(path)

    pack = vigil.Pack.load(args.pack)
    before = rss_bytes()
    t0 = time.monotonic()
    graph = vigil.Graph.load(path, pack.schema)
    load_s = time.monotonic() - t0
    held = rss_bytes() - before
    t0 = time.monotonic()
    report = pack.run(graph, threads=args.threads)
    run_s = time.monotonic() - t0
    n = graph.num_assets
    print(json.dumps({
        "assets": n,
        "edges": graph.num_edges,
        "json_mib": round(size / 2**20, 1),
        "load_s": round(load_s, 2),
        "graph_mib": round(held / 2**20, 1),
        "graph_mib_per_million_assets": round(held / 2**20 / (n / 1e6), 1),
        "run_s": round(run_s, 3),
        "offending": report.summary["offending_assets"],
    }, indent=1))


if __name__ == "__main__":
    main()
