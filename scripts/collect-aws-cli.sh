#!/usr/bin/env bash
# Collects one AWS account into an aws-cli folder (docs/aws-cli-folder.md)
# with the real `aws` CLI, for `vigil import aws-cli DIR` / `vigil run
# --aws-cli DIR`:
#
#   scripts/collect-aws-cli.sh [--profile P] [--regions r1,r2] -o DIR
#
# It makes exactly the calls `vigil import aws-cli --list-calls` lists (every
# call the CIS AWS pack needs): the account-wide ones under
# DIR/<account>/global/, the regional ones under DIR/<account>/<region>/ for
# every enabled region (or the --regions given), and the per-resource ones
# for each resource the list calls returned. A call that fails leaves its
# error text in <command>.error (or <command>/<parameter>.error) instead of
# a .json file; vigil reads the error code from it. Run it once per account
# (with a profile for each) into the same DIR to collect several.
#
# Needs: the AWS CLI (v1 or v2) and python3 (to read the list calls' output).
# Read-only: it calls only Describe/Get/List operations, and
# iam generate-credential-report (which only builds the report).
set -u -o pipefail

usage() {
  echo "usage: $0 [--profile P] [--regions r1,r2] -o DIR" >&2
  exit 2
}

profile=()
regions=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) [ $# -ge 2 ] || usage; profile=(--profile "$2"); shift 2 ;;
    --regions) [ $# -ge 2 ] || usage; regions="$2"; shift 2 ;;
    -o|--output) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) usage ;;
  esac
done
[ -n "$out" ] || usage
command -v aws >/dev/null || { echo "$0: the aws CLI is not on PATH" >&2; exit 2; }
command -v python3 >/dev/null || { echo "$0: python3 is needed" >&2; exit 2; }

# The region used for account-wide APIs (IAM, S3 ListBuckets, ...).
home_region="${AWS_DEFAULT_REGION:-us-east-1}"

account=$(aws "${profile[@]}" --region "$home_region" --output text \
          sts get-caller-identity --query Account) || {
  echo "$0: cannot tell which account the credentials belong to" >&2
  exit 1
}
case "$account" in
  [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;;
  *) echo "$0: unexpected account id \"$account\"" >&2; exit 1 ;;
esac
root="$out/$account"
calls=0
failed=0

# call REGION SERVICE COMMAND PARAM [ARGS...]: runs one call and stores its
# output as $root/<folder>/SERVICE/COMMAND[/PARAM].json, or its error text as
# .error. REGION is "global" for account-wide calls.
call() {
  local region=$1 service=$2 command=$3 param=$4
  shift 4
  local folder=$region api_region=$region base
  [ "$region" = global ] && api_region=$home_region
  if [ -z "$param" ]; then
    base="$root/$folder/$service/$command"
  else
    base="$root/$folder/$service/$command/$(encode "$param")"
  fi
  mkdir -p "$(dirname "$base")"
  calls=$((calls + 1))
  if aws "${profile[@]}" --region "$api_region" --output json "$service" "$command" "$@" \
       >"$base.json.tmp" 2>"$base.error.tmp"; then
    mv "$base.json.tmp" "$base.json"
    rm -f "$base.error.tmp" "$base.error"
  else
    failed=$((failed + 1))
    rm -f "$base.json.tmp" "$base.json"
    mv "$base.error.tmp" "$base.error"
  fi
}

# RFC 3986 percent-encoding of a parameter for a file name.
encode() {
  local LC_ALL=C s=$1 out="" c i v
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) printf -v v '%d' "'$c"
         ((v < 0)) && v=$((v + 256))
         printf -v c '%%%02X' "$v"
         out+=$c ;;
    esac
  done
  printf '%s\n' "$out"
}

# values FILE EXPR: one value per line from the saved output FILE (nothing
# when the call failed). EXPR is LIST.FIELD[,FIELD...] (fields joined by a
# tab), or LIST for a list of strings.
values() {
  [ -f "$1" ] || return 0
  python3 - "$1" "$2" <<'PY'
import json, sys
path, expr = sys.argv[1], sys.argv[2]
text = open(path).read().strip()
doc = json.loads(text) if text else {}
lst, _, fields = expr.partition(".")
for item in (doc or {}).get(lst) or []:
    if not fields:
        print(item)
    else:
        print("\t".join(str(item.get(f, "")) for f in fields.split(",")))
PY
}

# trails FILE REGION: the trails of FILE (describe-trails) whose home region
# is REGION, as the parameter of their per-trail calls: the name for this
# account's trails, the ARN for other accounts' (organization trails).
trails() {
  [ -f "$1" ] || return 0
  python3 - "$1" "$2" "$account" <<'PY'
import json, sys
path, region, account = sys.argv[1:4]
text = open(path).read().strip()
for t in (json.loads(text) if text else {}).get("trailList") or []:
    if t.get("HomeRegion") != region:
        continue
    arn = t.get("TrailARN", "")
    own = len(arn.split(":")) > 4 and arn.split(":")[4] == account
    print(t["Name"] if own else arn)
PY
}

g="$root/global"

# ---- account-wide --------------------------------------------------------------
call global ec2 describe-regions "" --all-regions
call global organizations list-accounts ""
for type in BILLING OPERATIONS SECURITY; do
  call global account get-alternate-contact "$type" --alternate-contact-type "$type"
done
call global iam get-account-summary ""
# The credential report must be generated first (a few seconds).
for _ in 1 2 3 4 5 6 7 8 9 10; do
  state=$(aws "${profile[@]}" --region "$home_region" --output text \
          iam generate-credential-report --query State 2>/dev/null) || break
  [ "$state" = COMPLETE ] && break
  sleep 2
done
call global iam get-credential-report ""
call global iam get-account-password-policy ""
call global s3control get-public-access-block "" --account-id "$account"

# IAM: policies, groups, roles, users and what hangs off them.
call global iam list-policies "" --only-attached
while IFS=$'\t' read -r arn version; do
  [ -n "$arn" ] || continue
  call global iam get-policy-version "$arn" --policy-arn "$arn" --version-id "$version"
done < <(values "$g/iam/list-policies.json" Policies.Arn,DefaultVersionId)

call global iam list-groups ""
while read -r name; do
  [ -n "$name" ] || continue
  call global iam list-attached-group-policies "$name" --group-name "$name"
  call global iam list-group-policies "$name" --group-name "$name"
done < <(values "$g/iam/list-groups.json" Groups.GroupName)
while read -r name; do
  [ -n "$name" ] || continue
  while read -r policy; do
    [ -n "$policy" ] || continue
    call global iam get-group-policy "$name/$policy" --group-name "$name" --policy-name "$policy"
  done < <(values "$g/iam/list-group-policies/$(encode "$name").json" PolicyNames)
done < <(values "$g/iam/list-groups.json" Groups.GroupName)

call global iam list-roles ""
while read -r name; do
  [ -n "$name" ] || continue
  call global iam get-role "$name" --role-name "$name"
  call global iam list-attached-role-policies "$name" --role-name "$name"
  call global iam list-role-policies "$name" --role-name "$name"
done < <(values "$g/iam/list-roles.json" Roles.RoleName)
while read -r name; do
  [ -n "$name" ] || continue
  while read -r policy; do
    [ -n "$policy" ] || continue
    call global iam get-role-policy "$name/$policy" --role-name "$name" --policy-name "$policy"
  done < <(values "$g/iam/list-role-policies/$(encode "$name").json" PolicyNames)
done < <(values "$g/iam/list-roles.json" Roles.RoleName)

call global iam list-users ""
while read -r name; do
  [ -n "$name" ] || continue
  call global iam list-access-keys "$name" --user-name "$name"
  call global iam list-mfa-devices "$name" --user-name "$name"
  call global iam list-groups-for-user "$name" --user-name "$name"
  call global iam list-attached-user-policies "$name" --user-name "$name"
  call global iam list-user-policies "$name" --user-name "$name"
done < <(values "$g/iam/list-users.json" Users.UserName)
while read -r name; do
  [ -n "$name" ] || continue
  while read -r key; do
    [ -n "$key" ] || continue
    call global iam get-access-key-last-used "$key" --access-key-id "$key"
  done < <(values "$g/iam/list-access-keys/$(encode "$name").json" AccessKeyMetadata.AccessKeyId)
  while read -r policy; do
    [ -n "$policy" ] || continue
    call global iam get-user-policy "$name/$policy" --user-name "$name" --policy-name "$policy"
  done < <(values "$g/iam/list-user-policies/$(encode "$name").json" PolicyNames)
done < <(values "$g/iam/list-users.json" Users.UserName)
call global iam list-virtual-mfa-devices ""
call global iam list-server-certificates ""

# S3: buckets are listed once per account.
call global s3api list-buckets ""
while read -r bucket; do
  [ -n "$bucket" ] || continue
  for c in get-bucket-location get-public-access-block get-bucket-versioning \
           get-bucket-logging get-bucket-policy; do
    call global s3api "$c" "$bucket" --bucket "$bucket"
  done
done < <(values "$g/s3api/list-buckets.json" Buckets.Name)

# ---- per region ----------------------------------------------------------------
if [ -z "$regions" ]; then
  regions=$(python3 - "$g/ec2/describe-regions.json" <<'PY'
import json, sys
try:
    doc = json.load(open(sys.argv[1]))
except Exception:
    doc = {}
print(",".join(r["RegionName"] for r in doc.get("Regions") or []
               if r.get("OptInStatus") != "not-opted-in"))
PY
)
  if [ -z "$regions" ]; then
    echo "$0: ec2 describe-regions failed; give --regions" >&2
    exit 1
  fi
fi

IFS=',' read -r -a region_list <<<"$regions"
for r in "${region_list[@]}"; do
  d="$root/$r"
  call "$r" ec2 get-ebs-encryption-by-default ""
  call "$r" ec2 get-ebs-default-kms-key-id ""
  call "$r" kms list-keys ""
  while read -r key; do
    [ -n "$key" ] || continue
    call "$r" kms describe-key "$key" --key-id "$key"
    call "$r" kms get-key-rotation-status "$key" --key-id "$key"
  done < <(values "$d/kms/list-keys.json" Keys.KeyId)
  call "$r" logs describe-log-groups ""
  call "$r" sns list-topics ""
  while read -r topic; do
    [ -n "$topic" ] || continue
    call "$r" sns get-topic-attributes "$topic" --topic-arn "$topic"
  done < <(values "$d/sns/list-topics.json" Topics.TopicArn)
  call "$r" cloudwatch describe-alarms ""
  while read -r group; do
    [ -n "$group" ] || continue
    call "$r" logs describe-metric-filters "$group" --log-group-name "$group"
  done < <(values "$d/logs/describe-log-groups.json" logGroups.logGroupName)
  for c in describe-vpcs describe-flow-logs describe-security-groups describe-network-acls \
           describe-instances; do
    call "$r" ec2 "$c" ""
  done
  call "$r" accessanalyzer list-analyzers ""
  call "$r" securityhub describe-hub ""
  call "$r" configservice describe-configuration-recorders ""
  call "$r" configservice describe-configuration-recorder-status ""
  call "$r" rds describe-db-instances ""
  call "$r" efs describe-file-systems ""
  call "$r" cloudtrail describe-trails ""
  while read -r trail; do
    [ -n "$trail" ] || continue
    call "$r" cloudtrail get-trail-status "$trail" --name "$trail"
    call "$r" cloudtrail get-event-selectors "$trail" --trail-name "$trail"
  done < <(trails "$d/cloudtrail/describe-trails.json" "$r")
done

echo "$0: account $account: $calls calls, $failed failed, in $root" >&2
