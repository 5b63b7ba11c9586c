"""Tests of vigil.aws.collect (the boto3 collector) and vigil.Graph.from_aws_cli.

Every AWS answer goes through botocore's Stubber, which checks each response
(and the client each request) against AWS's service models:

* a small organisation, call by call in the order the script makes them
  (one Stubber queue per client, with the expected parameters), with two
  pages of IAM users and of security groups, AccessDenied / NoSuchEntity /
  "there is none" answers: the folder written and what the importer makes
  of it;
* the demo estate (examples/aws-cli-demo) served back as AWS would answer:
  collecting both accounts writes the demo folder again (the same files,
  the same JSON), which imports and runs exactly like the demo.
"""
from __future__ import annotations

import base64
import datetime
import functools
import json
import pickle
import pathlib
import re
import urllib.parse
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

boto3 = pytest.importorskip("boto3")
from botocore import xform_name  # noqa: E402
from botocore.exceptions import ParamValidationError  # noqa: E402
from botocore.stub import Stubber  # noqa: E402
from botocore.utils import parse_timestamp  # noqa: E402

import vigil  # noqa: E402
import vigil.aws  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[3]
PACK = ROOT / "packs" / "cis-aws"
DEMO = ROOT / "examples" / "aws-cli-demo"
NOW = "2026-01-15T00:00:00Z"
ACCOUNT = "123456789012"
UTC = datetime.timezone.utc


@pytest.fixture(scope="module")
def pack() -> vigil.Pack:
    return vigil.Pack.load(PACK)


@pytest.fixture(autouse=True)
def no_aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeps the caller's AWS settings (a default region, a profile) out."""
    for name in ("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_PROFILE", "AWS_CONFIG_FILE",
                 "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)


class ModelStubber(Stubber):
    """botocore's Stubber, tolerating only the one deviation from the models
    AWS is known for (tests/connect/check_fixture_shapes.py): a key never
    used comes back without AccessKeyLastUsed.LastUsedDate, which the model
    marks required."""

    TOLERATED = re.compile(r'^Missing required parameter in AccessKeyLastUsed: "LastUsedDate"$')

    def _validate_response(self, shape: Any, response: Any) -> None:
        try:
            super()._validate_response(shape, response)
        except ParamValidationError as e:
            lines = [line.strip() for line in str(e).splitlines()[1:] if line.strip()]
            if not lines or not all(self.TOLERATED.match(line) for line in lines):
                raise


class StubbedSession(boto3.session.Session):
    """A boto3 session whose clients answer through a ModelStubber.
    `on_client(service, region, stubber)` fills each new client's queue (or
    hooks it); every client made is kept in `stubbers`."""

    def __init__(self, on_client: Callable[[str, str, Stubber], None],
                 region: str = "us-east-1") -> None:
        super().__init__(aws_access_key_id="AKIDTEST", aws_secret_access_key="secret",
                         region_name=region)
        self._on_client = on_client
        self.stubbers: Dict[Tuple[str, str], Stubber] = {}

    def client(self, service_name: str, region_name: Optional[str] = None,
               **kwargs: Any) -> Any:
        region = region_name or self.region_name
        assert (service_name, region) not in self.stubbers, "a second client"
        c = super().client(service_name, region_name=region, **kwargs)
        stubber = ModelStubber(c)
        self._on_client(service_name, region, stubber)
        stubber.activate()
        self.stubbers[(service_name, region)] = stubber
        return c


# ---- a small organisation, call by call -------------------------------------------

T0 = datetime.datetime(2025, 3, 4, 9, 12, 44, tzinfo=UTC)
ARN = "arn:aws:iam::%s:" % ACCOUNT
POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
TRAIL = "arn:aws:cloudtrail:eu-west-1:%s:trail/main" % ACCOUNT
ORG_TRAIL = "arn:aws:cloudtrail:eu-west-1:999988887777:trail/org"
KEY = "0f1e2d3c-1111-4a5b-8c9d-000000000001"
TOPIC = "arn:aws:sns:eu-west-1:%s:alerts" % ACCOUNT
CREDENTIAL_REPORT = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,"
    "access_key_2_last_used_date\n"
    "<root_account>,arn:aws:iam::%(a)s:root,2020-01-01T00:00:00+00:00,not_supported,"
    "2025-12-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,false,N/A,N/A\n"
    "alice,arn:aws:iam::%(a)s:user/alice,2021-05-01T10:00:00+00:00,true,"
    "2026-01-13T08:12:00+00:00,2025-11-01T00:00:00+00:00,N/A,false,true,"
    "2021-05-01T10:00:00+00:00,2026-01-12T16:40:00+00:00,false,N/A,N/A\n"
    "bob,arn:aws:iam::%(a)s:user/bob,2022-03-14T10:00:00+00:00,false,no_information,N/A,N/A,"
    "false,false,N/A,N/A,false,N/A,N/A\n" % {"a": ACCOUNT}).encode()


def user(name: str) -> Dict[str, Any]:
    return {"Path": "/", "UserName": name, "UserId": "AIDA" + name.upper().ljust(17, "X"),
            "Arn": ARN + "user/" + name, "CreateDate": T0}


def group(gid: str, port: int) -> Dict[str, Any]:
    return {"GroupId": gid, "GroupName": gid, "Description": "test", "OwnerId": ACCOUNT,
            "VpcId": "vpc-1",
            "IpPermissions": [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                               "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
            "IpPermissionsEgress": []}


# (service, region) -> [(method, response or ("error", code, status), expected params)], in
# the order the script makes the calls.
Plan = Dict[Tuple[str, str], List[Tuple[str, Any, Optional[Dict[str, Any]]]]]


def small_org_plan() -> Plan:
    g, r = "us-east-1", "eu-west-1"
    policy_doc = {"Version": "2012-10-17",
                  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    inline_doc = {"Version": "2012-10-17",
                  "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    return {
        ("sts", g): [("get_caller_identity",
                      {"UserId": "AIDAAUDITOR000000001", "Account": ACCOUNT,
                       "Arn": ARN + "user/auditor"}, {})],
        ("ec2", g): [("describe_regions", {"Regions": [
            {"RegionName": "eu-west-1", "Endpoint": "ec2.eu-west-1.amazonaws.com",
             "OptInStatus": "opt-in-not-required"},
            {"RegionName": "ap-east-1", "Endpoint": "ec2.ap-east-1.amazonaws.com",
             "OptInStatus": "not-opted-in"}]}, {"AllRegions": True})],
        ("organizations", g): [("list_accounts", ("error", "AccessDeniedException", 400), {})],
        ("account", g): [
            ("get_alternate_contact", {"AlternateContact": {
                "AlternateContactType": "BILLING", "EmailAddress": "billing@example.com",
                "Name": "Billing", "PhoneNumber": "+1-555-0100", "Title": "Billing"}},
             {"AlternateContactType": "BILLING"}),
            ("get_alternate_contact", ("error", "ResourceNotFoundException", 404),
             {"AlternateContactType": "OPERATIONS"}),
            ("get_alternate_contact", {"AlternateContact": {
                "AlternateContactType": "SECURITY", "EmailAddress": "sec@example.com",
                "Name": "Security", "PhoneNumber": "+1-555-0101", "Title": "CISO"}},
             {"AlternateContactType": "SECURITY"}),
        ],
        ("iam", g): [
            ("get_account_summary", {"SummaryMap": {"AccountMFAEnabled": 1,
                                                    "AccountAccessKeysPresent": 0}}, {}),
            ("generate_credential_report", {"State": "STARTED"}, {}),
            ("generate_credential_report", {"State": "COMPLETE"}, {}),
            ("get_credential_report", {"Content": CREDENTIAL_REPORT, "ReportFormat": "text/csv",
                                       "GeneratedTime": T0}, {}),
            ("get_account_password_policy", ("error", "NoSuchEntity", 404), {}),
            ("list_policies", {"Policies": [{
                "PolicyName": "AdministratorAccess", "PolicyId": "ANPAADMINISTRATOR0001",
                "Arn": POLICY, "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 1,
                "IsAttachable": True, "CreateDate": T0, "UpdateDate": T0}],
                "IsTruncated": False}, {"OnlyAttached": True}),
            ("get_policy_version", {"PolicyVersion": {
                "Document": urllib.parse.quote(json.dumps(policy_doc)), "VersionId": "v1",
                "IsDefaultVersion": True, "CreateDate": T0}},
             {"PolicyArn": POLICY, "VersionId": "v1"}),
            ("list_groups", {"Groups": [], "IsTruncated": False}, {}),
            ("list_roles", {"Roles": [], "IsTruncated": False}, {}),
            # Two pages of users.
            ("list_users", {"Users": [user("alice")], "IsTruncated": True, "Marker": "page2"},
             {}),
            ("list_users", {"Users": [user("bob")], "IsTruncated": False}, {"Marker": "page2"}),
            ("list_access_keys", {"AccessKeyMetadata": [{
                "UserName": "alice", "AccessKeyId": "AKIAALICE0000000001", "Status": "Active",
                "CreateDate": T0}], "IsTruncated": False}, {"UserName": "alice"}),
            ("list_mfa_devices", {"MFADevices": [], "IsTruncated": False},
             {"UserName": "alice"}),
            ("list_groups_for_user", {"Groups": [], "IsTruncated": False},
             {"UserName": "alice"}),
            ("list_attached_user_policies", {"AttachedPolicies": [
                {"PolicyName": "AdministratorAccess", "PolicyArn": POLICY}],
                "IsTruncated": False}, {"UserName": "alice"}),
            ("list_user_policies", {"PolicyNames": ["scratch/s3"], "IsTruncated": False},
             {"UserName": "alice"}),
            ("list_access_keys", {"AccessKeyMetadata": [], "IsTruncated": False},
             {"UserName": "bob"}),
            ("list_mfa_devices", {"MFADevices": [], "IsTruncated": False}, {"UserName": "bob"}),
            ("list_groups_for_user", {"Groups": [], "IsTruncated": False}, {"UserName": "bob"}),
            ("list_attached_user_policies", {"AttachedPolicies": [], "IsTruncated": False},
             {"UserName": "bob"}),
            ("list_user_policies", {"PolicyNames": [], "IsTruncated": False},
             {"UserName": "bob"}),
            ("get_access_key_last_used", {"UserName": "alice", "AccessKeyLastUsed": {
                "LastUsedDate": T0, "ServiceName": "s3", "Region": "eu-west-1"}},
             {"AccessKeyId": "AKIAALICE0000000001"}),
            ("get_user_policy", {"UserName": "alice", "PolicyName": "scratch/s3",
                                 "PolicyDocument": urllib.parse.quote(json.dumps(inline_doc))},
             {"UserName": "alice", "PolicyName": "scratch/s3"}),
            ("list_virtual_mfa_devices", {"VirtualMFADevices": [], "IsTruncated": False}, {}),
            ("list_server_certificates", ("error", "AccessDenied", 403), {}),
        ],
        ("s3control", g): [("get_public_access_block", {"PublicAccessBlockConfiguration": {
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True}}, {"AccountId": ACCOUNT})],
        ("s3", g): [
            ("list_buckets", {"Buckets": [{"Name": "logs-" + ACCOUNT, "CreationDate": T0}],
                              "Owner": {"ID": "abc"}}, {}),
            ("get_bucket_location", {"LocationConstraint": "eu-west-1"},
             {"Bucket": "logs-" + ACCOUNT}),
            ("get_public_access_block", ("error", "NoSuchPublicAccessBlockConfiguration", 404),
             {"Bucket": "logs-" + ACCOUNT}),
            ("get_bucket_versioning", {}, {"Bucket": "logs-" + ACCOUNT}),
            ("get_bucket_logging", {}, {"Bucket": "logs-" + ACCOUNT}),
            ("get_bucket_policy", ("error", "NoSuchBucketPolicy", 404),
             {"Bucket": "logs-" + ACCOUNT}),
        ],
        ("ec2", r): [
            ("get_ebs_encryption_by_default", {"EbsEncryptionByDefault": False}, {}),
            ("get_ebs_default_kms_key_id", {"KmsKeyId": "alias/aws/ebs"}, {}),
            ("describe_vpcs", {"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16",
                                         "IsDefault": False, "OwnerId": ACCOUNT,
                                         "State": "available"}]}, {}),
            ("describe_flow_logs", {"FlowLogs": []}, {}),
            # Two pages of security groups.
            ("describe_security_groups", {"SecurityGroups": [group("sg-1", 22)],
                                          "NextToken": "t2"}, {}),
            ("describe_security_groups", {"SecurityGroups": [group("sg-2", 3389)]},
             {"NextToken": "t2"}),
            ("describe_network_acls", {"NetworkAcls": []}, {}),
            ("describe_instances", {"Reservations": []}, {}),
        ],
        ("kms", r): [
            ("list_keys", {"Keys": [{"KeyId": KEY, "KeyArn": "arn:aws:kms:eu-west-1:%s:key/%s"
                                     % (ACCOUNT, KEY)}], "Truncated": False}, {}),
            ("describe_key", {"KeyMetadata": {
                "KeyId": KEY, "Arn": "arn:aws:kms:eu-west-1:%s:key/%s" % (ACCOUNT, KEY),
                "AWSAccountId": ACCOUNT, "CreationDate": T0, "Enabled": True,
                "KeyManager": "CUSTOMER", "KeyState": "Enabled", "KeySpec": "SYMMETRIC_DEFAULT",
                "KeyUsage": "ENCRYPT_DECRYPT", "Origin": "AWS_KMS"}}, {"KeyId": KEY}),
            ("get_key_rotation_status", ("error", "AccessDeniedException", 400), {"KeyId": KEY}),
        ],
        ("logs", r): [
            ("describe_log_groups", {"logGroups": [{
                "logGroupName": "/aws/cloudtrail", "creationTime": 1709287200000,
                "arn": "arn:aws:logs:eu-west-1:%s:log-group:/aws/cloudtrail:*" % ACCOUNT}]},
             {}),
            ("describe_metric_filters", {"metricFilters": []},
             {"logGroupName": "/aws/cloudtrail"}),
        ],
        ("sns", r): [
            ("list_topics", {"Topics": [{"TopicArn": TOPIC}]}, {}),
            ("get_topic_attributes", {"Attributes": {"TopicArn": TOPIC,
                                                     "SubscriptionsConfirmed": "1"}},
             {"TopicArn": TOPIC}),
        ],
        ("cloudwatch", r): [("describe_alarms", {"MetricAlarms": [], "CompositeAlarms": []}, {})],
        ("accessanalyzer", r): [("list_analyzers", {"analyzers": []}, {})],
        ("securityhub", r): [("describe_hub", ("error", "InvalidAccessException", 401), {})],
        ("config", r): [
            ("describe_configuration_recorders", {"ConfigurationRecorders": []}, {}),
            ("describe_configuration_recorder_status", {"ConfigurationRecordersStatus": []}, {}),
        ],
        ("rds", r): [("describe_db_instances", {"DBInstances": []}, {})],
        ("efs", r): [("describe_file_systems", {"FileSystems": []}, {})],
        ("cloudtrail", r): [
            ("describe_trails", {"trailList": [
                {"Name": "main", "TrailARN": TRAIL, "HomeRegion": "eu-west-1",
                 "S3BucketName": "logs-" + ACCOUNT, "IsMultiRegionTrail": True,
                 "LogFileValidationEnabled": True, "IsOrganizationTrail": False},
                {"Name": "org", "TrailARN": ORG_TRAIL, "HomeRegion": "eu-west-1",
                 "S3BucketName": "org-logs", "IsMultiRegionTrail": True,
                 "IsOrganizationTrail": True},
                {"Name": "elsewhere", "TrailARN": TRAIL.replace("eu-west-1", "us-east-1"),
                 "HomeRegion": "us-east-1", "S3BucketName": "logs-" + ACCOUNT}]}, {}),
            ("get_trail_status", {"IsLogging": True}, {"Name": "main"}),
            ("get_event_selectors", {"TrailARN": TRAIL, "EventSelectors": [
                {"ReadWriteType": "All", "IncludeManagementEvents": True}]},
             {"TrailName": "main"}),
            ("get_trail_status", {"IsLogging": True}, {"Name": ORG_TRAIL}),
            ("get_event_selectors", {"TrailARN": ORG_TRAIL, "EventSelectors": []},
             {"TrailName": ORG_TRAIL}),
        ],
    }


def planned_session(plan: Plan) -> StubbedSession:
    def on_client(service: str, region: str, stubber: Stubber) -> None:
        for method, response, params in plan.get((service, region), []):
            if isinstance(response, tuple):
                _, code, status = response
                stubber.add_client_error(method, service_error_code=code,
                                         service_message="stubbed " + code,
                                         http_status_code=status, expected_params=params)
            else:
                stubber.add_response(method, response, params)

    return StubbedSession(on_client)


def read_json(path: pathlib.Path) -> Any:
    text = path.read_text()
    return json.loads(text) if text.strip() else {}


def test_small_org_folder(tmp_path: pathlib.Path) -> None:
    plan = small_org_plan()
    session = planned_session(plan)
    result = vigil.aws.collect(session, out_dir=tmp_path, report_wait=0)
    # Every planned call was made, in order, with the planned parameters.
    assert set(session.stubbers) == set(plan)
    for stubber in session.stubbers.values():
        stubber.assert_no_pending_responses()
    assert result.account == ACCOUNT
    assert result.folder == tmp_path / ACCOUNT
    made = sum(len(calls) for calls in plan.values())
    # sts, the two generate-credential-report polls and the second pages
    # are not calls of the table.
    assert result.calls == made - 1 - 2 - 2
    assert result.failed == 8

    acct = tmp_path / ACCOUNT
    assert sorted(p.name for p in acct.iterdir()) == ["eu-west-1", "global"]
    g = acct / "global"
    # Pages merged, tokens dropped, as the CLI prints them.
    users = read_json(g / "iam" / "list-users.json")
    assert [u["UserName"] for u in users["Users"]] == ["alice", "bob"]
    assert "Marker" not in users
    assert users["Users"][0]["CreateDate"] == "2025-03-04T09:12:44+00:00"
    groups = read_json(acct / "eu-west-1" / "ec2" / "describe-security-groups.json")
    assert [s["GroupId"] for s in groups["SecurityGroups"]] == ["sg-1", "sg-2"]
    assert "NextToken" not in groups
    # The credential report's blob in base64, as the CLI prints it.
    report = read_json(g / "iam" / "get-credential-report.json")
    assert base64.b64decode(report["Content"]) == CREDENTIAL_REPORT
    # IAM policy documents decoded (botocore's handler, as the CLI).
    doc = read_json(g / "iam" / "get-policy-version" /
                    "arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAdministratorAccess.json")
    assert doc["PolicyVersion"]["Document"]["Statement"][0]["Action"] == "*"
    # Parameters percent-encoded; two-value parameters joined by "/".
    assert (g / "iam" / "get-user-policy" / "alice%2Fscratch%2Fs3.json").is_file()
    assert (acct / "eu-west-1" / "cloudtrail" / "get-trail-status" / "main.json").is_file()
    assert (acct / "eu-west-1" / "cloudtrail" / "get-event-selectors" /
            (urllib.parse.quote(ORG_TRAIL, safe="") + ".json")).is_file()
    # An empty answer is {}.
    assert read_json(g / "s3api" / "get-bucket-versioning" / ("logs-%s.json" % ACCOUNT)) == {}
    # Failed calls: the CLI's error text, no .json.
    err = (g / "iam" / "get-account-password-policy.error").read_text()
    assert err.startswith("\nAn error occurred (NoSuchEntity) when calling the "
                          "GetAccountPasswordPolicy operation: ")
    assert not (g / "iam" / "get-account-password-policy.json").exists()
    assert "(AccessDenied)" in (g / "iam" / "list-server-certificates.error").read_text()
    assert "(AccessDeniedException)" in (
        acct / "eu-west-1" / "kms" / "get-key-rotation-status" / (KEY + ".error")).read_text()
    errors = sorted(str(p.relative_to(acct)) for p in acct.rglob("*.error"))
    assert len(errors) == result.failed
    assert not list(acct.rglob("*.tmp"))


def test_small_org_imports(tmp_path: pathlib.Path, pack: vigil.Pack) -> None:
    vigil.aws.collect(planned_session(small_org_plan()), out_dir=tmp_path, report_wait=0)
    graph = vigil.Graph.from_aws_cli(tmp_path, pack.schema)
    users = vigil.query(graph, "iamUsers(where: {}) { id name passwordEnabled }")
    assert sorted((u["name"], u["passwordEnabled"]) for u in users) == [
        ("alice", True), ("bob", False)]
    sgs = vigil.query(graph, "securityGroups(where: {}) { id }")
    assert len(sgs) == 2
    buckets = vigil.query(graph, "s3Buckets(where: {}) { id name region }")
    assert [(b["name"], b["region"]) for b in buckets] == [("logs-" + ACCOUNT, "eu-west-1")]
    run = pack.run(graph, params=None, threads=1, now=NOW)
    status = {c["id"]: c for c in run.controls}
    # Denied: the one key's rotation status; the check reading it is an
    # error naming the call, not a pass.
    assert status["cis-aws-3.6"]["status"] == "error"
    assert "kms get-key-rotation-status in %s/eu-west-1 (failed: AccessDeniedException)" % (
        ACCOUNT) in json.dumps(status["cis-aws-3.6"])
    # NoSuchEntity for the password policy: collected, there is none, so
    # the password policy checks fail (not error).
    for control in ("cis-aws-1.8", "cis-aws-1.9"):
        assert status[control]["status"] == "fail", control
    # The same through the `collect` call that returns the graph.
    direct = vigil.aws.collect(planned_session(small_org_plan()), schema=pack.schema,
                               report_wait=0)
    assert (direct.num_assets, direct.num_edges) == (graph.num_assets, graph.num_edges)


def test_collect_errors(tmp_path: pathlib.Path) -> None:
    # No account: nothing written.
    session = planned_session({("sts", "us-east-1"): [
        ("get_caller_identity", ("error", "ExpiredToken", 403), {})]})
    with pytest.raises(vigil.aws.CollectError) as e:
        vigil.aws.collect(session, out_dir=tmp_path)
    assert "ExpiredToken" in str(e.value)
    assert isinstance(e.value, vigil.Error)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError):
        vigil.aws.collect(session)
    with pytest.raises(ValueError):
        vigil.aws.collect(session, regions=[], out_dir=tmp_path)
    with pytest.raises(ValueError):
        vigil.aws.collect(session, regions=["global"], out_dir=tmp_path)
    with pytest.raises(TypeError):
        vigil.aws.collect(session, regions="eu-west-1", out_dir=tmp_path)
    # No region known: ec2 DescribeRegions denied and no regions given. The
    # account-wide part is written by then.
    plan = small_org_plan()
    plan[("ec2", "us-east-1")] = [("describe_regions", ("error", "UnauthorizedOperation", 403),
                                   {"AllRegions": True})]
    with pytest.raises(vigil.aws.CollectError) as e:
        vigil.aws.collect(planned_session(plan), out_dir=tmp_path / "x", report_wait=0)
    assert "give regions" in str(e.value)
    assert pickle.loads(pickle.dumps(e.value)).message == e.value.message
    assert (tmp_path / "x" / ACCOUNT / "global" / "ec2" / "describe-regions.error").is_file()
    assert (tmp_path / "x" / ACCOUNT / "global" / "iam" / "list-users.json").is_file()


def test_encode_parameter() -> None:
    assert vigil.aws.encode_parameter("/aws/cloudtrail") == "%2Faws%2Fcloudtrail"
    assert vigil.aws.encode_parameter("a-b.c_d~e") == "a-b.c_d~e"
    assert vigil.aws.encode_parameter("é x") == "%C3%A9%20x"
    assert vigil.aws.encode_parameter("arn:aws:iam::aws:policy/AWSSupportAccess") == (
        "arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAWSSupportAccess")


# ---- the demo estate, served back -------------------------------------------------

CLI_NAMES = {v: k for k, v in vigil.aws.CLI_SERVICES.items()}
ERROR = re.compile(r"An error occurred \((\w+)\) when calling the (\w+) operation: (.*)",
                   re.S)
# Members AWS returns that Debian's botocore (1.29) does not model: its
# parser would drop them, so the collected file has them not.
NEWER_MEMBERS = {"ControlFindingGenerator"}


def to_wire(value: Any, shape: Any, dropped: set) -> Any:
    """A value as the CLI printed it -> what botocore's parser returns
    (timestamps as datetimes, blobs as bytes, IAM policy documents as the
    URL-encoded JSON text AWS sends; members the model lacks dropped)."""
    t = shape.type_name
    if value is None:
        return None
    if t == "structure":
        out = {}
        for k, v in value.items():
            if k not in shape.members:
                dropped.add(k)
                continue
            v = to_wire(v, shape.members[k], dropped)
            if v is not None:
                out[k] = v
        return out
    if t == "list":
        return [to_wire(v, shape.member, dropped) for v in value]
    if t == "map":
        return {k: to_wire(v, shape.value, dropped) for k, v in value.items()}
    if t == "timestamp":
        return parse_timestamp(value)
    if t == "blob":
        return base64.b64decode(value)
    if shape.name == "policyDocumentType" and isinstance(value, dict):
        return urllib.parse.quote(json.dumps(value))
    return value


def canonical(value: Any, shape: Any) -> Any:
    """A printed value in one form, to compare two files: timestamps as
    instants, policy documents decoded, nulls and unmodelled members
    left out."""
    t = shape.type_name
    if t == "structure":
        return {k: canonical(v, shape.members[k]) for k, v in value.items()
                if v is not None and k in shape.members}
    if t == "list":
        return [canonical(v, shape.member) for v in value]
    if t == "map":
        return {k: canonical(v, shape.value) for k, v in value.items()}
    if t == "timestamp":
        return parse_timestamp(value).timestamp()
    if shape.name == "policyDocumentType" and isinstance(value, str):
        return json.loads(urllib.parse.unquote(value))
    return value


class DemoAws:
    """Answers every call from the demo folder, as AWS answered the CLI
    there: the <command>.json (made into botocore's parsed form) or the
    error of <command>.error. The parameter of a per-resource call is made
    of the call's string arguments but VersionId and AccountId, joined by
    "/" (as tests/connect/fake_aws.py does for the script)."""

    def __init__(self, account: str) -> None:
        self.account = account
        self.unexpected: List[str] = []
        self.dropped: set = set()

    def on_client(self, service: str, region: str, stubber: Stubber) -> None:
        def answer(params: Dict[str, Any], model: Any, **_: Any) -> None:
            self.answer(service, region, stubber, model, params)

        stubber.client.meta.events.register_first("before-parameter-build.*.*", answer)

    def answer(self, service: str, region: str, stubber: Stubber, model: Any,
               params: Dict[str, Any]) -> None:
        method = xform_name(model.name)
        if model.name == "GetCallerIdentity":
            return stubber.add_response(method, {"Account": self.account, "UserId": "AIDA",
                                                 "Arn": "arn:aws:sts::%s:assumed-role/a/v"
                                                 % self.account})
        if model.name == "GenerateCredentialReport":
            return stubber.add_response(method, {"State": "COMPLETE"})
        cli_service = CLI_NAMES.get(service, service)
        command = xform_name(model.name, "-")
        values = [v for k, v in params.items()
                  if isinstance(v, str) and k not in ("VersionId", "AccountId")]
        root = DEMO / self.account
        for folder in ("global", region):
            base = root / folder / cli_service / command
            if values:
                base = base / urllib.parse.quote("/".join(values), safe="")
            json_file = base.with_name(base.name + ".json")
            error_file = base.with_name(base.name + ".error")
            if json_file.exists():
                wire = to_wire(read_json(json_file), model.output_shape, self.dropped)
                return stubber.add_response(method, wire, params)
            if error_file.exists():
                m = ERROR.search(error_file.read_text())
                assert m, error_file
                return stubber.add_client_error(method, service_error_code=m.group(1),
                                                service_message=m.group(3).strip(),
                                                http_status_code=400)
        self.unexpected.append("%s %s %s %s" % (region, cli_service, command, values))
        stubber.add_client_error(method, service_error_code="NoSuchFixture")


@functools.lru_cache(maxsize=None)
def model_client(service: str) -> Any:
    """A client of `service`, for its models (never called)."""
    return boto3.session.Session().client(service, region_name="us-east-1",
                                          aws_access_key_id="x", aws_secret_access_key="y")


def output_shape(rel: pathlib.Path) -> Tuple[Any, set]:
    """The output shape of the operation of a file of the folder, and the
    members that paginate it (the CLI, merging the pages, prints them not;
    the demo has some, such as Truncated: false)."""
    parts = rel.parts
    service, command = parts[2], parts[3].split(".")[0]
    client = model_client(vigil.aws.CLI_SERVICES.get(service, service))
    model = client.meta.service_model
    for op in model.operation_names:
        if xform_name(op, "-") != command:
            continue
        paging = set()
        if client.can_paginate(xform_name(op)):
            config = client.get_paginator(xform_name(op))._pagination_cfg
            for key in ("output_token", "more_results"):
                value = config.get(key) or []
                paging.update([value] if isinstance(value, str) else value)
        return model.operation_model(op).output_shape, paging
    raise AssertionError("no operation for %s" % rel)


def without(doc: Dict[str, Any], keys: set) -> Dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in keys}


def untimed(value: Any) -> Any:
    """A report's JSON without the times it took."""
    if isinstance(value, dict):
        return {k: untimed(v) for k, v in value.items() if k not in ("time_ms", "elapsed_ms")}
    if isinstance(value, list):
        return [untimed(v) for v in value]
    return value


def test_demo_collected_again(tmp_path: pathlib.Path, pack: vigil.Pack) -> None:
    out = tmp_path / "out"
    fakes = []
    for account in ("111122223333", "777788889999"):
        fake = DemoAws(account)
        fakes.append(fake)
        vigil.aws.collect(StubbedSession(fake.on_client), out_dir=out, report_wait=0)
        assert fake.unexpected == []
        assert fake.dropped <= NEWER_MEMBERS

    def files(root: pathlib.Path) -> set:
        return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}

    want = files(DEMO) - {pathlib.Path("777788889999/eu-west-1/ec2/describe-regions.json")}
    got = files(out)
    assert got == want, (sorted(want - got)[:10], sorted(got - want)[:10])
    # Every call of the table of docs/aws-cli-folder.md was made (and no
    # other: a call without a fixture would be in `unexpected`).
    table = set()
    for line in (ROOT / "docs" / "aws-cli-folder.md").read_text().splitlines():
        m = re.match(r"^\| `aws ([a-z0-9-]+) ([a-z0-9-]+)", line)
        if m:
            table.add(m.groups())
    assert len(table) == 58
    assert {(rel.parts[2], rel.parts[3].split(".")[0]) for rel in got} == table
    shapes: Dict[Tuple[str, str], Any] = {}
    for rel in sorted(got):
        if rel.suffix == ".error":
            assert (out / rel).read_text().strip() == (DEMO / rel).read_text().strip(), rel
            continue
        key = (rel.parts[2], rel.parts[3].split(".")[0])
        if key not in shapes:
            shapes[key] = output_shape(rel)
        shape, paging = shapes[key]
        mine = read_json(out / rel)
        assert not paging & set(mine), rel
        assert canonical(mine, shape) == canonical(without(read_json(DEMO / rel), paging),
                                                   shape), rel

    # Imported, the same graph and the same report.
    a = vigil.Graph.from_aws_cli(out, pack.schema)
    b = vigil.Graph.from_aws_cli(DEMO, pack.schema)
    assert (a.num_assets, a.num_edges) == (b.num_assets, b.num_edges)
    ra = untimed(json.loads(pack.run(a, threads=1, now=NOW).to_json()))
    rb = untimed(json.loads(pack.run(b, threads=1, now=NOW).to_json()))
    assert ra["controls"] == rb["controls"]
    assert ra["summary"] == rb["summary"]
    assert ra["summary"]["errors"] == 7


def test_from_aws_cli(pack: vigil.Pack, tmp_path: pathlib.Path) -> None:
    graph = vigil.Graph.from_aws_cli(DEMO, pack.schema)
    assert graph.num_assets > 100
    narrow = vigil.Graph.from_aws_cli(str(DEMO), pack.schema, regions=["eu-central-1"])
    assert 0 < narrow.num_assets < graph.num_assets
    with pytest.raises(TypeError):
        vigil.Graph.from_aws_cli(DEMO, pack.schema, regions="eu-central-1")
    with pytest.raises(vigil.Error) as e:
        vigil.Graph.from_aws_cli(tmp_path / "none", pack.schema)
    assert e.value.status == "not-found"
    bad = tmp_path / "bad" / "111122223333" / "eu-west-1" / "ec2"
    bad.mkdir(parents=True)
    (bad / "describe-vpcs.json").write_text('{"Vpcs": [{"VpcId": "v", "IsDefault": "yes"}]}')
    with pytest.raises(vigil.Error) as e:
        vigil.Graph.from_aws_cli(tmp_path / "bad", pack.schema)
    assert e.value.status == "input"
    assert e.value.code.startswith("import.")
    assert "describe-vpcs.json" in str(e.value)


@pytest.mark.parametrize("how", ["environment", "argument"])
def test_home_region(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    # The account-wide calls go to AWS_DEFAULT_REGION (as the script's), or
    # to home_region.
    plan: Plan = {}
    for (service, region), calls in small_org_plan().items():
        plan.setdefault((service, "eu-west-1"), []).extend(calls)
    if how == "environment":
        monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
        kwargs: Dict[str, Any] = {}
    else:
        kwargs = {"home_region": "eu-west-1"}
    session = planned_session(plan)
    result = vigil.aws.collect(session, out_dir=tmp_path, report_wait=0, **kwargs)
    assert {region for _, region in session.stubbers} == {"eu-west-1"}
    for stubber in session.stubbers.values():
        stubber.assert_no_pending_responses()
    assert (result.folder / "global" / "iam" / "list-users.json").is_file()
    assert (result.folder / "eu-west-1" / "ec2" / "describe-vpcs.json").is_file()
