// The aws-cli folder importer: the walk over calls, accounts and regions,
// and the collection facts (cli_importer.h). The per-call mapping is in
// cli_mappers.cc.
#include "src/connect/aws/cli_importer.h"

#include <algorithm>

#include "src/base/file.h"
#include "src/base/strings.h"
#include "src/base/mapped_file.h"

namespace vigil::connect::aws {
namespace {

Diagnostic ErrorDiagnostic(const absl::Status& s) {
  Diagnostic d;
  d.severity = Severity::kError;
  std::string msg(s.message());
  // "path: message [code]" -> file, message and code.
  const size_t colon = msg.find(": ");
  if (colon != std::string::npos && msg.find(' ') > colon) {
    d.file = msg.substr(0, colon);
    msg = msg.substr(colon + 2);
  }
  d.code = "import.invalid";
  if (msg.size() > 2 && msg.back() == ']') {
    const size_t open = msg.rfind(" [");
    if (open != std::string::npos) {
      d.code = msg.substr(open + 2, msg.size() - open - 3);
      msg = msg.substr(0, open);
    }
  }
  d.message = std::move(msg);
  return d;
}

}  // namespace

CliImporter::CliImporter(std::string dir, AwsCliOptions options, GraphBuilder& builder,
                         ConnectorContext& context)
    : dir_(std::move(dir)), options_(std::move(options)), g_(builder), context_(context) {}

absl::Status CliImporter::Error(const Ctx& ctx, std::string message) const {
  return absl::InvalidArgumentError(StrCat(ctx.file, ": ", message));
}

void CliImporter::Progress(const std::string& current) {
  ++done_;
  context_.Progress({done_, folder_.files, current});
}

absl::StatusOr<std::string> CliImporter::ReadFile(const std::string& rel) {
  absl::StatusOr<std::string> text = ReadTextFile(StrCat(dir_, "/", rel));
  if (!text.ok()) {
    return absl::InvalidArgumentError(StrCat(rel, ": cannot read: ", text.status().message()));
  }
  return text;
}

absl::Status CliImporter::Run() {
  Diagnostics warnings;
  absl::StatusOr<CliFolder> folder = ScanCliFolder(dir_, &warnings);
  for (Diagnostic& w : warnings) context_.Warning(std::move(w));
  if (!folder.ok()) {
    context_.Error(ErrorDiagnostic(folder.status()));
    return folder.status();
  }
  folder_ = *std::move(folder);
  for (const std::string& r : options_.regions) {
    if (!IsRegionName(r)) {
      return absl::InvalidArgumentError(StrCat("--regions: \"", r, "\" is not a region code"));
    }
  }
  for (const auto& [id, regions] : folder_.accounts) {
    AccountState& a = accounts_[id];
    a.id = id;
    for (const auto& [region, calls] : regions) {
      if (region == "global") continue;
      if (region.substr(0, 3) == "cn-") a.partition = "aws-cn";
      if (region.substr(0, 7) == "us-gov-") a.partition = "aws-us-gov";
    }
    SetUpAccount(a);
  }
  absl::Status status;
  for (const CliCall& call : CliCalls()) {
    for (auto& [id, a] : accounts_) {
      if (call.global) {
        status = ProcessCall(call, a, "global");
      } else {
        for (const std::string& region : a.scope) {
          status = ProcessCall(call, a, region);
          if (!status.ok()) break;
        }
      }
      if (!status.ok()) break;
      if (call.service == "ec2" && call.command == "describe-regions") SetUpRegions(a);
    }
    if (status.ok() && !g_.ok()) status = g_.status();
    if (!status.ok()) break;
  }
  if (status.ok()) {
    FinishTrails();
    if (!g_.ok()) status = g_.status();
  }
  if (!status.ok()) {
    context_.Error(ErrorDiagnostic(status));
    return status;
  }
  for (Collection& f : facts_) g_.builder().AddCollection(std::move(f));
  facts_.clear();
  return absl::OkStatus();
}

void CliImporter::SetUpAccount(AccountState& a) {
  g_.Add(a.id, "Account", "", a.id, "global");
}

void CliImporter::AddRegion(AccountState& a, const std::string& region,
                            const std::string& opt_in) {
  const std::string id = StrCat(a.id, "/", region);
  if (g_.Find(id)) return;
  std::optional<NodeId> n = g_.Add(id, "Region", region, a.id, region);
  if (!n) return;
  g_.Str(*n, "regionName", region);
  if (!opt_in.empty()) g_.Str(*n, "optInStatus", opt_in);
  g_.Edge(a.id, "HAS_REGION", id);
}

// The regions in scope: the region folders present and the regions
// DescribeRegions lists as enabled, or exactly --regions. Enabled regions
// left out by --regions are recorded as excluded.
void CliImporter::SetUpRegions(AccountState& a) {
  std::set<std::string> present;
  for (const auto& [region, calls] : folder_.accounts[a.id]) {
    if (region != "global") present.insert(region);
  }
  std::set<std::string> enabled;
  for (const auto& [region, opt_in] : a.listed_regions) {
    if (opt_in != "not-opted-in") enabled.insert(region);
  }
  std::set<std::string> scope;
  if (options_.regions.empty()) {
    scope = present;
    scope.insert(enabled.begin(), enabled.end());
  } else {
    scope.insert(options_.regions.begin(), options_.regions.end());
    std::set<std::string> outside = present;
    outside.insert(enabled.begin(), enabled.end());
    for (const std::string& r : outside) {
      if (scope.count(r) == 0) {
        a.excluded.push_back(r);
        Collection c;
        c.account = a.id;
        c.region = r;
        c.state = CollectionState::kExcluded;
        c.detail = present.count(r) != 0 ? "outside --regions (its folder is ignored)"
                                         : "outside --regions";
        facts_.push_back(std::move(c));
      }
    }
  }
  a.scope.assign(scope.begin(), scope.end());
  for (const std::string& r : a.scope) {
    auto it = a.listed_regions.find(r);
    AddRegion(a, r, it == a.listed_regions.end() ? "" : it->second);
  }
  // Regions that are not enabled are facts too (no check holds them
  // against the account), unless --regions leaves them out.
  if (options_.regions.empty()) {
    for (const auto& [region, opt_in] : a.listed_regions) {
      if (opt_in == "not-opted-in") AddRegion(a, region, opt_in);
    }
  }
}

std::vector<std::string> CliImporter::ExpectedParams(const CliCall& call, AccountState& a,
                                                     const std::string& region) {
  std::vector<std::string> out;
  auto keys = [&](const auto& map) {
    for (const auto& [k, v] : map) out.push_back(k);
  };
  RegionState& rs = a.regions[region];
  switch (call.param) {
    case CliParam::kNone: break;
    case CliParam::kUserName: keys(a.users); break;
    case CliParam::kGroupName: keys(a.groups); break;
    case CliParam::kRoleName: keys(a.roles); break;
    case CliParam::kUserPolicy: out = a.user_policies; break;
    case CliParam::kGroupPolicy: out = a.group_policies; break;
    case CliParam::kRolePolicy: out = a.role_policies; break;
    case CliParam::kAccessKeyId: keys(a.access_keys); break;
    case CliParam::kPolicyArn: keys(a.policies); break;
    case CliParam::kBucketName: keys(a.buckets); break;
    case CliParam::kTrail: keys(rs.trail_params); break;
    case CliParam::kKeyId: keys(rs.keys); break;
    case CliParam::kLogGroupName: keys(rs.log_groups); break;
    case CliParam::kTopicArn: out.assign(rs.topics.begin(), rs.topics.end()); break;
    case CliParam::kContactType: out = {"BILLING", "OPERATIONS", "SECURITY"}; break;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

absl::Status CliImporter::ProcessCall(const CliCall& call, AccountState& a,
                                      const std::string& region) {
  const CliCallFiles* files = folder_.Find(a.id, region, call.name());
  Collection fact;
  fact.account = a.id;
  fact.region = region;
  fact.service = std::string(call.service);
  fact.command = std::string(call.command);
  fact.state = CollectionState::kMissing;
  auto map_one = [&](const CliFiles& f, const std::string& param, CollectionState* state,
                     std::string* code) -> absl::Status {
    Ctx ctx;
    ctx.account = &a;
    ctx.region = region;
    ctx.param = param;
    if (!f.json.empty()) {
      ctx.file = f.json;
      absl::StatusOr<std::unique_ptr<MappedFile>> mapped =
          MappedFile::Open(StrCat(dir_, "/", f.json));
      if (!mapped.ok()) {
        return absl::InvalidArgumentError(StrCat(f.json, ": cannot read: ",
                                                 mapped.status().message()));
      }
      ctx.text = (*mapped)->text();
      // A hint for large outputs: room for about one asset per 400 bytes.
      if (ctx.text.size() > (size_t{4} << 20)) {
        g_.builder().ReserveAssets(g_.builder().num_assets() + ctx.text.size() / 400);
      }
      absl::Status s = MapFile(call, ctx);
      Progress(f.json);
      // A file truncated while mapped read as zeros: that, not what the
      // mapper made of them, is the error.
      if (absl::Status intact = (*mapped)->CheckIntact(); !intact.ok()) return intact;
      if (!s.ok()) return s;
      *state = CollectionState::kCollected;
      return absl::OkStatus();
    }
    ctx.file = f.error;
    absl::StatusOr<std::string> text = ReadFile(f.error);
    if (!text.ok()) return text.status();
    *code = ErrorCodeOf(*text);
    Progress(f.error);
    if (code->empty()) {
      // Not the CLI's "An error occurred (Code) ..." text: a failure all the
      // same (a network error, a crash of the collector); no code to give.
      *state = CollectionState::kFailed;
      *code = "unknown";
      return absl::OkStatus();
    }
    if (call.IsAbsence(*code)) {
      *state = CollectionState::kCollected;
      return MapAbsent(call, ctx, *code);
    }
    *state = CollectionState::kFailed;
    return absl::OkStatus();
  };
  if (!call.per_resource()) {
    if (files != nullptr && files->single.present()) {
      std::string code;
      if (absl::Status s = map_one(files->single, "", &fact.state, &code); !s.ok()) return s;
      fact.error_code = code;
    }
  } else {
    const std::string list_key = StrCat(region, " ", call.list_call);
    auto list = a.states.find(list_key);
    const bool listed = call.list_call.empty() ||
                        (list != a.states.end() && list->second == CollectionState::kCollected);
    if (!listed) {
      fact.detail = StrCat("not made: `", call.list_call, "` was not collected");
      // Its files cannot be checked against a list that is not there: they
      // are not read.
      if (files != nullptr) {
        for (const auto& entry : files->params) {
          Progress(entry.second.json.empty() ? entry.second.error : entry.second.json);
        }
      }
    } else {
      const std::vector<std::string> expected = ExpectedParams(call, a, region);
      size_t failed = 0, missing = 0;
      std::vector<std::string> failed_list, missing_list;
      std::map<std::string, size_t> absences;  // absence code -> answers
      std::string first_code;
      for (const std::string& p : expected) {
        const CliFiles* f = nullptr;
        if (files != nullptr) {
          auto it = files->params.find(p);
          if (it != files->params.end()) f = &it->second;
        }
        if (f == nullptr || !f->present()) {
          ++missing;
          if (missing_list.size() < 5) missing_list.push_back(p);
          continue;
        }
        CollectionState st = CollectionState::kMissing;
        std::string code;
        if (absl::Status s = map_one(*f, p, &st, &code); !s.ok()) return s;
        if (st == CollectionState::kCollected && !code.empty()) ++absences[code];
        if (st == CollectionState::kFailed) {
          ++failed;
          if (first_code.empty()) first_code = code;
          if (failed_list.size() < 5) failed_list.push_back(StrCat(p, ": ", code));
        }
      }
      if (files != nullptr) {
        for (const auto& [param, f] : files->params) {
          if (!std::binary_search(expected.begin(), expected.end(), param)) {
            Diagnostic w;
            w.severity = Severity::kWarning;
            w.code = "import.unknown-file";
            w.file = f.json.empty() ? f.error : f.json;
            w.message = StrCat("`", call.list_call, "` returned no \"", param,
                               "\" for this call; ignored");
            context_.Warning(std::move(w));
            Progress(w.file);
          }
        }
      }
      if (failed > 0) {
        fact.state = CollectionState::kFailed;
        fact.error_code = first_code;
        fact.detail = StrCat(failed, " of ", expected.size(), " calls failed (",
                             StrJoin(failed_list, ", "), failed > failed_list.size() ? ", ..." : "",
                             ")");
        if (missing > 0) StrAppend(&fact.detail, "; ", missing, " not made");
      } else if (missing > 0) {
        fact.state = CollectionState::kMissing;
        fact.detail = StrCat(missing, " of ", expected.size(), " calls not made (",
                             StrJoin(missing_list, ", "), missing > missing_list.size() ? ", ..." : "",
                             ")");
      } else {
        fact.state = CollectionState::kCollected;
        std::vector<std::string> answers;
        for (const auto& [code, n] : absences) answers.push_back(StrCat(n, " answered ", code));
        fact.detail = StrJoin(answers, ", ");
      }
    }
  }
  a.states[StrCat(region, " ", call.name())] = fact.state;
  facts_.push_back(std::move(fact));
  return g_.status();
}

absl::Status CliImporter::MapFile(const CliCall& call, Ctx& ctx) {
  const auto& mappers = Mappers();
  auto it = mappers.find(call.name());
  if (it == mappers.end()) return absl::InternalError(StrCat("no mapper for ", call.name()));
  absl::Status s = (this->*(it->second))(call, ctx);
  if (s.ok() && !g_.ok()) {
    // A builder error on this file's data (an enum value, a duplicate id).
    return Error(ctx, std::string(g_.status().message()));
  }
  return s;
}

absl::Status CliImporter::Members(
    const CliCall& call, Ctx& ctx,
    const std::function<void(std::string_view, int64_t, const JsonNode&)>& fn) {
  JsonFile file(ctx.file, ctx.text);
  auto known = [&](std::string_view key) {
    return std::find(call.output_members.begin(), call.output_members.end(), key) !=
           call.output_members.end();
  };
  absl::Status s = file.ForEachMember([&](std::string_view key, int64_t index, const JsonNode& n) {
    if (!known(key)) return true;  // a member newer than vigil's table: ignored
    fn(key, index, n);
    return g_.ok();
  });
  bool any_known = false;
  std::vector<std::string> unknown;
  for (const std::string& key : file.member_names()) {
    if (known(key)) {
      any_known = true;
    } else if (unknown.size() < 4) {
      unknown.push_back(key);
    }
  }
  if (!s.ok()) {
    std::string msg(s.message());
    return absl::InvalidArgumentError(msg.find(" [import.") == std::string::npos
                                          ? StrCat(msg, " [import.shape]")
                                          : msg);
  }
  if (!any_known && !unknown.empty()) {
    std::vector<std::string> expected;
    for (std::string_view m : call.output_members) expected.emplace_back(m);
    return Error(ctx, StrCat("$: not the output of `aws ", call.name(), "`: it has ",
                             StrJoin(unknown, ", "), "; expected ", StrJoin(expected, ", "),
                             " [import.shape]"));
  }
  return g_.ok() ? absl::OkStatus() : Error(ctx, std::string(g_.status().message()));
}

absl::Status CliImporter::MapAbsent(const CliCall& call, Ctx& ctx, const std::string& code) {
  AccountState& a = *ctx.account;
  const std::string name = call.name();
  auto public_access_block_off = [&](std::string_view id) {
    if (std::optional<NodeId> n = g_.Find(id)) {
      for (const char* p : {"blockPublicAcls", "ignorePublicAcls", "blockPublicPolicy",
                            "restrictPublicBuckets"}) {
        g_.Bool(*n, p, false);
      }
    }
  };
  if (name == "s3control get-public-access-block") {
    public_access_block_off(a.id);
  } else if (name == "s3api get-public-access-block") {
    auto it = a.buckets.find(ctx.param);
    if (it != a.buckets.end()) public_access_block_off(it->second);
  } else if (name == "s3api get-bucket-policy") {
    auto it = a.buckets.find(ctx.param);
    if (it != a.buckets.end()) {
      if (std::optional<NodeId> n = g_.Find(it->second)) {
        g_.Bool(*n, "hasBucketPolicy", false);
        g_.Bool(*n, "deniesInsecureTransport", false);
      }
    }
  }
  // Every other absence code means "no such asset": nothing to add
  // (no password policy, no alternate contact, no Security Hub, ...).
  (void)code;
  return g_.status();
}

void CliImporter::FinishTrails() {
  for (auto& entry : trails_) {
    const std::string& arn = entry.first;
    const TrailInfo& t = entry.second;
    if (accounts_.count(t.owner) != 0) g_.Edge(t.owner, "OWNS", arn);
    for (const std::string& acct : t.recorded) g_.Edge(acct, "RECORDED_BY", arn);
    if (!t.bucket.empty()) {
      auto owner = accounts_.find(t.owner);
      const std::string partition = owner != accounts_.end() ? owner->second.partition
                                                             : std::string("aws");
      g_.Edge(arn, "DELIVERS_TO", StrCat("arn:", partition, ":s3:::", t.bucket));
    }
    if (!t.log_group.empty()) g_.Edge(arn, "SENDS_TO_LOG_GROUP", t.log_group);
    if (!t.kms_key.empty()) g_.Edge(arn, "ENCRYPTED_WITH", t.kms_key);
    if (!t.coverage) continue;
    // Buckets named by the selectors, among those of the recorded accounts.
    auto edges = [&](const std::vector<std::string>& names, std::string_view rel) {
      for (const std::string& b : names) {
        for (const std::string& acct : t.recorded) {
          auto a = accounts_.find(acct);
          if (a == accounts_.end()) continue;
          auto it = a->second.buckets.find(b);
          if (it != a->second.buckets.end()) g_.EdgeOnce(arn, rel, it->second);
        }
      }
    };
    edges(t.coverage->s3_write_buckets, "LOGS_S3_WRITE_DATA_EVENTS");
    edges(t.coverage->s3_read_buckets, "LOGS_S3_READ_DATA_EVENTS");
  }
}

void CliImporter::PrepareForTest(const std::string& account, const std::string& region) {
  AccountState& a = accounts_[account];
  if (a.id.empty()) {
    a.id = account;
    SetUpAccount(a);
  }
  if (region != "global" && !g_.Find(StrCat(account, "/", region))) {
    a.scope.push_back(region);
    AddRegion(a, region, "");
  }
}

absl::Status CliImporter::MapText(const CliCall& call, const std::string& account,
                                  const std::string& region, const std::string& param,
                                  const std::string& file_name, std::string_view text) {
  PrepareForTest(account, region);
  Ctx ctx;
  ctx.account = &accounts_[account];
  ctx.region = region;
  ctx.param = param;
  ctx.file = file_name;
  ctx.text = text;
  absl::Status s = MapFile(call, ctx);
  if (s.ok()) FinishTrails();
  return s.ok() ? g_.status() : s;
}

namespace {

class NullContext : public ConnectorContext {
 public:
  void Progress(const ConnectorProgress&) override {}
  void Warning(Diagnostic) override {}
  void Error(Diagnostic) override {}
};

}  // namespace

absl::Status MapCliOutputForTest(GraphBuilder& builder, const CliCall& call,
                                 const std::string& account, const std::string& region,
                                 const std::string& param, std::string_view text) {
  NullContext ctx;
  CliImporter importer("", {}, builder, ctx);
  return importer.MapText(call, account, region, param,
                          StrCat(account, "/", region, "/", call.service, "/", call.command,
                                 param.empty() ? "" : "/", PercentEncode(param), ".json"),
                          text);
}

}  // namespace vigil::connect::aws
