#!/usr/bin/env python3
"""Writes examples/aws-cli-demo/ (an aws-cli folder, docs/aws-cli-folder.md)
and tests/data/aws-cli-demo/estate.json (the same estate as a vigil graph).

The estate is the bundled demo organisation (examples/demo-aws.json) cut to
two accounts, network-hub (111122223333) and analytics-dev (777788889999),
with a few assets added so that every control of packs/cis-aws still has
compliant and non-compliant resources (PATCHES below). The folder is what
`aws <service> <command> --output json` prints for that estate, in the
response shapes of botocore's service models, with timestamps in the forms the
CLI prints (ISO 8601 with an offset, with a fraction, or epoch seconds), and
with some calls failed (DENIED below): tests/connect/aws_cli_demo_test.cc
checks that `vigil run --aws-cli examples/aws-cli-demo` gives the findings of
the graph, except for `error` exactly on the checks that read denied data.

Usage: tools/gen_aws_cli_demo.py [--check]   (from the source root)
--check compares instead of writing (exit 1 on a difference).
"""
import base64
import copy
import filecmp
import json
import os
import shutil
import sys
import tempfile
import urllib.parse

ACCOUNTS = ["111122223333", "777788889999"]
ORG_ID = "o-a1b2c3d4e5"
NOW = "2026-01-15T00:00:00Z"

# Calls that fail: (account, region, service, command, parameter or None) ->
# (code, operation, message).
DENIED = {
    ("777788889999", "eu-west-1", "ec2", "describe-flow-logs", None):
        ("UnauthorizedOperation", "DescribeFlowLogs",
         "You are not authorized to perform this operation. User: "
         "arn:aws:sts::777788889999:assumed-role/auditor/vigil is not authorized to perform: "
         "ec2:DescribeFlowLogs because no identity-based policy allows the "
         "ec2:DescribeFlowLogs action"),
    ("777788889999", "global", "iam", "get-credential-report", None):
        ("AccessDenied", "GetCredentialReport",
         "User: arn:aws:sts::777788889999:assumed-role/auditor/vigil is not authorized to "
         "perform: iam:GetCredentialReport on resource: * because no identity-based policy "
         "allows the iam:GetCredentialReport action"),
    ("111122223333", "us-east-1", "kms", "get-key-rotation-status",
     "0f1e2d3c-1111-4a5b-8c9d-000000000001"):
        ("AccessDeniedException", "GetKeyRotationStatus",
         "User: arn:aws:sts::111122223333:assumed-role/auditor/vigil is not authorized to "
         "perform: kms:GetKeyRotationStatus on resource: arn:aws:kms:us-east-1:111122223333:"
         "key/0f1e2d3c-1111-4a5b-8c9d-000000000001 because no resource-based policy allows "
         "the kms:GetKeyRotationStatus action"),
    ("777788889999", "eu-central-1", "securityhub", "describe-hub", None):
        ("AccessDeniedException", "DescribeHub",
         "User: arn:aws:sts::777788889999:assumed-role/auditor/vigil is not authorized to "
         "perform: securityhub:DescribeHub"),
}


def load(path):
    with open(path) as f:
        return json.load(f)


# ---- the estate --------------------------------------------------------------

def estate(src):
    g = load(src)
    keep = set(ACCOUNTS)
    assets = [a for a in g["assets"]
              if (a["properties"].get("accountId") in keep)]
    ids = {a["id"] for a in assets}
    rels = [r for r in g["relationships"] if r["from"] in ids and r["to"] in ids]
    est = {"assets": assets, "relationships": rels}
    PATCHES(est)
    return est


def add(est, id, type, props, edges=()):
    est["assets"].append({"id": id, "type": type, "properties": props})
    for frm, rel, to in edges:
        est["relationships"].append({"from": frm, "type": rel, "to": to})


def PATCHES(est):
    by_id = {a["id"]: a for a in est["assets"]}
    hub, ana = ACCOUNTS
    # 1.13: etl-svc (analytics-dev) gets a second active key.
    user = "arn:aws:iam::777788889999:user/etl-svc"
    key = user + "/AKIAANAETLSVC0000002"
    add(est, key, "AccessKey", {
        "name": "AKIAANAETLSVC0000002", "accountId": ana, "region": "global",
        "accessKeyId": "AKIAANAETLSVC0000002", "userName": "etl-svc", "status": "Active",
        "createDate": "2026-01-05T09:00:00Z", "lastUsedDate": "2026-01-14T04:00:00Z",
        "lastUsedServiceName": "s3", "lastUsedRegion": "eu-west-1"},
        [(user, "HAS_ACCESS_KEY", key)])
    # 1.19: a valid certificate in analytics-dev.
    cert = "arn:aws:iam::777788889999:server-certificate/notebooks-2026"
    add(est, cert, "IamServerCertificate", {
        "name": "notebooks-2026", "accountId": ana, "region": "global",
        "serverCertificateName": "notebooks-2026", "serverCertificateId": "ASCAANANOTEBOOKS2026",
        "arn": cert, "path": "/", "uploadDate": "2025-11-30T10:00:00Z",
        "expiration": "2026-11-30T23:59:59Z"})
    # 1.6: network-hub's root user uses a hardware MFA token (not listed as a
    # virtual device), so 1.6 has a compliant account.
    root_mfa = "arn:aws:iam::111122223333:mfa/root-account-mfa-device"
    est["assets"] = [a for a in est["assets"] if a["id"] != root_mfa]
    est["relationships"] = [r for r in est["relationships"] if r["to"] != root_mfa]
    # An inline policy on a group (read-only: no finding), so that the demo
    # holds every kind of call.
    group = "arn:aws:iam::111122223333:group/platform-admins"
    gp = group + "/inline-policy/console-read-only"
    add(est, gp, "IamInlinePolicy", {
        "name": "console-read-only", "accountId": hub, "region": "global",
        "policyName": "console-read-only",
        "policyDocument": json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": ["ec2:Describe*", "cloudwatch:Get*"],
            "Resource": "*"}]}),
        "allowsFullAdmin": False},
        [(group, "HAS_INLINE_POLICY", gp)])
    # 2.3.1, 2.3.2: an unencrypted database that does not upgrade minor versions.
    db = "arn:aws:rds:eu-central-1:777788889999:db:analytics-staging"
    add(est, db, "RdsInstance", {
        "name": "analytics-staging", "accountId": ana, "region": "eu-central-1",
        "dbInstanceIdentifier": "analytics-staging", "dbInstanceArn": db, "engine": "mysql",
        "engineVersion": "8.0.39", "dbInstanceClass": "db.t4g.medium",
        "dbInstanceStatus": "available", "storageEncrypted": False,
        "autoMinorVersionUpgrade": False, "publiclyAccessible": False, "multiAZ": False})
    # 2.4.1: an encrypted file system in network-hub.
    fs = "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0a1100000000000c1"
    add(est, fs, "EfsFileSystem", {
        "name": "shared-tools", "accountId": hub, "region": "eu-west-1",
        "fileSystemId": "fs-0a1100000000000c1", "fileSystemArn": fs,
        "lifeCycleState": "available", "creationTime": "2024-03-01T10:00:00Z",
        "encrypted": True,
        "kmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-1111-4a5b-8c9d-000000000003"})
    # 4.6: the console-sign-in topic has its subscription confirmed.
    topic = by_id["arn:aws:sns:us-east-1:111122223333:console-signin-alerts"]
    topic["properties"]["subscriptionsConfirmed"] = 1
    topic["properties"]["subscriptionsPending"] = 0
    # 4.15: network-hub monitors AWS Organizations changes.
    lg = "arn:aws:logs:us-east-1:111122223333:log-group:aws-cloudtrail-logs-111122223333"
    mf = lg + "/metric-filter/organizations_changes"
    alarm = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:organizations_changes-alarm"
    names = ["AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit",
             "CreatePolicy", "DeclineHandshake", "DeleteOrganization",
             "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy", "DisablePolicyType",
             "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization",
             "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy",
             "UpdateOrganizationalUnit"]
    pattern = ("{ ($.eventSource = organizations.amazonaws.com) && (" +
               " || ".join('($.eventName = "%s")' % n for n in names) + ") }")
    add(est, mf, "MetricFilter", {
        "name": "organizations_changes", "accountId": hub, "region": "us-east-1",
        "filterName": "organizations_changes", "filterPattern": pattern,
        "logGroupName": "aws-cloudtrail-logs-111122223333",
        "metricName": "organizations_changes", "metricNamespace": "CISBenchmark",
        "creationTime": "2024-05-10T10:00:00Z", "cisPatterns": ["ORGANIZATIONS_CHANGES"]},
        [(lg, "HAS_METRIC_FILTER", mf), (mf, "ALARMED_BY", alarm)])
    add(est, alarm, "MetricAlarm", {
        "name": "organizations_changes-alarm", "accountId": hub, "region": "us-east-1",
        "alarmName": "organizations_changes-alarm", "alarmArn": alarm,
        "metricName": "organizations_changes", "namespace": "CISBenchmark",
        "actionsEnabled": True,
        "alarmActions": ["arn:aws:sns:us-east-1:111122223333:security-alerts"],
        "stateValue": "OK"},
        [(alarm, "NOTIFIES", "arn:aws:sns:us-east-1:111122223333:security-alerts")])
    # 5.3: a group open to ::/0 on SSH in analytics-dev.
    sg = "arn:aws:ec2:eu-west-1:777788889999:security-group/sg-0c33000000000a006"
    rule = sg + "/sgr-0c33000000000a00600"
    add(est, sg, "SecurityGroup", {
        "name": "bastion-v6", "accountId": ana, "region": "eu-west-1",
        "groupId": "sg-0c33000000000a006", "groupName": "bastion-v6",
        "description": "bastion-v6 security group", "vpcId": "vpc-01a2b3c4d5e6f7a8b",
        "ownerId": ana},
        [(sg, "IN_VPC", "arn:aws:ec2:eu-west-1:777788889999:vpc/vpc-01a2b3c4d5e6f7a8b"),
         (sg, "HAS_RULE", rule)])
    add(est, rule, "SecurityGroupRule", {
        "name": "sgr-0c33000000000a00600", "accountId": ana, "region": "eu-west-1",
        "securityGroupRuleId": "sgr-0c33000000000a00600", "groupId": "sg-0c33000000000a006",
        "isEgress": False, "ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
        "cidrIpv6": "::/0", "tcpUdpFromPort": 22, "tcpUdpToPort": 22})


# ---- the CLI output ----------------------------------------------------------

class Folder:
    def __init__(self, root):
        self.root = root
        self.files = {}

    def put(self, account, region, service, command, body, param=None, raw=None):
        key = (account, region, service, command, param)
        if key in DENIED:
            code, op, msg = DENIED[key]
            self.error(account, region, service, command, param, code, op, msg)
            return
        rel = self.path(account, region, service, command, param, ".json")
        self.files[rel] = raw if raw is not None else json.dumps(body, indent=4) + "\n"

    def error(self, account, region, service, command, param, code, op, msg):
        rel = self.path(account, region, service, command, param, ".error")
        self.files[rel] = ("\nAn error occurred (%s) when calling the %s operation: %s\n"
                           % (code, op, msg))

    @staticmethod
    def path(account, region, service, command, param, ext):
        if param is None:
            return "/".join([account, region, service, command + ext])
        return "/".join([account, region, service, command,
                         urllib.parse.quote(param, safe="") + ext])


def iso(t, style):
    """A vigil timestamp (...Z) as the CLI prints it."""
    if t is None:
        return None
    base = t.rstrip("Z")
    if style == "v2":       # AWS CLI v2: ISO 8601 with an offset
        return base + "+00:00"
    if style == "frac":     # with microseconds
        if "." not in base:
            base += ".000000"
        return base + "+00:00"
    if style == "epoch":    # cli_timestamp_format = none
        import datetime
        d = datetime.datetime.strptime(base[:19], "%Y-%m-%dT%H:%M:%S").replace(
            tzinfo=datetime.timezone.utc)
        return int(d.timestamp())
    return t


def ms(t):
    import datetime
    d = datetime.datetime.strptime(t.rstrip("Z")[:19], "%Y-%m-%dT%H:%M:%S").replace(
        tzinfo=datetime.timezone.utc)
    return int(d.timestamp()) * 1000


def present(pairs):
    """An object from (key, value) pairs, without the null values."""
    return {k: v for k, v in pairs if v is not None}


def tags(p):
    out = []
    for t in p.get("tags") or []:
        k, _, v = t.partition("=")
        out.append({"Key": k, "Value": v})
    return out


def generate(est, out):
    A = {a["id"]: a for a in est["assets"]}
    P = {a["id"]: a["properties"] for a in est["assets"]}
    T = {}
    for a in est["assets"]:
        T.setdefault(a["type"], []).append(a)
    R = {}
    for r in est["relationships"]:
        R.setdefault((r["from"], r["type"]), []).append(r["to"])
    RI = {}
    for r in est["relationships"]:
        RI.setdefault((r["to"], r["type"]), []).append(r["from"])
    f = Folder(out)

    def of(type, account, region=None):
        return [a for a in T.get(type, []) if a["properties"].get("accountId") == account and
                (region is None or a["properties"].get("region") == region)]

    for acct in ACCOUNTS:
        style = "v2" if acct == "111122223333" else "frac"
        ts = lambda t: iso(t, style)
        account = P[acct]
        regions = [P[r] for r in R.get((acct, "HAS_REGION"), [])]
        enabled = [r["regionName"] for r in regions if r.get("optInStatus") != "not-opted-in"]
        # ---- global ----
        regions_doc = {"Regions": [
            {"Endpoint": "ec2.%s.amazonaws.com" % r["regionName"], "RegionName": r["regionName"],
             "OptInStatus": r["optInStatus"]} for r in regions]}
        f.put(acct, "global", "ec2", "describe-regions", regions_doc)
        if acct == "777788889999":
            # An identical copy in a region folder is allowed.
            f.put(acct, "eu-west-1", "ec2", "describe-regions", regions_doc)
        if acct == "111122223333":
            f.put(acct, "global", "organizations", "list-accounts", {"Accounts": [
                {"Id": a, "Arn": "arn:aws:organizations::111122223333:account/%s/%s" % (ORG_ID, a),
                 "Email": P[a]["email"], "Name": P[a]["name"], "Status": P[a]["status"],
                 "JoinedMethod": "CREATED" if a == "111122223333" else "INVITED",
                 "JoinedTimestamp": ts(P[a]["joinedTimestamp"])} for a in ACCOUNTS]})
        else:
            f.error(acct, "global", "organizations", "list-accounts", None,
                    "AccessDeniedException", "ListAccounts",
                    "You don't have permissions to access this resource.")
        contacts = {P[c]["alternateContactType"]: P[c]
                    for c in R.get((acct, "HAS_ALTERNATE_CONTACT"), [])}
        for ctype in ("BILLING", "OPERATIONS", "SECURITY"):
            c = contacts.get(ctype)
            if c is None:
                f.error(acct, "global", "account", "get-alternate-contact", ctype,
                        "ResourceNotFoundException", "GetAlternateContact",
                        "No contact of the inputted alternate contact type found.")
                continue
            f.put(acct, "global", "account", "get-alternate-contact", {"AlternateContact": {
                "AlternateContactType": ctype, "EmailAddress": c["emailAddress"],
                "Name": c["name"], "PhoneNumber": c["phoneNumber"], "Title": c["title"]}},
                param=ctype)
        users = of("IamUser", acct)
        summary = {"Users": len(users), "UsersQuota": 5000, "Groups": len(of("IamGroup", acct)),
                   "GroupsQuota": 300, "ServerCertificates": len(of("IamServerCertificate", acct)),
                   "ServerCertificatesQuota": 20, "Policies": len(of("IamPolicy", acct)),
                   "PoliciesQuota": 1500, "MFADevices": len(of("MfaDevice", acct)),
                   "MFADevicesInUse": len(of("MfaDevice", acct)),
                   "AccountMFAEnabled": account["accountMFAEnabled"],
                   "AccountAccessKeysPresent": account["accountAccessKeysPresent"],
                   "AccountPasswordPresent": account["accountPasswordPresent"],
                   "AccountSigningCertificatesPresent": 0}
        f.put(acct, "global", "iam", "get-account-summary", {"SummaryMap": summary})
        # The credential report: root first, then every user.
        cols = ["user", "arn", "user_creation_time", "password_enabled", "password_last_used",
                "password_last_changed", "password_next_rotation", "mfa_active",
                "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
                "access_key_1_last_used_region", "access_key_1_last_used_service",
                "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
                "access_key_2_last_used_region", "access_key_2_last_used_service",
                "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated"]
        rep = lambda t: iso(t, "v2") if t else "N/A"
        rows = [",".join(cols)]
        root = {"user": "<root_account>", "arn": "arn:aws:iam::%s:root" % acct,
                "user_creation_time": iso(account["joinedTimestamp"], "v2"),
                "password_enabled": "not_supported",
                "password_last_used": rep(account.get("rootPasswordLastUsed")) if account.get(
                    "accountPasswordPresent") else "N/A",
                "password_last_changed": "not_supported", "password_next_rotation": "not_supported",
                "mfa_active": "true" if account["accountMFAEnabled"] else "false",
                "access_key_1_active": "true" if account["accountAccessKeysPresent"] else "false",
                "access_key_1_last_used_date": rep(account.get("rootAccessKey1LastUsedDate")),
                "access_key_2_active": "false",
                "access_key_2_last_used_date": rep(account.get("rootAccessKey2LastUsedDate"))}
        rows.append(",".join(root.get(c, "N/A") for c in cols))
        for u in users:
            p = u["properties"]
            keys = [P[k] for k in R.get((u["id"], "HAS_ACCESS_KEY"), [])]
            row = {"user": p["userName"], "arn": u["id"],
                   "user_creation_time": iso(p["createDate"], "v2"),
                   "password_enabled": "true" if p.get("passwordEnabled") else "false",
                   "password_last_used": (iso(p["passwordLastUsed"], "v2")
                                          if p.get("passwordLastUsed") else
                                          ("no_information" if p.get("passwordEnabled") else "N/A")),
                   "password_last_changed": rep(p.get("passwordLastChanged")),
                   "password_next_rotation": "N/A",
                   "mfa_active": "true" if p.get("mfaActive") else "false"}
            for i in (1, 2):
                k = keys[i - 1] if len(keys) >= i else None
                row["access_key_%d_active" % i] = "true" if k and k["status"] == "Active" else "false"
                row["access_key_%d_last_rotated" % i] = rep(k and k.get("createDate"))
                row["access_key_%d_last_used_date" % i] = rep(k and k.get("lastUsedDate"))
                row["access_key_%d_last_used_region" % i] = (k or {}).get("lastUsedRegion", "N/A")
                row["access_key_%d_last_used_service" % i] = (k or {}).get("lastUsedServiceName", "N/A")
            row.update({"cert_1_active": "false", "cert_2_active": "false"})
            rows.append(",".join(row.get(c, "N/A") for c in cols))
        csv = "\n".join(rows)
        f.put(acct, "global", "iam", "get-credential-report", {
            "Content": base64.b64encode(csv.encode()).decode(), "ReportFormat": "text/csv",
            "GeneratedTime": iso("2026-01-14T23:00:00Z", style)})
        pp = R.get((acct, "HAS_PASSWORD_POLICY"))
        if pp:
            p = P[pp[0]]
            doc = {"MinimumPasswordLength": p["minimumPasswordLength"],
                   "RequireSymbols": p["requireSymbols"], "RequireNumbers": p["requireNumbers"],
                   "RequireUppercaseCharacters": p["requireUppercaseCharacters"],
                   "RequireLowercaseCharacters": p["requireLowercaseCharacters"],
                   "AllowUsersToChangePassword": p["allowUsersToChangePassword"],
                   "ExpirePasswords": p["expirePasswords"]}
            if "passwordReusePrevention" in p:
                doc["PasswordReusePrevention"] = p["passwordReusePrevention"]
            f.put(acct, "global", "iam", "get-account-password-policy", {"PasswordPolicy": doc})
        else:
            f.error(acct, "global", "iam", "get-account-password-policy", None, "NoSuchEntity",
                    "GetAccountPasswordPolicy",
                    "The Password Policy with domain name %s cannot be found." % acct)
        if all(account.get(k) is False for k in ("blockPublicAcls", "ignorePublicAcls",
                                                 "blockPublicPolicy", "restrictPublicBuckets")):
            f.error(acct, "global", "s3control", "get-public-access-block", None,
                    "NoSuchPublicAccessBlockConfiguration", "GetPublicAccessBlock",
                    "The public access block configuration was not found")
        else:
            f.put(acct, "global", "s3control", "get-public-access-block", {
                "PublicAccessBlockConfiguration": {
                    "BlockPublicAcls": account["blockPublicAcls"],
                    "IgnorePublicAcls": account["ignorePublicAcls"],
                    "BlockPublicPolicy": account["blockPublicPolicy"],
                    "RestrictPublicBuckets": account["restrictPublicBuckets"]}})
        # Policies (ListPolicies --only-attached) and their default versions.
        pols = of("IamPolicy", acct)
        f.put(acct, "global", "iam", "list-policies", {"Policies": [{
            "PolicyName": p["properties"]["policyName"],
            "PolicyId": p["properties"].get("policyId") or
                        "ANPA" + p["properties"]["policyName"].upper().replace("-", "")[:17].ljust(17, "X"),
            "Arn": p["properties"]["arn"], "Path": p["properties"]["path"],
            "DefaultVersionId": p["properties"]["defaultVersionId"],
            "AttachmentCount": p["properties"]["attachmentCount"],
            "PermissionsBoundaryUsageCount": 0, "IsAttachable": p["properties"]["isAttachable"],
            "CreateDate": ts(p["properties"].get("createDate", "2015-02-06T18:39:46Z")),
            "UpdateDate": ts(p["properties"].get("updateDate", "2015-02-06T18:39:46Z"))}
            for p in pols]})
        for p in pols:
            pr = p["properties"]
            f.put(acct, "global", "iam", "get-policy-version", {"PolicyVersion": {
                "Document": json.loads(pr["document"]), "VersionId": pr["defaultVersionId"],
                "IsDefaultVersion": True,
                "CreateDate": ts(pr.get("createDate", "2015-02-06T18:39:46Z"))}},
                param=pr["arn"])

        def principal_policies(kind, arn, name):
            attached = [P[x] for x in R.get((arn, "HAS_ATTACHED_POLICY"), [])]
            f.put(acct, "global", "iam", "list-attached-%s-policies" % kind, {
                "AttachedPolicies": [{"PolicyName": x["policyName"], "PolicyArn": x["arn"]}
                                     for x in attached], "IsTruncated": False}, param=name)
            inline = [P[x] for x in R.get((arn, "HAS_INLINE_POLICY"), [])]
            f.put(acct, "global", "iam", "list-%s-policies" % kind, {
                "PolicyNames": [x["policyName"] for x in inline], "IsTruncated": False},
                param=name)
            for x in inline:
                key = {"user": "UserName", "group": "GroupName", "role": "RoleName"}[kind]
                f.put(acct, "global", "iam", "get-%s-policy" % kind, {
                    key: name, "PolicyName": x["policyName"],
                    "PolicyDocument": json.loads(x["policyDocument"])},
                    param="%s/%s" % (name, x["policyName"]))

        groups = of("IamGroup", acct)
        f.put(acct, "global", "iam", "list-groups", {"Groups": [{
            "Path": g["properties"]["path"], "GroupName": g["properties"]["groupName"],
            "GroupId": "AGPA" + g["properties"]["groupName"].upper().replace("-", "")[:17].ljust(17, "X"),
            "Arn": g["id"], "CreateDate": ts(g["properties"]["createDate"])} for g in groups],
            "IsTruncated": False})
        for g in groups:
            principal_policies("group", g["id"], g["properties"]["groupName"])
        roles = of("IamRole", acct)
        f.put(acct, "global", "iam", "list-roles", {"Roles": [{
            "Path": r["properties"]["path"], "RoleName": r["properties"]["roleName"],
            "RoleId": "AROA" + r["properties"]["roleName"].upper().replace("-", "")[:17].ljust(17, "X"),
            "Arn": r["id"], "CreateDate": ts(r["properties"]["createDate"]),
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root" % acct},
                "Action": "sts:AssumeRole"}]},
            "MaxSessionDuration": 3600} for r in roles], "IsTruncated": False})
        for r in roles:
            name = r["properties"]["roleName"]
            f.put(acct, "global", "iam", "get-role", {"Role": {
                "Path": r["properties"]["path"], "RoleName": name,
                "RoleId": "AROA" + name.upper().replace("-", "")[:17].ljust(17, "X"),
                "Arn": r["id"], "CreateDate": ts(r["properties"]["createDate"]),
                "MaxSessionDuration": 3600, "RoleLastUsed": {}}}, param=name)
            principal_policies("role", r["id"], name)
        f.put(acct, "global", "iam", "list-users", {"Users": [dict(
            [("Path", u["properties"]["path"]), ("UserName", u["properties"]["userName"]),
             ("UserId", "AIDA" + u["properties"]["userName"].upper().replace("-", "")[:17].ljust(17, "X")),
             ("Arn", u["id"]), ("CreateDate", ts(u["properties"]["createDate"]))] +
            ([("PasswordLastUsed", ts(u["properties"]["passwordLastUsed"]))]
             if u["properties"].get("passwordLastUsed") else []))
            for u in users], "IsTruncated": False})
        virtual = []
        for u in users:
            name = u["properties"]["userName"]
            keys = [A[k] for k in R.get((u["id"], "HAS_ACCESS_KEY"), [])]
            f.put(acct, "global", "iam", "list-access-keys", {"AccessKeyMetadata": [{
                "UserName": name, "AccessKeyId": k["properties"]["accessKeyId"],
                "Status": k["properties"]["status"],
                "CreateDate": ts(k["properties"]["createDate"])} for k in keys],
                "IsTruncated": False}, param=name)
            for k in keys:
                kp = k["properties"]
                last = {"ServiceName": kp.get("lastUsedServiceName", "N/A"),
                        "Region": kp.get("lastUsedRegion", "N/A")}
                if kp.get("lastUsedDate"):
                    last = {"LastUsedDate": ts(kp["lastUsedDate"]), **last}
                f.put(acct, "global", "iam", "get-access-key-last-used",
                      {"UserName": name, "AccessKeyLastUsed": last}, param=kp["accessKeyId"])
            devices = [P[d] for d in R.get((u["id"], "HAS_MFA_DEVICE"), [])]
            f.put(acct, "global", "iam", "list-mfa-devices", {"MFADevices": [{
                "UserName": name, "SerialNumber": d["serialNumber"],
                "EnableDate": ts(d["enableDate"])} for d in devices], "IsTruncated": False},
                param=name)
            for d in devices:
                if d.get("isVirtual"):
                    virtual.append((d, u))
            f.put(acct, "global", "iam", "list-groups-for-user", {"Groups": [{
                "Path": P[g]["path"], "GroupName": P[g]["groupName"],
                "GroupId": "AGPA" + P[g]["groupName"].upper().replace("-", "")[:17].ljust(17, "X"),
                "Arn": g, "CreateDate": ts(P[g]["createDate"])}
                for g in R.get((u["id"], "MEMBER_OF"), [])], "IsTruncated": False}, param=name)
            principal_policies("user", u["id"], name)
        vdocs = []
        for d in [P[x] for x in R.get((acct, "HAS_ROOT_MFA_DEVICE"), [])]:
            vdocs.append({"SerialNumber": d["serialNumber"], "User": {
                "Path": "/", "UserName": acct, "UserId": acct, "Arn": d["userArn"],
                "CreateDate": ts(account["joinedTimestamp"])},
                "EnableDate": ts(d["enableDate"])})
        for d, u in virtual:
            vdocs.append({"SerialNumber": d["serialNumber"], "User": {
                "Path": u["properties"]["path"], "UserName": u["properties"]["userName"],
                "UserId": "AIDA" + u["properties"]["userName"].upper().replace("-", "")[:17].ljust(17, "X"),
                "Arn": u["id"], "CreateDate": ts(u["properties"]["createDate"])},
                "EnableDate": ts(d["enableDate"])})
        f.put(acct, "global", "iam", "list-virtual-mfa-devices",
              {"VirtualMFADevices": vdocs, "IsTruncated": False})
        f.put(acct, "global", "iam", "list-server-certificates", {
            "ServerCertificateMetadataList": [{
                "Path": c["properties"]["path"],
                "ServerCertificateName": c["properties"]["serverCertificateName"],
                "ServerCertificateId": c["properties"]["serverCertificateId"],
                "Arn": c["id"], "UploadDate": ts(c["properties"]["uploadDate"]),
                "Expiration": ts(c["properties"]["expiration"])}
                for c in of("IamServerCertificate", acct)], "IsTruncated": False})
        # S3 (global).
        buckets = of("S3Bucket", acct)
        f.put(acct, "global", "s3api", "list-buckets", {
            "Buckets": [{"Name": b["properties"]["bucketName"],
                         "CreationDate": ts(b["properties"]["creationDate"])} for b in buckets],
            "Owner": {"DisplayName": P[acct]["name"],
                      "ID": "%064x" % int(acct)}})
        for b in buckets:
            p = b["properties"]
            name = p["bucketName"]
            region = p["region"]
            if region == "us-east-1":
                # The CLI prints null for us-east-1.
                f.put(acct, "global", "s3api", "get-bucket-location", {"LocationConstraint": None},
                      param=name)
            else:
                f.put(acct, "global", "s3api", "get-bucket-location",
                      {"LocationConstraint": region}, param=name)
            bpa = [p.get(k) for k in ("blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy",
                                      "restrictPublicBuckets")]
            if all(v is False for v in bpa):
                f.error(acct, "global", "s3api", "get-public-access-block", name,
                        "NoSuchPublicAccessBlockConfiguration", "GetPublicAccessBlock",
                        "The public access block configuration was not found")
            else:
                f.put(acct, "global", "s3api", "get-public-access-block", {
                    "PublicAccessBlockConfiguration": {
                        "BlockPublicAcls": bool(bpa[0]), "IgnorePublicAcls": bool(bpa[1]),
                        "BlockPublicPolicy": bool(bpa[2]), "RestrictPublicBuckets": bool(bpa[3])}},
                    param=name)
            if p.get("versioningStatus"):
                v = {"Status": p["versioningStatus"]}
                if p.get("mfaDelete"):
                    v["MFADelete"] = p["mfaDelete"]
                f.put(acct, "global", "s3api", "get-bucket-versioning", v, param=name)
            else:
                # Never versioned: the CLI prints nothing at all.
                f.put(acct, "global", "s3api", "get-bucket-versioning", None, param=name, raw="")
            if p.get("loggingTargetBucket"):
                f.put(acct, "global", "s3api", "get-bucket-logging", {"LoggingEnabled": {
                    "TargetBucket": p["loggingTargetBucket"],
                    "TargetPrefix": p.get("loggingTargetPrefix", "")}}, param=name)
            else:
                f.put(acct, "global", "s3api", "get-bucket-logging", None, param=name, raw="")
            if p.get("hasBucketPolicy"):
                f.put(acct, "global", "s3api", "get-bucket-policy", {"Policy": p["policy"]},
                      param=name)
            else:
                f.error(acct, "global", "s3api", "get-bucket-policy", name, "NoSuchBucketPolicy",
                        "GetBucketPolicy", "The bucket policy does not exist")
        # ---- per region ----
        for region in enabled:
            rid = "%s/%s" % (acct, region)
            rp = P[rid]
            f.put(acct, region, "ec2", "get-ebs-encryption-by-default",
                  {"EbsEncryptionByDefault": rp.get("ebsEncryptionByDefault", False)})
            f.put(acct, region, "ec2", "get-ebs-default-kms-key-id",
                  {"KmsKeyId": rp.get("ebsDefaultKmsKeyId", "alias/aws/ebs")})
            keys = of("KmsKey", acct, region)
            f.put(acct, region, "kms", "list-keys", {"Keys": [
                {"KeyId": k["properties"]["keyId"], "KeyArn": k["id"]} for k in keys],
                "Truncated": False})
            for k in keys:
                kp = k["properties"]
                f.put(acct, region, "kms", "describe-key", {"KeyMetadata": {
                    "AWSAccountId": acct, "KeyId": kp["keyId"], "Arn": k["id"],
                    "CreationDate": ts(kp["creationDate"]),
                    "Enabled": kp["keyState"] == "Enabled",
                    "Description": kp.get("name", ""), "KeyUsage": kp["keyUsage"],
                    "KeyState": kp["keyState"], "Origin": kp["origin"],
                    "KeyManager": kp["keyManager"], "CustomerMasterKeySpec": kp["keySpec"],
                    "KeySpec": kp["keySpec"], "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
                    "MultiRegion": kp.get("multiRegion", False)}}, param=kp["keyId"])
                f.put(acct, region, "kms", "get-key-rotation-status",
                      {"KeyRotationEnabled": bool(kp.get("keyRotationEnabled"))},
                      param=kp["keyId"])
            groups = of("LogGroup", acct, region)
            f.put(acct, region, "logs", "describe-log-groups", {"logGroups": [{
                "logGroupName": g["properties"]["logGroupName"],
                "creationTime": ms(g["properties"]["creationTime"]),
                "retentionInDays": g["properties"]["retentionInDays"],
                "metricFilterCount": len(R.get((g["id"], "HAS_METRIC_FILTER"), [])),
                "arn": g["properties"]["arn"], "storedBytes": 123456789} for g in groups]})
            for g in groups:
                filters = [P[x] for x in R.get((g["id"], "HAS_METRIC_FILTER"), [])]
                f.put(acct, region, "logs", "describe-metric-filters", {"metricFilters": [{
                    "filterName": x["filterName"], "filterPattern": x["filterPattern"],
                    "metricTransformations": [{"metricName": x["metricName"],
                                               "metricNamespace": x["metricNamespace"],
                                               "metricValue": "1"}],
                    "creationTime": ms(x["creationTime"]),
                    "logGroupName": x["logGroupName"]} for x in filters]},
                    param=g["properties"]["logGroupName"])
            topics = of("SnsTopic", acct, region)
            f.put(acct, region, "sns", "list-topics",
                  {"Topics": [{"TopicArn": t["id"]} for t in topics]})
            for t in topics:
                tp = t["properties"]
                f.put(acct, region, "sns", "get-topic-attributes", {"Attributes": {
                    "Policy": json.dumps({"Version": "2008-10-17", "Statement": [{
                        "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
                        "Action": "sns:Publish", "Resource": t["id"]}]}),
                    "Owner": acct, "SubscriptionsPending": str(tp["subscriptionsPending"]),
                    "TopicArn": t["id"], "EffectiveDeliveryPolicy": "{}",
                    "SubscriptionsConfirmed": str(tp["subscriptionsConfirmed"]),
                    "DisplayName": "", "SubscriptionsDeleted": "0"}}, param=t["id"])
            alarms = of("MetricAlarm", acct, region)
            f.put(acct, region, "cloudwatch", "describe-alarms", {"MetricAlarms": [{
                "AlarmName": a["properties"]["alarmName"], "AlarmArn": a["id"],
                "AlarmConfigurationUpdatedTimestamp": ts("2024-05-10T10:05:00Z"),
                "ActionsEnabled": a["properties"]["actionsEnabled"], "OKActions": [],
                "AlarmActions": a["properties"].get("alarmActions", []),
                "InsufficientDataActions": [], "StateValue": a["properties"]["stateValue"],
                "StateReason": "Threshold Crossed: no datapoints were received for 1 period.",
                "StateUpdatedTimestamp": ts("2026-01-14T10:00:00Z"),
                "MetricName": a["properties"]["metricName"],
                "Namespace": a["properties"]["namespace"], "Statistic": "Sum",
                "Dimensions": [], "Period": 300, "EvaluationPeriods": 1,
                "DatapointsToAlarm": 1, "Threshold": 1.0,
                "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                "TreatMissingData": "notBreaching"} for a in alarms], "CompositeAlarms": []})
            vpcs = of("Vpc", acct, region)
            f.put(acct, region, "ec2", "describe-vpcs", {"Vpcs": [dict([
                ("CidrBlock", v["properties"]["cidrBlock"]),
                ("DhcpOptionsId", v["properties"].get("dhcpOptionsId", "dopt-0a1b2c3d4e5f60718")),
                ("State", v["properties"]["state"]), ("VpcId", v["properties"]["vpcId"]),
                ("OwnerId", v["properties"]["ownerId"]),
                ("InstanceTenancy", v["properties"]["instanceTenancy"]),
                ("CidrBlockAssociationSet", [{
                    "AssociationId": "vpc-cidr-assoc-" + v["properties"]["vpcId"][4:],
                    "CidrBlock": v["properties"]["cidrBlock"],
                    "CidrBlockState": {"State": "associated"}}]),
                ("IsDefault", v["properties"]["isDefault"])] +
                ([("Tags", tags(v["properties"]))] if v["properties"].get("tags") else []))
                for v in vpcs]})
            logs = of("FlowLog", acct, region)
            f.put(acct, region, "ec2", "describe-flow-logs", {"FlowLogs": [present([
                ("CreationTime", ts(x["properties"]["creationTime"])),
                ("DeliverLogsPermissionArn", x["properties"].get("deliverLogsPermissionArn")),
                ("DeliverLogsStatus", x["properties"].get("deliverLogsStatus")),
                ("FlowLogId", x["properties"]["flowLogId"]),
                ("FlowLogStatus", x["properties"]["flowLogStatus"]),
                ("LogGroupName", x["properties"].get("logGroupName")),
                ("ResourceId", x["properties"]["resourceId"]),
                ("TrafficType", x["properties"]["trafficType"]),
                ("LogDestinationType", x["properties"]["logDestinationType"]),
                ("LogDestination", x["properties"].get("logDestination")),
                ("LogFormat", "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} "
                              "${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} "
                              "${end} ${action} ${log-status}"),
                ("Tags", [{"Key": "Name", "Value": x["properties"]["name"]}]),
                ("MaxAggregationInterval", x["properties"].get("maxAggregationInterval"))])
                for x in logs]})
            sgs = of("SecurityGroup", acct, region)
            docs = []
            for sg in sgs:
                sp = sg["properties"]
                perms = {False: {}, True: {}}
                for rule in R.get((sg["id"], "HAS_RULE"), []):
                    rp_ = P[rule]
                    k = (rp_["ipProtocol"], rp_.get("fromPort"), rp_.get("toPort"))
                    perm = perms[rp_["isEgress"]].setdefault(k, {
                        "IpProtocol": rp_["ipProtocol"], "IpRanges": [], "Ipv6Ranges": [],
                        "PrefixListIds": [], "UserIdGroupPairs": []})
                    if rp_["ipProtocol"] != "-1" and rp_.get("fromPort") is not None:
                        perm["FromPort"] = rp_["fromPort"]
                        perm["ToPort"] = rp_["toPort"]
                    d = {"Description": rp_["description"]} if rp_.get("description") else {}
                    if rp_.get("cidrIpv4"):
                        perm["IpRanges"].append({"CidrIp": rp_["cidrIpv4"], **d})
                    if rp_.get("cidrIpv6"):
                        perm["Ipv6Ranges"].append({"CidrIpv6": rp_["cidrIpv6"], **d})
                    if rp_.get("prefixListId"):
                        perm["PrefixListIds"].append({"PrefixListId": rp_["prefixListId"], **d})
                    if rp_.get("referencedGroupId"):
                        perm["UserIdGroupPairs"].append({"GroupId": rp_["referencedGroupId"],
                                                         "UserId": acct, **d})
                docs.append({"Description": sp["description"], "GroupName": sp["groupName"],
                             "IpPermissions": list(perms[False].values()),
                             "OwnerId": sp["ownerId"], "GroupId": sp["groupId"],
                             "IpPermissionsEgress": list(perms[True].values()),
                             "VpcId": sp["vpcId"]})
            f.put(acct, region, "ec2", "describe-security-groups", {"SecurityGroups": docs})
            acls = of("NetworkAcl", acct, region)
            f.put(acct, region, "ec2", "describe-network-acls", {"NetworkAcls": [dict([
                ("Associations", [{"NetworkAclAssociationId": "aclassoc-" + s[7:],
                                   "NetworkAclId": a["properties"]["networkAclId"], "SubnetId": s}
                                  for s in a["properties"].get("associatedSubnetIds", [])]),
                ("Entries", [dict([("RuleNumber", P[e]["ruleNumber"]),
                                   ("Protocol", P[e]["protocol"]),
                                   ("RuleAction", P[e]["ruleAction"]),
                                   ("Egress", P[e]["egress"])] +
                                  ([("CidrBlock", P[e]["cidrBlock"])] if P[e].get("cidrBlock") else []) +
                                  ([("Ipv6CidrBlock", P[e]["ipv6CidrBlock"])] if P[e].get("ipv6CidrBlock") else []) +
                                  ([("PortRange", {"From": P[e]["portRangeFrom"], "To": P[e]["portRangeTo"]})]
                                   if P[e].get("portRangeFrom") is not None else []))
                             for e in R.get((a["id"], "HAS_ENTRY"), [])]),
                ("IsDefault", a["properties"]["isDefault"]),
                ("NetworkAclId", a["properties"]["networkAclId"]),
                ("Tags", [{"Key": "Name", "Value": a["properties"]["name"]}]),
                ("VpcId", a["properties"]["vpcId"]), ("OwnerId", a["properties"]["ownerId"])])
                for a in acls]})
            instances = of("Ec2Instance", acct, region)
            f.put(acct, region, "ec2", "describe-instances", {"Reservations": [{
                "Groups": [], "Instances": [dict([
                    ("AmiLaunchIndex", 0), ("ImageId", "ami-0c1bea58988a989155"),
                    ("InstanceId", i["properties"]["instanceId"]),
                    ("InstanceType", i["properties"]["instanceType"]),
                    ("LaunchTime", ts(i["properties"]["launchTime"])),
                    ("Placement", {"AvailabilityZone": region + "a", "GroupName": "",
                                   "Tenancy": "default"}),
                    ("State", {"Code": {"running": 16, "stopped": 80, "terminated": 48,
                                        "pending": 0, "stopping": 64}.get(
                                            i["properties"]["stateName"], 16),
                               "Name": i["properties"]["stateName"]}),
                    ("VpcId", i["properties"]["vpcId"])] +
                    ([("IamInstanceProfile", {"Arn": i["properties"]["iamInstanceProfileArn"],
                                              "Id": "AIPA" + i["properties"]["instanceId"][2:19].upper()})]
                     if i["properties"].get("iamInstanceProfileArn") else []) +
                    [("MetadataOptions", {"State": i["properties"]["metadataOptionsState"],
                                          "HttpTokens": i["properties"]["httpTokens"],
                                          "HttpPutResponseHopLimit": 2,
                                          "HttpEndpoint": i["properties"]["httpEndpoint"]}),
                     ("Tags", [{"Key": "Name", "Value": i["properties"]["name"]}])])],
                "OwnerId": acct,
                "ReservationId": "r-0" + i["properties"]["instanceId"][3:19]} for i in instances]})
            analyzers = of("AccessAnalyzer", acct, region)
            f.put(acct, region, "accessanalyzer", "list-analyzers", {"analyzers": [{
                "arn": a["id"], "name": a["properties"]["name"], "type": a["properties"]["type"],
                "createdAt": ts(a["properties"]["createdAt"]), "tags": {},
                "status": a["properties"]["status"]} for a in analyzers]})
            hubs = of("SecurityHub", acct, region)
            if hubs:
                h = hubs[0]["properties"]
                # SubscribedAt is a string in the API (not a timestamp shape).
                f.put(acct, region, "securityhub", "describe-hub", {
                    "HubArn": hubs[0]["id"], "SubscribedAt": h["subscribedAt"].replace("Z", ".000Z"),
                    "AutoEnableControls": h["autoEnableControls"],
                    "ControlFindingGenerator": "SECURITY_CONTROL"})
            else:
                key = (acct, region, "securityhub", "describe-hub", None)
                if key in DENIED:
                    f.put(acct, region, "securityhub", "describe-hub", None)
                else:
                    f.error(acct, region, "securityhub", "describe-hub", None,
                            "InvalidAccessException", "DescribeHub",
                            "Account %s is not subscribed to AWS Security Hub" % acct)
            recs = of("ConfigurationRecorder", acct, region)
            f.put(acct, region, "configservice", "describe-configuration-recorders", {
                "ConfigurationRecorders": [{
                    "name": r["properties"]["recorderName"], "roleARN": r["properties"]["roleARN"],
                    "recordingGroup": {
                        "allSupported": r["properties"]["allSupported"],
                        "includeGlobalResourceTypes": r["properties"]["includeGlobalResourceTypes"],
                        "resourceTypes": []}} for r in recs]})
            f.put(acct, region, "configservice", "describe-configuration-recorder-status", {
                "ConfigurationRecordersStatus": [{
                    "name": r["properties"]["recorderName"],
                    "lastStartTime": ts(r["properties"]["lastStartTime"]),
                    "recording": r["properties"]["recording"],
                    "lastStatus": r["properties"]["lastStatus"],
                    "lastStatusChangeTime": ts("2026-01-14T21:00:00Z")} for r in recs]})
            dbs = of("RdsInstance", acct, region)
            f.put(acct, region, "rds", "describe-db-instances", {"DBInstances": [dict([
                ("DBInstanceIdentifier", d["properties"]["dbInstanceIdentifier"]),
                ("DBInstanceClass", d["properties"]["dbInstanceClass"]),
                ("Engine", d["properties"]["engine"]),
                ("DBInstanceStatus", d["properties"]["dbInstanceStatus"]),
                ("MasterUsername", "admin"),
                ("AllocatedStorage", 100),
                ("InstanceCreateTime", ts("2024-06-01T10:00:00Z")),
                ("MultiAZ", d["properties"]["multiAZ"]),
                ("EngineVersion", d["properties"]["engineVersion"]),
                ("AutoMinorVersionUpgrade", d["properties"]["autoMinorVersionUpgrade"]),
                ("PubliclyAccessible", d["properties"]["publiclyAccessible"]),
                ("StorageType", "gp3"),
                ("StorageEncrypted", d["properties"]["storageEncrypted"])] +
                ([("KmsKeyId", d["properties"]["kmsKeyId"])] if d["properties"].get("kmsKeyId") else []) +
                [("DbiResourceId", "db-" + d["properties"]["dbInstanceIdentifier"].upper().replace("-", "")[:26]),
                 ("DBInstanceArn", d["id"])]) for d in dbs]})
            fss = of("EfsFileSystem", acct, region)
            f.put(acct, region, "efs", "describe-file-systems", {"FileSystems": [dict([
                ("OwnerId", acct),
                ("CreationToken", x["properties"]["name"]),
                ("FileSystemId", x["properties"]["fileSystemId"]),
                ("FileSystemArn", x["id"]),
                ("CreationTime", iso(x["properties"]["creationTime"], "epoch")),
                ("LifeCycleState", x["properties"]["lifeCycleState"]),
                ("Name", x["properties"]["name"]),
                ("NumberOfMountTargets", 1),
                ("SizeInBytes", {"Value": 6144}),
                ("PerformanceMode", "generalPurpose"),
                ("Encrypted", x["properties"]["encrypted"])] +
                ([("KmsKeyId", x["properties"]["kmsKeyId"])] if x["properties"].get("kmsKeyId") else []) +
                [("ThroughputMode", "bursting"),
                 ("Tags", [{"Key": "Name", "Value": x["properties"]["name"]}])]) for x in fss]})
            # CloudTrail: the trails recording this account, shadow copies included.
            recorded = [A[t] for t in R.get((acct, "RECORDED_BY"), [])]
            listed = [t for t in recorded if t["properties"]["homeRegion"] == region or
                      t["properties"].get("isMultiRegionTrail")]
            tl = []
            for t in listed:
                tp = t["properties"]
                d = dict([("Name", tp["trailName"]), ("S3BucketName", tp["s3BucketName"])])
                if tp.get("s3KeyPrefix"):
                    d["S3KeyPrefix"] = tp["s3KeyPrefix"]
                d.update([("IncludeGlobalServiceEvents", tp["includeGlobalServiceEvents"]),
                          ("IsMultiRegionTrail", tp["isMultiRegionTrail"]),
                          ("HomeRegion", tp["homeRegion"]), ("TrailARN", t["id"]),
                          ("LogFileValidationEnabled", tp["logFileValidationEnabled"])])
                if tp.get("cloudWatchLogsLogGroupArn"):
                    d["CloudWatchLogsLogGroupArn"] = tp["cloudWatchLogsLogGroupArn"]
                    d["CloudWatchLogsRoleArn"] = tp.get(
                        "cloudWatchLogsRoleArn",
                        "arn:aws:iam::%s:role/CloudTrail_CloudWatchLogs_Role" % acct)
                if tp.get("kmsKeyId"):
                    d["KmsKeyId"] = tp["kmsKeyId"]
                d.update([("HasCustomEventSelectors", tp.get("hasCustomEventSelectors", False)),
                          ("HasInsightSelectors", False),
                          ("IsOrganizationTrail", tp["isOrganizationTrail"])])
                tl.append(d)
            f.put(acct, region, "cloudtrail", "describe-trails", {"trailList": tl})
            for t in listed:
                tp = t["properties"]
                if tp["homeRegion"] != region:
                    continue
                param = tp["trailName"] if t["id"].split(":")[4] == acct else t["id"]
                status = {"IsLogging": tp.get("isLogging", False)}
                if tp.get("latestDeliveryTime"):
                    status["LatestDeliveryTime"] = ts(tp["latestDeliveryTime"])
                status["LatestDeliveryAttemptTime"] = "2026-01-14T23:55:00Z"
                status["LatestNotificationAttemptTime"] = ""
                status["LatestNotificationAttemptSucceeded"] = ""
                status["LatestDeliveryAttemptSucceeded"] = "2026-01-14T23:55:00Z"
                status["TimeLoggingStarted"] = "2024-05-01T09:00:00Z"
                status["TimeLoggingStopped"] = ""
                f.put(acct, region, "cloudtrail", "get-trail-status", status, param=param)
                sel = {"TrailARN": t["id"]}
                if tp.get("advancedEventSelectors"):
                    sel["AdvancedEventSelectors"] = json.loads(tp["advancedEventSelectors"])
                else:
                    sel["EventSelectors"] = json.loads(tp.get("eventSelectors") or "[]")
                f.put(acct, region, "cloudtrail", "get-event-selectors", sel, param=param)
    return f.files


def write(files, out):
    if os.path.exists(out):
        shutil.rmtree(out)
    for rel, text in sorted(files.items()):
        p = os.path.join(out, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as fh:
            fh.write(text)


def main():
    check = "--check" in sys.argv[1:]
    est = estate("examples/demo-aws.json")
    files = generate(est, "examples/aws-cli-demo")
    est_text = json.dumps(est, indent=1) + "\n"
    if check:
        with tempfile.TemporaryDirectory() as tmp:
            write(files, os.path.join(tmp, "demo"))
            cmp = filecmp.dircmp(os.path.join(tmp, "demo"), "examples/aws-cli-demo")
            same = open("tests/data/aws-cli-demo/estate.json").read() == est_text
            def diff(c):
                bad = c.left_only + c.right_only + c.diff_files
                return bad or any(diff(s) for s in c.subdirs.values())
            if diff(cmp) or not same:
                print("examples/aws-cli-demo or its estate is out of date; run "
                      "tools/gen_aws_cli_demo.py", file=sys.stderr)
                return 1
        return 0
    write(files, "examples/aws-cli-demo")
    os.makedirs("tests/data/aws-cli-demo", exist_ok=True)
    with open("tests/data/aws-cli-demo/estate.json", "w") as fh:
        fh.write(est_text)
    print("%d files in examples/aws-cli-demo" % len(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
