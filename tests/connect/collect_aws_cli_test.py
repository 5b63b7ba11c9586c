#!/usr/bin/python3
"""scripts/collect-aws-cli.sh with a fake `aws` (fake_aws.py) that serves the
demo folder examples/aws-cli-demo and fails the calls the demo records as
failed. Checks that:
  * collecting both accounts writes exactly the demo folder (same files, same
    bytes; the demo's extra copy of describe-regions in a region folder is
    the only file the script does not make);
  * every invocation is one `vigil import aws-cli --list-calls` lists, with
    exactly its arguments, and every call of the list is made;
  * --regions narrows the regional calls; --profile is passed on.

Usage: collect_aws_cli_test.py SOURCE_DIR VIGIL_BINARY
"""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import urllib.parse

src, vigil = sys.argv[1], sys.argv[2]
demo = os.path.join(src, "examples", "aws-cli-demo")
failures = []


def check(cond, message):
    if not cond:
        failures.append(message)


def tree(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            out[os.path.relpath(p, root)] = open(p, "rb").read()
    return out


def run(tmp, account, extra, tag=""):
    log = os.path.join(tmp, "log-" + account + tag)
    env = dict(os.environ, FAKE_AWS_DIR=demo, FAKE_AWS_ACCOUNT=account, FAKE_AWS_LOG=log,
               PATH=os.path.join(tmp, "bin") + ":" + os.environ["PATH"])
    r = subprocess.run(["bash", os.path.join(src, "scripts", "collect-aws-cli.sh")] + extra,
                       env=env, capture_output=True, text=True)
    check(r.returncode == 0, "collect %s exited %d: %s" % (account, r.returncode, r.stderr))
    return [json.loads(l) for l in open(log)]


calls = {}
for line in subprocess.run([vigil, "import", "aws-cli", "--list-calls"], capture_output=True,
                           text=True, check=True).stdout.splitlines():
    where, service, command, arguments, list_call, codes, param = line.split("\t")
    calls[(service, command)] = (where, arguments)

with tempfile.TemporaryDirectory() as tmp:
    os.makedirs(os.path.join(tmp, "bin"))
    fake = os.path.join(tmp, "bin", "aws")
    shutil.copy(os.path.join(src, "tests", "connect", "fake_aws.py"), fake)
    os.chmod(fake, os.stat(fake).st_mode | stat.S_IXUSR)
    out = os.path.join(tmp, "out")
    logs = []
    for account in ("111122223333", "777788889999"):
        logs += run(tmp, account, ["-o", out])
    got, want = tree(out), tree(demo)
    extra = {"777788889999/eu-west-1/ec2/describe-regions.json"}
    check(set(got) == set(want) - extra,
          "files differ: missing %s, unexpected %s" %
          (sorted(set(want) - extra - set(got))[:10], sorted(set(got) - set(want))[:10]))
    for rel in set(got) & set(want):
        check(got[rel] == want[rel], "content differs: " + rel)
    made = set()
    for inv in logs:
        args = inv["args"]
        service, command = args[0], args[1]
        if (service, command) in (("sts", "get-caller-identity"),
                                  ("iam", "generate-credential-report")):
            continue
        check(inv["output"] == "json", "not --output json: %s" % args)
        key = (service, command)
        check(key in calls, "a call vigil does not read: %s" % " ".join(args))
        if key not in calls:
            continue
        made.add(key)
        where, template = calls[key]
        got_args = args[2:]
        # The template with its placeholders replaced by the values given.
        tmpl = template.split()
        check(len(tmpl) == len(got_args), "arguments of %s: %s vs %s" % (key, got_args, template))
        for t, a in zip(tmpl, got_args):
            if t.startswith("{"):
                check(not a.startswith("--"), "placeholder %s got %s" % (t, a))
            else:
                check(t == a, "argument %s of %s should be %s" % (a, key, t))
        check((where == "global") == (inv["region"] == "us-east-1") or where == "regional",
              "%s made in %s" % (key, inv["region"]))
    check(made == set(calls), "calls never made: %s" % sorted(set(calls) - made))
    # --regions narrows the regional calls; --profile is passed on.
    out2 = os.path.join(tmp, "out2")
    log = run(tmp, "777788889999", ["--profile", "audit", "--regions", "eu-central-1", "-o", out2],
              "-narrow")
    regions = {inv["region"] for inv in log}
    check(regions == {"us-east-1", "eu-central-1"}, "regions used: %s" % regions)
    check(all(inv["profile"] == "audit" for inv in log), "--profile not passed on")
    check(not os.path.exists(os.path.join(out2, "777788889999", "eu-west-1")),
          "a region outside --regions was collected")

for f in failures:
    print("FAIL:", f)
print("%d problems" % len(failures))
sys.exit(1 if failures else 0)
