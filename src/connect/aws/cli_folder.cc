// Scanning the aws-cli folder (cli_folder.h).
#include "src/connect/aws/cli_folder.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "src/base/strings.h"
#include "src/connect/aws/policy_analysis.h"

namespace vigil::connect::aws {
namespace {

namespace fs = std::filesystem;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Diagnostic Located(std::string code, std::string message, std::string file,
                   Severity severity = Severity::kError) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = std::move(message);
  d.file = std::move(file);
  return d;
}

// The entries of a directory, sorted by name; errors name the path.
absl::StatusOr<std::vector<fs::directory_entry>> List(const fs::path& p) {
  std::error_code ec;
  std::vector<fs::directory_entry> out;
  fs::directory_iterator it(p, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        StrCat(p.string(), ": cannot read the folder: ", ec.message()));
  }
  for (const fs::directory_entry& e : it) out.push_back(e);
  std::sort(out.begin(), out.end(), [](const fs::directory_entry& a, const fs::directory_entry& b) {
    return a.path().filename() < b.path().filename();
  });
  return out;
}

bool IsDir(const fs::directory_entry& e) {
  std::error_code ec;
  return e.is_directory(ec);
}

}  // namespace

bool IsRegionName(std::string_view name) {
  // <letters>(-<letters>)+-<digits>: eu-west-1, us-gov-east-1, ap-southeast-4.
  size_t parts = 0;
  size_t start = 0;
  while (start <= name.size()) {
    size_t dash = name.find('-', start);
    if (dash == std::string_view::npos) dash = name.size();
    std::string_view part = name.substr(start, dash - start);
    if (part.empty()) return false;
    const bool last = dash == name.size();
    for (char c : part) {
      if (last ? !(c >= '0' && c <= '9') : !(c >= 'a' && c <= 'z')) return false;
    }
    ++parts;
    start = dash + 1;
    if (last) break;
  }
  return parts >= 3;
}

bool IsAccountId(std::string_view name) {
  if (name.size() != 12) return false;
  for (char c : name) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

const CliCallFiles* CliFolder::Find(const std::string& account, const std::string& region,
                                    const std::string& call) const {
  auto a = accounts.find(account);
  if (a == accounts.end()) return nullptr;
  auto r = a->second.find(region);
  if (r == a->second.end()) return nullptr;
  auto c = r->second.find(call);
  return c == r->second.end() ? nullptr : &c->second;
}

absl::StatusOr<CliFolder> ScanCliFolder(const std::string& dir, Diagnostics* warnings) {
  CliFolder folder;
  folder.dir = dir;
  const fs::path root(dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    return absl::InvalidArgumentError(
        StrCat(dir, ": not a folder (an aws-cli folder holds <account-id>/<region>/<service>/"
                    "<command>.json files)"));
  }
  auto warn = [&](std::string message, const std::string& file) {
    if (warnings != nullptr) {
      warnings->push_back(
          Located("import.unknown-file", std::move(message), file, Severity::kWarning));
    }
  };
  auto layout = [&](std::string message, const std::string& file) {
    return absl::InvalidArgumentError(StrCat(file, ": ", message, " [import.layout]"));
  };
  auto rel = [&](const fs::path& p) { return p.lexically_relative(root).generic_string(); };

  auto accounts = List(root);
  if (!accounts.ok()) return accounts.status();
  for (const fs::directory_entry& a : *accounts) {
    const std::string account = a.path().filename().string();
    if (!IsDir(a)) {
      warn("not part of an aws-cli folder; ignored", rel(a.path()));
      continue;
    }
    if (!IsAccountId(account)) {
      return layout("expected a 12-digit account id as the name of a folder at the top of an "
                    "aws-cli folder",
                    rel(a.path()));
    }
    auto& regions = folder.accounts[account];
    auto region_entries = List(a.path());
    if (!region_entries.ok()) return region_entries.status();
    for (const fs::directory_entry& r : *region_entries) {
      const std::string region = r.path().filename().string();
      if (!IsDir(r)) {
        warn("not part of an aws-cli folder; ignored", rel(r.path()));
        continue;
      }
      if (region != "global" && !IsRegionName(region)) {
        return layout("expected `global` or a region code (such as eu-west-1) as the name of a "
                      "folder under an account",
                      rel(r.path()));
      }
      auto& calls = regions[region];
      auto services = List(r.path());
      if (!services.ok()) return services.status();
      for (const fs::directory_entry& s : *services) {
        const std::string service = s.path().filename().string();
        if (!IsDir(s)) {
          warn("not part of an aws-cli folder; ignored", rel(s.path()));
          continue;
        }
        if (!IsKnownService(service)) {
          warn(StrCat("vigil reads no call of the service \"", service, "\"; ignored"),
               rel(s.path()));
          continue;
        }
        auto commands = List(s.path());
        if (!commands.ok()) return commands.status();
        for (const fs::directory_entry& c : *commands) {
          const std::string file = c.path().filename().string();
          const bool is_dir = IsDir(c);
          std::string command = file;
          bool is_error = false;
          if (!is_dir) {
            if (EndsWith(file, ".json")) {
              command = file.substr(0, file.size() - 5);
            } else if (EndsWith(file, ".error")) {
              command = file.substr(0, file.size() - 6);
              is_error = true;
            } else {
              warn("not a .json or .error file; ignored", rel(c.path()));
              continue;
            }
          }
          const CliCall* call = FindCliCall(service, command);
          if (call == nullptr) {
            warn(StrCat("vigil reads no call \"", service, " ", command, "\"; ignored"),
                 rel(c.path()));
            continue;
          }
          if (call->global != (region == "global")) {
            if (call->service == "ec2" && call->command == "describe-regions") {
              continue;  // a copy of the account-wide call in a region folder
            }
            return layout(call->global
                              ? StrCat("`", call->name(), "` is account-wide: its output goes "
                                       "under <account>/global/")
                              : StrCat("`", call->name(), "` is regional: its output goes under "
                                       "<account>/<region>/, not global/"),
                          rel(c.path()));
          }
          CliCallFiles& files = calls[call->name()];
          if (!call->per_resource()) {
            if (is_dir) {
              return layout(StrCat("`", call->name(), "` is one call, not one per resource: "
                                   "expected ",
                                   service, "/", command, ".json (or .error), not a folder"),
                            rel(c.path()));
            }
            std::string& slot = is_error ? files.single.error : files.single.json;
            slot = rel(c.path());
            ++folder.files;
            if (!files.single.json.empty() && !files.single.error.empty()) {
              return layout("a call has both a .json and an .error file", rel(c.path()));
            }
            continue;
          }
          if (!is_dir) {
            return layout(StrCat("`", call->name(), "` is one call per resource: expected ",
                                 service, "/", command, "/<parameter>.json (or .error)"),
                          rel(c.path()));
          }
          auto params = List(c.path());
          if (!params.ok()) return params.status();
          for (const fs::directory_entry& p : *params) {
            const std::string pname = p.path().filename().string();
            if (IsDir(p)) {
              return layout("unexpected folder under a per-resource command", rel(p.path()));
            }
            bool perr = false;
            std::string encoded;
            if (EndsWith(pname, ".json")) {
              encoded = pname.substr(0, pname.size() - 5);
            } else if (EndsWith(pname, ".error")) {
              encoded = pname.substr(0, pname.size() - 6);
              perr = true;
            } else {
              warn("not a .json or .error file; ignored", rel(p.path()));
              continue;
            }
            absl::StatusOr<std::string> decoded = PercentDecode(encoded);
            if (!decoded.ok() || decoded->empty()) {
              return absl::InvalidArgumentError(
                  StrCat(rel(p.path()),
                         ": the parameter in the file name is not percent-encoded properly "
                         "(RFC 3986: every byte other than A-Z a-z 0-9 - . _ ~ as %XX) "
                         "[import.encoding]"));
            }
            CliFiles& pf = files.params[*decoded];
            std::string& slot = perr ? pf.error : pf.json;
            if (!slot.empty()) {
              // Two spellings of one parameter ("alice", "al%69ce").
              return layout(StrCat("a second file for the parameter \"", *decoded, "\" (",
                                   slot, ")"),
                            rel(p.path()));
            }
            slot = rel(p.path());
            ++folder.files;
            if (!pf.json.empty() && !pf.error.empty()) {
              return layout("a call has both a .json and an .error file", rel(p.path()));
            }
          }
        }
      }
    }
  }
  if (folder.accounts.empty()) {
    return absl::InvalidArgumentError(
        StrCat(dir, ": no account folder (an aws-cli folder holds <account-id>/<region>/"
                    "<service>/<command>.json files) [import.layout]"));
  }
  return folder;
}

}  // namespace vigil::connect::aws
