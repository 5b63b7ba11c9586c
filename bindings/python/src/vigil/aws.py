"""vigil.aws: collects an AWS account with boto3 into an aws-cli folder.

    import boto3
    import vigil

    session = boto3.Session(profile_name="prod")
    vigil.aws.collect(session, out_dir="estate")        # estate/<account-id>/...
    pack = vigil.Pack.load("packs/cis-aws")
    graph = vigil.Graph.from_aws_cli("estate", pack.schema)

    # or, without keeping the folder:
    graph = vigil.aws.collect(session, schema=pack.schema)

`collect` makes the calls scripts/collect-aws-cli.sh makes with the AWS CLI
(the table of docs/aws-cli-folder.md, `vigil import aws-cli --list-calls`),
in the same order, with boto3's paginators where the CLI paginates, and
writes what the CLI would print: DIR/<account-id>/<region>/<service>/
<command>[/<parameter>].json, or the error text in a .error file for a call
that failed (AccessDenied, NoSuchEntity, a network error, ...), so that the
folder imports exactly like one the script wrote: the importer reads the
error code and decides whether the call counts as collected ("there is
none") or failed. Only read calls are made (Describe, Get, List, and
iam GenerateCredentialReport, which builds the report).

Needs boto3 (Debian: python3-boto3); vigil itself does not import it until
this module is used.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import json
import logging
import os
import pathlib
import re
import shutil
import tempfile
import time
import urllib.parse
from typing import (TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union,
                    overload)

from botocore.exceptions import BotoCoreError, ClientError

from vigil._errors import Error

if TYPE_CHECKING:  # pragma: no cover
    import boto3

    from vigil._vigil import Graph, Schema

__all__ = ["CollectError", "CollectResult", "collect", "encode_parameter", "CLI_SERVICES"]

_log = logging.getLogger("vigil.aws")

#: The AWS CLI's service names that boto3 spells differently.
CLI_SERVICES: Dict[str, str] = {"s3api": "s3", "configservice": "config"}

#: The region of the account-wide calls (IAM, S3 ListBuckets, ...), as the
#: script: AWS_DEFAULT_REGION when set, else this.
DEFAULT_HOME_REGION = "us-east-1"

_ACCOUNT_ID = re.compile(r"^[0-9]{12}$")

PathLike = Union[str, "os.PathLike[str]"]


class CollectError(Error):
    """Collection could not go on: the credentials' account cannot be told
    (sts GetCallerIdentity failed), or no region is known (ec2
    DescribeRegions failed and no `regions` were given). A call that fails
    is not a CollectError: it is recorded in the folder."""

    def __init__(self, message: str) -> None:
        super().__init__(message, status="io")

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        return (CollectError, (self.message,))


@dataclasses.dataclass(frozen=True)
class CollectResult:
    """What `collect` wrote.

    Attributes:
      account: the 12-digit account id of the session's credentials.
      folder: DIR/<account>, the account's part of the aws-cli folder.
      calls: the calls recorded (files written), as the script counts them.
      failed: how many of them left an .error file (including answers such
        as NoSuchEntity that the importer reads as "there is none").
    """

    account: str
    folder: pathlib.Path
    calls: int
    failed: int


def encode_parameter(value: str) -> str:
    """The file name of a per-resource call's parameter: RFC 3986
    percent-encoding of its UTF-8 bytes, keeping only A-Z a-z 0-9 - . _ ~
    (docs/aws-cli-folder.md)."""
    return urllib.parse.quote(value, safe="")


def _cli_default(value: Any) -> Any:
    """JSON for what boto3 returns and JSON does not know, as the AWS CLI
    prints it: timestamps in ISO 8601, blobs in base64."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError("cannot write %r as JSON" % (value,))


def _cli_json(response: Dict[str, Any]) -> str:
    """The text `aws ... --output json` prints for `response` (without
    ResponseMetadata, which the CLI drops)."""
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    return json.dumps(body, indent=4, ensure_ascii=False, default=_cli_default) + "\n"


def _strings(response: Optional[Dict[str, Any]], list_key: str,
             field: Optional[str] = None) -> Iterator[str]:
    """The items of `response[list_key]` (nothing when the call failed): a
    list of strings, or the `field` of each object. Empty values are
    skipped, as the script skips empty lines."""
    for item in (response or {}).get(list_key) or []:
        value = item if field is None else item.get(field)
        if value:
            yield str(value)


def _policy_versions(response: Optional[Dict[str, Any]]) -> Iterator[Tuple[str, str]]:
    """(Arn, DefaultVersionId) of each policy of iam ListPolicies."""
    for policy in (response or {}).get("Policies") or []:
        if policy.get("Arn"):
            yield str(policy["Arn"]), str(policy.get("DefaultVersionId") or "")


class _Collector:
    """One account's collection into `root` (DIR/<account>)."""

    def __init__(self, session: "boto3.session.Session", home_region: str,
                 report_wait: float) -> None:
        self._session = session
        self._home_region = home_region
        self._report_wait = report_wait
        self._clients: Dict[Tuple[str, str], Any] = {}
        self.root = pathlib.Path()
        self.calls = 0
        self.failed = 0

    def client(self, cli_service: str, region: str) -> Any:
        """The boto3 client of a CLI service in a region ("global": the home
        region), made once."""
        api_region = self._home_region if region == "global" else region
        service = CLI_SERVICES.get(cli_service, cli_service)
        key = (service, api_region)
        if key not in self._clients:
            self._clients[key] = self._session.client(service, region_name=api_region)
        return self._clients[key]

    def request(self, cli_service: str, region: str, command: str,
                kwargs: Dict[str, Any]) -> Dict[str, Any]:
        """Makes one call as the CLI does: every page of a pageable
        operation, merged (as `aws` does unless --no-paginate)."""
        client = self.client(cli_service, region)
        method = command.replace("-", "_")
        if client.can_paginate(method):
            return client.get_paginator(method).paginate(**kwargs).build_full_result()
        return getattr(client, method)(**kwargs)

    def call(self, region: str, cli_service: str, command: str, param: str = "",
             **kwargs: Any) -> Optional[Dict[str, Any]]:
        """Makes one call of the table and records it as
        <region>/<service>/<command>[/<param>].json, or its error text as
        .error. Returns the response, or None when the call failed."""
        base = self.root / region / cli_service / command
        if param:
            base = base / encode_parameter(param)
        base.parent.mkdir(parents=True, exist_ok=True)
        json_path = base.with_name(base.name + ".json")
        error_path = base.with_name(base.name + ".error")
        self.calls += 1
        try:
            response = self.request(cli_service, region, command, kwargs)
        except (ClientError, BotoCoreError) as e:
            # What the CLI prints for a failed call: a blank line, then
            # "An error occurred (Code) when calling the Op operation: ...".
            # The importer reads the code; a text without one (a network
            # error) is a call not collected.
            self.failed += 1
            _log.info("%s %s %s: %s", region, cli_service, command, e)
            _write(error_path, "\n%s\n" % e)
            _remove(json_path)
            return None
        _write(json_path, _cli_json(response))
        _remove(error_path)
        return response

    def account_id(self) -> str:
        """The account of the session's credentials."""
        try:
            account = self.client("sts", "global").get_caller_identity().get("Account", "")
        except (ClientError, BotoCoreError) as e:
            raise CollectError("cannot tell which account the credentials belong to: %s" %
                               e) from e
        if not _ACCOUNT_ID.match(str(account)):
            raise CollectError("unexpected account id %r" % (account,))
        return str(account)

    def wait_for_credential_report(self) -> None:
        """iam GenerateCredentialReport until the report is COMPLETE (ten
        tries at most, as the script; a failure just ends the wait)."""
        iam = self.client("iam", "global")
        for attempt in range(10):
            try:
                state = iam.generate_credential_report().get("State")
            except (ClientError, BotoCoreError) as e:
                _log.info("iam generate-credential-report: %s", e)
                return
            if state == "COMPLETE":
                return
            if attempt < 9 and self._report_wait > 0:
                time.sleep(self._report_wait)

    def collect_global(self, account: str) -> Optional[Dict[str, Any]]:
        """The account-wide calls; returns ec2 DescribeRegions' answer."""
        g = "global"
        regions = self.call(g, "ec2", "describe-regions", AllRegions=True)
        self.call(g, "organizations", "list-accounts")
        for kind in ("BILLING", "OPERATIONS", "SECURITY"):
            self.call(g, "account", "get-alternate-contact", kind, AlternateContactType=kind)
        self.call(g, "iam", "get-account-summary")
        self.wait_for_credential_report()
        self.call(g, "iam", "get-credential-report")
        self.call(g, "iam", "get-account-password-policy")
        self.call(g, "s3control", "get-public-access-block", AccountId=account)

        # IAM: policies, groups, roles, users and what hangs off them.
        policies = self.call(g, "iam", "list-policies", OnlyAttached=True)
        for arn, version in _policy_versions(policies):
            self.call(g, "iam", "get-policy-version", arn, PolicyArn=arn, VersionId=version)

        groups = list(_strings(self.call(g, "iam", "list-groups"), "Groups", "GroupName"))
        inline: Dict[str, Optional[Dict[str, Any]]] = {}
        for name in groups:
            self.call(g, "iam", "list-attached-group-policies", name, GroupName=name)
            inline[name] = self.call(g, "iam", "list-group-policies", name, GroupName=name)
        for name in groups:
            for policy in _strings(inline[name], "PolicyNames"):
                self.call(g, "iam", "get-group-policy", "%s/%s" % (name, policy),
                          GroupName=name, PolicyName=policy)

        roles = list(_strings(self.call(g, "iam", "list-roles"), "Roles", "RoleName"))
        inline = {}
        for name in roles:
            self.call(g, "iam", "get-role", name, RoleName=name)
            self.call(g, "iam", "list-attached-role-policies", name, RoleName=name)
            inline[name] = self.call(g, "iam", "list-role-policies", name, RoleName=name)
        for name in roles:
            for policy in _strings(inline[name], "PolicyNames"):
                self.call(g, "iam", "get-role-policy", "%s/%s" % (name, policy),
                          RoleName=name, PolicyName=policy)

        users = list(_strings(self.call(g, "iam", "list-users"), "Users", "UserName"))
        keys: Dict[str, Optional[Dict[str, Any]]] = {}
        inline = {}
        for name in users:
            keys[name] = self.call(g, "iam", "list-access-keys", name, UserName=name)
            self.call(g, "iam", "list-mfa-devices", name, UserName=name)
            self.call(g, "iam", "list-groups-for-user", name, UserName=name)
            self.call(g, "iam", "list-attached-user-policies", name, UserName=name)
            inline[name] = self.call(g, "iam", "list-user-policies", name, UserName=name)
        for name in users:
            for key in _strings(keys[name], "AccessKeyMetadata", "AccessKeyId"):
                self.call(g, "iam", "get-access-key-last-used", key, AccessKeyId=key)
            for policy in _strings(inline[name], "PolicyNames"):
                self.call(g, "iam", "get-user-policy", "%s/%s" % (name, policy),
                          UserName=name, PolicyName=policy)
        self.call(g, "iam", "list-virtual-mfa-devices")
        self.call(g, "iam", "list-server-certificates")

        # S3: buckets are listed once per account.
        for bucket in _strings(self.call(g, "s3api", "list-buckets"), "Buckets", "Name"):
            for command in ("get-bucket-location", "get-public-access-block",
                            "get-bucket-versioning", "get-bucket-logging", "get-bucket-policy"):
                self.call(g, "s3api", command, bucket, Bucket=bucket)
        return regions

    def collect_region(self, account: str, r: str) -> None:
        """The regional calls of region `r`."""
        self.call(r, "ec2", "get-ebs-encryption-by-default")
        self.call(r, "ec2", "get-ebs-default-kms-key-id")
        for key in _strings(self.call(r, "kms", "list-keys"), "Keys", "KeyId"):
            self.call(r, "kms", "describe-key", key, KeyId=key)
            self.call(r, "kms", "get-key-rotation-status", key, KeyId=key)
        log_groups = self.call(r, "logs", "describe-log-groups")
        for topic in _strings(self.call(r, "sns", "list-topics"), "Topics", "TopicArn"):
            self.call(r, "sns", "get-topic-attributes", topic, TopicArn=topic)
        self.call(r, "cloudwatch", "describe-alarms")
        for group in _strings(log_groups, "logGroups", "logGroupName"):
            self.call(r, "logs", "describe-metric-filters", group, logGroupName=group)
        for command in ("describe-vpcs", "describe-flow-logs", "describe-security-groups",
                        "describe-network-acls", "describe-instances"):
            self.call(r, "ec2", command)
        self.call(r, "accessanalyzer", "list-analyzers")
        self.call(r, "securityhub", "describe-hub")
        self.call(r, "configservice", "describe-configuration-recorders")
        self.call(r, "configservice", "describe-configuration-recorder-status")
        self.call(r, "rds", "describe-db-instances")
        self.call(r, "efs", "describe-file-systems")
        trails = self.call(r, "cloudtrail", "describe-trails")
        for trail in _trail_parameters(trails, r, account):
            self.call(r, "cloudtrail", "get-trail-status", trail, Name=trail)
            self.call(r, "cloudtrail", "get-event-selectors", trail, TrailName=trail)


def _trail_parameters(response: Optional[Dict[str, Any]], region: str,
                      account: str) -> List[str]:
    """The trails of a DescribeTrails answer whose home region is `region`,
    as the parameter of their per-trail calls: the name of the account's own
    trails, the ARN of other accounts' (organization trails)."""
    out = []
    for trail in (response or {}).get("trailList") or []:
        if trail.get("HomeRegion") != region:
            continue
        arn = trail.get("TrailARN") or ""
        parts = arn.split(":")
        own = len(parts) > 4 and parts[4] == account
        param = trail.get("Name", "") if own else arn
        if param:
            out.append(param)
    return out


def _enabled_regions(response: Optional[Dict[str, Any]]) -> List[str]:
    """The regions ec2 DescribeRegions lists as enabled."""
    return [r["RegionName"] for r in (response or {}).get("Regions") or []
            if r.get("RegionName") and r.get("OptInStatus") != "not-opted-in"]


def _write(path: pathlib.Path, text: str) -> None:
    """Writes a file whole (a temporary file renamed into place)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _remove(path: pathlib.Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _region_list(regions: Optional[Iterable[str]]) -> Optional[List[str]]:
    if regions is None:
        return None
    if isinstance(regions, str):
        raise TypeError("regions: a list of region codes, not a string")
    out = [r.strip() for r in regions if r and r.strip()]
    if not out:
        raise ValueError("regions: an empty list (give None for every enabled region)")
    if "global" in out:
        raise ValueError("regions: \"global\" is not a region (the account-wide calls are "
                         "always made)")
    return out


def _collect_into(session: "boto3.session.Session", regions: Optional[List[str]],
                  out_dir: pathlib.Path, home_region: Optional[str],
                  report_wait: float) -> CollectResult:
    home = home_region or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_HOME_REGION
    c = _Collector(session, home, report_wait)
    account = c.account_id()
    c.root = out_dir / account
    described = c.collect_global(account)
    if regions is None:
        regions = _enabled_regions(described)
        if not regions:
            raise CollectError("ec2 describe-regions failed or listed no enabled region; "
                               "give regions")
    for r in regions:
        c.collect_region(account, r)
    _log.info("account %s: %d calls, %d failed, in %s", account, c.calls, c.failed, c.root)
    return CollectResult(account=account, folder=c.root, calls=c.calls, failed=c.failed)


@overload
def collect(session: "boto3.session.Session", regions: Optional[Iterable[str]] = ...,
            out_dir: None = ..., *, schema: "Schema", home_region: Optional[str] = ...,
            report_wait: float = ...) -> "Graph":
    ...


@overload
def collect(session: "boto3.session.Session", regions: Optional[Iterable[str]],
            out_dir: PathLike, *, schema: None = ..., home_region: Optional[str] = ...,
            report_wait: float = ...) -> CollectResult:
    ...


@overload
def collect(session: "boto3.session.Session", regions: Optional[Iterable[str]] = ...,
            *, out_dir: PathLike, schema: None = ..., home_region: Optional[str] = ...,
            report_wait: float = ...) -> CollectResult:
    ...


def collect(session: "boto3.session.Session",
            regions: Optional[Iterable[str]] = None,
            out_dir: Optional[PathLike] = None, *,
            schema: Optional["Schema"] = None,
            home_region: Optional[str] = None,
            report_wait: float = 2.0) -> Union[CollectResult, "Graph"]:
    """Collects the account of `session`'s credentials as
    scripts/collect-aws-cli.sh does.

    Args:
      session: a boto3 Session (its credentials; the account-wide calls
        are made in AWS_DEFAULT_REGION or us-east-1, as the script makes
        them).
      regions: the region codes of the regional calls (a list);
        None: every region ec2 DescribeRegions lists as enabled.
      out_dir: the aws-cli folder to write into (DIR/<account-id>/...;
        several accounts can be collected into the same folder). Files of
        an earlier collection of the same calls are replaced.
      schema: with no `out_dir`, the schema to import into (e.g.
        `vigil.Pack.load("packs/cis-aws").schema`): the account is collected
        into a temporary folder, imported with `vigil.Graph.from_aws_cli`
        (narrowed to `regions` when given) and the folder removed.
      home_region: the region of the account-wide calls instead (another
        partition's, e.g. us-gov-west-1).
      report_wait: seconds between the polls of iam
        GenerateCredentialReport.

    Returns:
      with `out_dir`, a CollectResult; without, the Graph.

    Raises:
      CollectError: the account cannot be told, or no region is known.
      vigil.Error: the import failed (without `out_dir`).
      ValueError: `regions` is empty or names "global", or neither
        `out_dir` nor `schema` is given (or both are).
      TypeError: `regions` is a string rather than a list.

    A call that fails (AccessDenied, NoSuchEntity, throttling past boto3's
    retries, a network error) does not stop the collection: its error text
    goes to the call's .error file, which the importer reads.
    """
    region_list = _region_list(regions)
    if out_dir is not None:
        if schema is not None:
            raise ValueError("give out_dir or schema, not both (load the folder with "
                             "vigil.Graph.from_aws_cli)")
        return _collect_into(session, region_list, pathlib.Path(os.fspath(out_dir)),
                             home_region, report_wait)
    if schema is None:
        raise ValueError("give out_dir (the folder to write) or schema (to return the graph)")
    from vigil._vigil import Graph

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="vigil-aws-"))
    try:
        _collect_into(session, region_list, tmp, home_region, report_wait)
        return Graph.from_aws_cli(tmp, schema, region_list)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
