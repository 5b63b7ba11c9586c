#!/usr/bin/python3
"""A stand-in for the `aws` command in tests: answers from an aws-cli folder.

Environment: FAKE_AWS_DIR (the folder), FAKE_AWS_ACCOUNT (the caller's
account), FAKE_AWS_LOG (each invocation is appended as one JSON line).
`aws [--profile P] [--region R] [--output O] SERVICE COMMAND ARGS...` prints
the matching <command>.json (exit 0) or the error text of <command>.error
(exit 254, as the CLI does for service errors). The parameter of a
per-resource call is made of the values of its arguments (joined by "/",
without --version-id and --account-id). sts get-caller-identity and
iam generate-credential-report are answered directly.
"""
import json
import os
import sys
import urllib.parse

args = sys.argv[1:]
globals_ = {}
rest = []
i = 0
while i < len(args):
    if args[i] in ("--profile", "--region", "--output", "--query") and i + 1 < len(args):
        globals_[args[i]] = args[i + 1]
        i += 2
        continue
    rest.append(args[i])
    i += 1
with open(os.environ["FAKE_AWS_LOG"], "a") as log:
    log.write(json.dumps({"args": rest, "region": globals_.get("--region"),
                          "profile": globals_.get("--profile"),
                          "output": globals_.get("--output")}) + "\n")
service, command, params = rest[0], rest[1], rest[2:]
account = os.environ["FAKE_AWS_ACCOUNT"]
if (service, command) == ("sts", "get-caller-identity"):
    print(account)
    sys.exit(0)
if (service, command) == ("iam", "generate-credential-report"):
    print("COMPLETE")
    sys.exit(0)
values = []
j = 0
while j < len(params):
    if params[j].startswith("--") and j + 1 < len(params) and not params[j + 1].startswith("--"):
        if params[j] not in ("--version-id", "--account-id"):
            values.append(params[j + 1])
        j += 2
    else:
        j += 1
root = os.path.join(os.environ["FAKE_AWS_DIR"], account)
for folder in ("global", globals_.get("--region", "")):
    base = os.path.join(root, folder, service, command)
    if values:
        base = os.path.join(base, urllib.parse.quote("/".join(values), safe=""))
    if os.path.exists(base + ".json"):
        sys.stdout.write(open(base + ".json").read())
        sys.exit(0)
    if os.path.exists(base + ".error"):
        sys.stderr.write(open(base + ".error").read())
        sys.exit(254)
sys.stderr.write("\nAn error occurred (NoSuchFixture) when calling the %s operation: "
                 "no fixture for %s\n" % (command, " ".join(rest)))
sys.exit(254)
