#!/usr/bin/python3
"""Checks every .json file of aws-cli folders (docs/aws-cli-folder.md) against
the output shape of its operation in botocore's service models (Debian's
python3-botocore): types, required members, list/map/structure nesting, enum
values where declared, timestamps in the forms the AWS CLI prints.

Usage: check_fixture_shapes.py FOLDER...
Exit status: 0 when every file fits, 1 otherwise (each problem printed with
the file and the JSON path).

What the CLI prints differs from the wire shapes in a few known ways, which
are accepted:
  * IAM policy documents (shape policyDocumentType) are printed decoded, as
    JSON objects (botocore's json_decode_policies handler);
  * an empty response prints nothing (an empty file reads as {});
  * AWS adds members and enum values over time: those newer than this
    botocore are listed in NEWER below, each with the reason (with the one
    required member AWS is known to leave out).
"""
import json
import os
import re
import sys

import botocore.session
from botocore import xform_name

SERVICES = {"s3api": "s3", "configservice": "config"}

# Members and enum values AWS returns today that Debian's botocore (1.29)
# does not declare yet.
NEWER = {
    ("member", "DescribeHubResponse", "ControlFindingGenerator"),  # Security Hub, 2023
    ("enum", "Type", "ACCOUNT_UNUSED_ACCESS"),  # IAM Access Analyzer unused access, 2023
    # Not newer, but what AWS does: a key never used comes back without
    # LastUsedDate although the model marks it required.
    ("required", "AccessKeyLastUsed", "LastUsedDate"),
}

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$")


class Checker:
    def __init__(self):
        self.session = botocore.session.get_session()
        self.models = {}
        self.problems = []

    def operation(self, service, command):
        name = SERVICES.get(service, service)
        if name not in self.models:
            self.models[name] = self.session.get_service_model(name)
        model = self.models[name]
        for op in model.operation_names:
            if xform_name(op, "-") == command:
                return model.operation_model(op)
        return None

    def fail(self, file, path, message):
        self.problems.append("%s: %s: %s" % (file, path, message))

    def check(self, file, path, value, shape):
        t = shape.type_name
        if value is None:
            return  # the CLI prints null for absent values (LocationConstraint)
        if t == "structure":
            if not isinstance(value, dict):
                return self.fail(file, path, "expected an object (%s)" % shape.name)
            for key in shape.required_members:
                if key not in value and ("required", shape.name, key) not in NEWER:
                    self.fail(file, path, "required member %s is missing" % key)
            for key, v in value.items():
                if key not in shape.members:
                    if ("member", shape.name, key) not in NEWER:
                        self.fail(file, path, "%s is not a member of %s" % (key, shape.name))
                    continue
                self.check(file, "%s.%s" % (path, key), v, shape.members[key])
        elif t == "list":
            if not isinstance(value, list):
                return self.fail(file, path, "expected an array (%s)" % shape.name)
            for i, v in enumerate(value):
                self.check(file, "%s[%d]" % (path, i), v, shape.member)
        elif t == "map":
            if not isinstance(value, dict):
                return self.fail(file, path, "expected an object (map %s)" % shape.name)
            for k, v in value.items():
                # Map keys are not checked against an enum: AWS adds keys
                # (GetAccountSummary's AccountPasswordPresent).
                self.check(file, "%s.%s" % (path, k), v, shape.value)
        elif t == "string":
            if shape.name == "policyDocumentType" and isinstance(value, dict):
                return  # decoded by the CLI
            if not isinstance(value, str):
                return self.fail(file, path, "expected a string (%s)" % shape.name)
            enum = shape.enum
            if enum and value not in enum and ("enum", shape.name, value) not in NEWER:
                self.fail(file, path, "%r is not one of %s's values %s" % (value, shape.name, enum))
        elif t in ("integer", "long"):
            if not isinstance(value, int) or isinstance(value, bool):
                self.fail(file, path, "expected an integer (%s)" % shape.name)
        elif t in ("float", "double"):
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                self.fail(file, path, "expected a number (%s)" % shape.name)
        elif t == "boolean":
            if not isinstance(value, bool):
                self.fail(file, path, "expected a boolean (%s)" % shape.name)
        elif t == "timestamp":
            if isinstance(value, bool) or not (
                    isinstance(value, (int, float)) or (isinstance(value, str) and ISO.match(value))):
                self.fail(file, path, "expected a timestamp as the CLI prints it, got %r" % (value,))
        elif t == "blob":
            if not isinstance(value, str):
                self.fail(file, path, "expected base64 text (%s)" % shape.name)
        else:
            self.fail(file, path, "unknown shape type %s" % t)

    def check_file(self, root, rel):
        parts = rel.split(os.sep)
        if len(parts) == 4:
            account, region, service, command = parts
            command = command[:-5]
        elif len(parts) == 5:
            account, region, service, command, _ = parts
        else:
            return self.fail(rel, "$", "not laid out as <account>/<region>/<service>/<command>")
        op = self.operation(service, command)
        if op is None:
            return self.fail(rel, "$", "no operation %s %s in botocore" % (service, command))
        with open(os.path.join(root, rel)) as f:
            text = f.read()
        if not text.strip():
            return  # an empty response: {}
        try:
            value = json.loads(text)
        except ValueError as e:
            return self.fail(rel, "$", "not JSON: %s" % e)
        if op.output_shape is None:
            return self.fail(rel, "$", "the operation has no output")
        self.check(rel, "$", value, op.output_shape)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    checker = Checker()
    files = 0
    for root in argv[1:]:
        for dirpath, _, names in os.walk(root):
            for name in sorted(names):
                if name.endswith(".json"):
                    files += 1
                    checker.check_file(root, os.path.relpath(os.path.join(dirpath, name), root))
    for p in checker.problems:
        print(p)
    print("%d files checked, %d problems" % (files, len(checker.problems)))
    if files == 0:
        return 1
    return 1 if checker.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
