#!/usr/bin/env python3
"""An organisation scan on Dask: one vigil pack over many account graphs,
one task per account, the per-account reports merged into one.

    # 8 generated accounts on a local cluster of 2 worker processes, and a
    # check that the merged report equals one run over the union graph:
    python3 org_scan.py --pack packs/cis-aws --generate 8 --workers 2 \
        --out /tmp/org --check

    # Your own account graphs on a running cluster (docs/scaling.md):
    python3 org_scan.py --pack /shared/packs/cis-aws --scheduler tcp://sched:8786 \
        --out /shared/org /shared/graphs/*.json

Every worker needs the `vigil` Python package (bindings/python) and must
read the pack and graph paths it is given (a shared file system, or paths
that exist on every worker). The merged report is written as JSON (and, with
--format, in another format too); the exit status is 0 when every control
passed or was waived, 1 when one failed, 2 on bad input.
"""
import argparse
import datetime
import json
import os
import random
import sys

import vigil


# ---- one task per account ---------------------------------------------------

def scan_account(pack_dir, graph_path, exceptions, now, threads):
    """Runs the pack over one account's graph (on a worker). The pack is
    loaded once per worker process and kept."""
    import vigil as v  # on the worker

    try:
        from distributed import get_worker
        cache = get_worker().__dict__.setdefault("_vigil_packs", {})
    except (ImportError, ValueError):  # not on a worker
        cache = {}
    pack = cache.get(pack_dir)
    if pack is None:
        pack = cache[pack_dir] = v.Pack.load(pack_dir)
    graph = v.Graph.load(graph_path, pack.schema)
    # A Report travels back to the client pickled as its JSON form.
    return pack.run(graph, exceptions=exceptions, now=now, threads=threads,
                    graph_path=graph_path)


def scan(client, pack_dir, graph_paths, exceptions=None, now=None, threads=1):
    """Submits one task per graph and merges the reports, in the order of
    `graph_paths` (so the merged report does not depend on which task ends
    first)."""
    futures = [
        client.submit(scan_account, pack_dir, path, exceptions, now, threads,
                      key="vigil-scan-%d-%s" % (i, os.path.basename(path)), pure=False)
        for i, path in enumerate(graph_paths)
    ]
    return vigil.merge_reports(client.gather(futures))


# ---- generated accounts ---------------------------------------------------------

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]


def account_graph(index, vpcs, seed=7):
    """A deterministic account graph in the canonical JSON form: the
    account, its regions, and `vpcs` VPCs of which about 20% have no flow
    log, 10% only a FAILED or INACTIVE one, the rest an ACTIVE one."""
    rng = random.Random(seed * 1000003 + index)
    account = "%012d" % (100000000000 + index * 7919)
    assets = [{"id": account, "type": "Account",
               "properties": {"name": "account-%d" % index, "accountId": account,
                              "region": "global", "status": "ACTIVE"}}]
    relationships = []
    regions = REGIONS[: 1 + index % len(REGIONS)]
    for r in regions:
        rid = "%s/%s" % (account, r)
        assets.append({"id": rid, "type": "Region",
                       "properties": {"name": r, "accountId": account, "region": r,
                                      "optInStatus": "opt-in-not-required"}})
        relationships.append({"from": account, "type": "HAS_REGION", "to": rid})
    for k in range(vpcs):
        region = regions[k % len(regions)]
        unique = (k << 32) | rng.getrandbits(32)
        vid = "arn:aws:ec2:%s:%s:vpc/vpc-%017x" % (region, account, unique)
        assets.append({"id": vid, "type": "Vpc",
                       "properties": {"name": "vpc-%d-%d" % (index, k), "accountId": account,
                                      "region": region, "isDefault": k == 0,
                                      "state": "available"}})
        relationships.append({"from": account, "type": "OWNS", "to": vid})
        relationships.append({"from": vid, "type": "IN_REGION", "to": "%s/%s" % (account, region)})
        roll = rng.random()
        if roll < 0.2:
            continue
        status = "ACTIVE" if roll >= 0.3 else rng.choice(["FAILED", "INACTIVE"])
        fid = "arn:aws:ec2:%s:%s:vpc-flow-log/fl-%017x" % (region, account, unique)
        assets.append({"id": fid, "type": "FlowLog",
                       "properties": {"name": "fl-%d-%d" % (index, k), "accountId": account,
                                      "region": region, "flowLogStatus": status,
                                      "resourceId": vid, "trafficType": "REJECT"}})
        relationships.append({"from": vid, "type": "HAS_FLOW_LOG", "to": fid})
    return {"assets": assets, "relationships": relationships}


def write_accounts(out_dir, count, vpcs):
    os.makedirs(out_dir, exist_ok=True)
    paths = []
    for i in range(count):
        path = os.path.join(out_dir, "account-%03d.json" % i)
        with open(path, "w") as f:
            json.dump(account_graph(i, vpcs + 3 * i), f)
        paths.append(path)
    return paths


def write_exceptions(out_dir, pack):
    """Exceptions for the generated accounts: every VPC of account 1 waived
    (active), one that matches nothing (stale), one past its date
    (expired)."""
    control = pack.controls[0]
    doc = {"exceptions": [
        {"control": control, "assets": ["arn:aws:ec2:*:%012d:vpc/*" % (100000000000 + 7919)],
         "owner": "platform", "reason": "sandbox account", "expires": "2099-12-31"},
        {"control": control, "assets": ["vpc-gone"], "owner": "network",
         "reason": "deleted VPC", "expires": "2099-12-31"},
        {"control": control, "assets": ["arn:aws:ec2:*:*:vpc/*"], "owner": "security",
         "reason": "old blanket waiver", "expires": "2000-01-01"},
    ]}
    path = os.path.join(out_dir, "exceptions.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    return path


def union_graph(paths):
    """The account graphs as one graph (assets and relationships in the
    order of `paths`)."""
    union = {"assets": [], "relationships": []}
    for path in paths:
        with open(path) as f:
            g = json.load(f)
        union["assets"] += g.get("assets", [])
        union["relationships"] += g.get("relationships", [])
    return union


def comparable(report):
    """The report's JSON without what legitimately differs between a merged
    report and a single run: times and the graph path."""
    doc = json.loads(report.to_json())
    doc.pop("timing", None)
    doc.pop("graph", None)
    for control in doc["controls"]:
        control.pop("time_ms", None)
        for check in control["checks"]:
            check.pop("time_ms", None)
    return doc


# ---- the command ----------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("graphs", nargs="*", help="account graph JSON files")
    ap.add_argument("--pack", required=True, help="pack directory")
    ap.add_argument("--generate", type=int, default=0, metavar="N",
                    help="generate N account graphs under OUT/accounts instead")
    ap.add_argument("--vpcs", type=int, default=40, help="VPCs per generated account")
    ap.add_argument("--exceptions", help="exceptions file (with --generate: generated ones)")
    ap.add_argument("--now", help="evaluation time, RFC 3339 (default: now, the same for "
                                  "every account)")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler "
                                        "(default: a LocalCluster)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    ap.add_argument("--threads", type=int, default=1, help="vigil threads per task")
    ap.add_argument("--out", default=".", help="output directory")
    ap.add_argument("--format", default="text",
                    help="also write the merged report in this format (text, sarif, ...)")
    ap.add_argument("--check", action="store_true",
                    help="also run the pack once over the union of the graphs in this "
                         "process and fail unless the merged report equals it")
    args = ap.parse_args(argv)

    pack_dir = os.path.abspath(args.pack)
    os.makedirs(args.out, exist_ok=True)
    paths = [os.path.abspath(p) for p in args.graphs]
    if args.generate:
        paths = write_accounts(os.path.join(os.path.abspath(args.out), "accounts"),
                               args.generate, args.vpcs)
    if not paths:
        ap.error("no account graph: give graph files or --generate N")
    paths.sort()
    exceptions = os.path.abspath(args.exceptions) if args.exceptions else None
    if args.generate and not exceptions:
        exceptions = write_exceptions(os.path.join(os.path.abspath(args.out), "accounts"),
                                      vigil.Pack.load(pack_dir))
    now = args.now or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    from distributed import Client, LocalCluster

    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        print("org_scan: %d accounts on %d workers" % (len(paths),
                                                       len(client.scheduler_info()["workers"])))
        merged = scan(client, pack_dir, paths, exceptions, now, args.threads)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    merged.write(os.path.join(args.out, "org-report.json"), format="json")
    if args.format != "json":
        merged.write(os.path.join(args.out, "org-report." + args.format), format=args.format)
    s = merged.summary
    print("org_scan: %d controls: %d passed, %d failed, %d waived, %d errors; %d assets, "
          "%d offending" % (s["controls"], s["passed"], s["failed"], s["waived"], s["errors"],
                            s["assets_evaluated"], s["offending_assets"]))

    if args.check:
        pack = vigil.Pack.load(pack_dir)
        whole = pack.run(vigil.Graph.parse(union_graph(paths), pack.schema, name="union"),
                         exceptions=exceptions, now=now, threads=args.threads)
        if comparable(merged) != comparable(whole):
            a = json.dumps(comparable(merged), indent=1).splitlines()
            b = json.dumps(comparable(whole), indent=1).splitlines()
            import difflib
            sys.stderr.write("\n".join(list(difflib.unified_diff(b, a, "single run", "merged",
                                                                  lineterm=""))[:60]) + "\n")
            print("org_scan: check FAILED: the merged report differs from a single run")
            return 3
        print("org_scan: check passed: the merged report equals a single run over the union "
              "graph (%d assets)" % whole.summary["assets_evaluated"])
    return 0 if merged.passed else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except vigil.Error as e:
        sys.stderr.write("org_scan: %s\n" % e)
        sys.exit(2)
