// vigil_gen — writes the synthetic VPC / flow-log graph used by the load
// benchmark, in the canonical interchange form, deterministically.
//
//   vigil_gen [--vpcs N] [--out FILE]
//
// N VPCs (default 1,000,000): about 20% without flow logs, 10% with only
// non-ACTIVE ones, the rest with at least one ACTIVE; ~1.05 flow logs and
// ~1.05 HAS_FLOW_LOG edges per VPC (N = 1M: ~384 MB). The schema is
// bench/data/vpc.graphql.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

// splitmix64: a fixed-seed generator, and (its finaliser) a bijection of
// 64-bit integers used to make unique, random-looking ids.
uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
struct Rng {
  uint64_t state;
  uint64_t Next() { return Mix(state += 0x9e3779b97f4a7c15ULL); }
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }
};

const char* const kRegions[] = {
    "us-east-1",      "us-east-2",      "us-west-1",    "us-west-2",
    "eu-west-1",      "eu-west-2",      "eu-west-3",    "eu-central-1",
    "eu-north-1",     "ap-south-1",     "ap-northeast-1", "ap-northeast-2",
    "ap-southeast-1", "ap-southeast-2", "ca-central-1", "sa-east-1"};
const char* const kTraffic[] = {"ALL", "ACCEPT", "REJECT"};
const char* const kInactive[] = {"FAILED", "INACTIVE"};

class Out {
 public:
  explicit Out(FILE* f) : f_(f) { buf_.reserve(kCap + 512); }
  ~Out() { Flush(); }
  void Put(const char* s) { buf_ += s; Maybe(); }
  void Put(const std::string& s) { buf_ += s; Maybe(); }
  void Flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) !=
                             buf_.size()) {
      std::perror("vigil_gen: write");
      std::exit(1);
    }
    buf_.clear();
  }

 private:
  static constexpr size_t kCap = 1 << 20;
  void Maybe() {
    if (buf_.size() >= kCap) Flush();
  }
  FILE* f_;
  std::string buf_;
};

void Id(std::string* s, const char* prefix, uint64_t salt, uint64_t i) {
  char b[32];
  std::snprintf(b, sizeof b, "%s-0%016llx", prefix,
                static_cast<unsigned long long>(Mix(i ^ salt)));
  s->assign(b);
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t vpcs = 1000000;
  const char* out_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--vpcs") && i + 1 < argc) {
      vpcs = std::strtoull(argv[++i], nullptr, 10);
    } else if (!std::strcmp(argv[i], "--out") && i + 1 < argc) {
      out_path = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: vigil_gen [--vpcs N] [--out FILE]\n");
      return 2;
    }
  }
  FILE* f = out_path ? std::fopen(out_path, "wb") : stdout;
  if (f == nullptr) {
    std::perror("vigil_gen: output");
    return 1;
  }
  Rng rng{20240601};
  // Per VPC: its account, region, default flag, and flow logs (statuses).
  struct Vpc {
    uint16_t account;
    uint8_t region;
    bool is_default;
    uint8_t kind;   // 0: no logs, 1: only non-ACTIVE, 2: some ACTIVE
    uint8_t logs;
  };
  std::vector<Vpc> v(vpcs);
  uint64_t num_logs = 0;
  for (uint64_t i = 0; i < vpcs; ++i) {
    const uint32_t k = rng.Below(100);
    v[i].account = static_cast<uint16_t>(rng.Below(1000));
    v[i].region = static_cast<uint8_t>(rng.Below(16));
    v[i].is_default = rng.Below(100) < 5;
    v[i].kind = k < 20 ? 0 : k < 30 ? 1 : 2;
    // 80% of VPCs hold 1.05 logs per VPC overall: 1 each, +1 for 31.25%.
    v[i].logs = v[i].kind == 0 ? 0 : 1 + (rng.Below(10000) < 3125);
    num_logs += v[i].logs;
  }
  auto account = [](uint16_t a) {
    char b[16];
    std::snprintf(b, sizeof b, "%012llu",
                  static_cast<unsigned long long>(100000000000ULL + a * 7919ULL));
    return std::string(b);
  };
  Out out(f);
  std::string id, line;
  out.Put("{\"assets\":[\n");
  bool first = true;
  for (uint64_t i = 0; i < vpcs; ++i) {
    Id(&id, "vpc", 0x5650435f5f5f5f5fULL, i);
    line = first ? "" : ",\n";
    first = false;
    line += "{\"id\":\"" + id + "\",\"type\":\"Vpc\",\"properties\":{" +
            "\"accountId\":\"" + account(v[i].account) + "\",\"region\":\"" +
            kRegions[v[i].region] + "\",\"isDefault\":" +
            (v[i].is_default ? "true" : "false") + "}}";
    out.Put(line);
  }
  uint64_t log = 0;
  for (uint64_t i = 0; i < vpcs; ++i) {
    for (int j = 0; j < v[i].logs; ++j, ++log) {
      Id(&id, "fl", 0x464c5f5f5f5f5f5fULL, log);
      const char* status =
          v[i].kind == 1 ? kInactive[rng.Below(2)]
          : j == 0       ? "ACTIVE"
                         : (rng.Below(2) ? "ACTIVE" : kInactive[rng.Below(2)]);
      line = first ? "" : ",\n";
      first = false;
      line += "{\"id\":\"" + id + "\",\"type\":\"FlowLog\",\"properties\":{" +
              "\"accountId\":\"" + account(v[i].account) +
              "\",\"region\":\"" + kRegions[v[i].region] +
              "\",\"flowLogStatus\":\"" + status + "\",\"trafficType\":\"" +
              kTraffic[rng.Below(3)] + "\"}}";
      out.Put(line);
    }
  }
  out.Put("\n],\n\"relationships\":[\n");
  first = true;
  log = 0;
  std::string vid;
  for (uint64_t i = 0; i < vpcs; ++i) {
    if (v[i].logs == 0) continue;
    Id(&vid, "vpc", 0x5650435f5f5f5f5fULL, i);
    for (int j = 0; j < v[i].logs; ++j, ++log) {
      Id(&id, "fl", 0x464c5f5f5f5f5f5fULL, log);
      line = first ? "" : ",\n";
      first = false;
      line += "{\"from\":\"" + vid + "\",\"type\":\"HAS_FLOW_LOG\",\"to\":\"" +
              id + "\"}";
      out.Put(line);
    }
  }
  out.Put("\n]}\n");
  out.Flush();
  if (f != stdout && std::fclose(f) != 0) {
    std::perror("vigil_gen: close");
    return 1;
  }
  std::fprintf(stderr, "vigil_gen: %llu VPCs, %llu flow logs, %llu edges\n",
               static_cast<unsigned long long>(vpcs),
               static_cast<unsigned long long>(num_logs),
               static_cast<unsigned long long>(num_logs));
  return 0;
}
