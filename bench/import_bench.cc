// aws-cli import benchmark: `vigil import aws-cli` (vigil::Import with the
// aws-cli connector, into the bundled AWS schema) on a folder of one account
// and one region whose ec2 describe-vpcs.json and describe-flow-logs.json
// hold 1M VPCs and 1M flow logs, as the AWS CLI prints them (4-space
// indentation, the members DescribeVpcs and DescribeFlowLogs return). The
// folder is generated into the build dir when absent.
//
//   import_bench [--benchmark_filter=...]
//   VIGIL_BENCH_VPCS=N      number of VPCs (and flow logs); default 1000000
//
// Counter: bytes_per_second = the bytes of the two files per second of the
// whole import (walk, parse, map, joins, Finish()), wall clock. The import
// uses two threads (one scans and parses the next batches of a large array
// while the other maps the current one); "CPU" is the mapping thread's time.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "benchmark/benchmark.h"
#include "vigil/connector.h"
#include "vigil/graph.h"
#include "vigil/schema.h"

namespace {

constexpr char kAccount[] = "111122223333";
constexpr char kRegion[] = "eu-west-1";

size_t Count() {
  const char* n = std::getenv("VIGIL_BENCH_VPCS");
  return n ? std::strtoull(n, nullptr, 10) : 1000000;
}

std::string Hex(size_t i, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*zx", width, i);
  return buf;
}

void WriteVpcs(const std::string& path, size_t n) {
  std::ofstream out(path, std::ios::binary);
  out << "{\n    \"Vpcs\": [\n";
  for (size_t i = 0; i < n; ++i) {
    const std::string id = "vpc-" + Hex(i, 17);
    const int a = static_cast<int>(i / 65536 % 256), b = static_cast<int>(i / 256 % 256);
    out << "        {\n"
        << "            \"CidrBlock\": \"10." << a << "." << b << ".0/24\",\n"
        << "            \"DhcpOptionsId\": \"dopt-0a1b2c3d4e5f60718\",\n"
        << "            \"State\": \"available\",\n"
        << "            \"VpcId\": \"" << id << "\",\n"
        << "            \"OwnerId\": \"" << kAccount << "\",\n"
        << "            \"InstanceTenancy\": \"default\",\n"
        << "            \"CidrBlockAssociationSet\": [\n"
        << "                {\n"
        << "                    \"AssociationId\": \"vpc-cidr-assoc-" << Hex(i, 17) << "\",\n"
        << "                    \"CidrBlock\": \"10." << a << "." << b << ".0/24\",\n"
        << "                    \"CidrBlockState\": {\n"
        << "                        \"State\": \"associated\"\n"
        << "                    }\n"
        << "                }\n"
        << "            ],\n"
        << "            \"IsDefault\": " << (i % 1000 == 0 ? "true" : "false") << ",\n"
        << "            \"Tags\": [\n"
        << "                {\n"
        << "                    \"Key\": \"Name\",\n"
        << "                    \"Value\": \"vpc-" << i << "\"\n"
        << "                },\n"
        << "                {\n"
        << "                    \"Key\": \"env\",\n"
        << "                    \"Value\": \"" << (i % 3 == 0 ? "prod" : "dev") << "\"\n"
        << "                }\n"
        << "            ]\n"
        << "        }" << (i + 1 < n ? ",\n" : "\n");
  }
  out << "    ]\n}\n";
}

void WriteFlowLogs(const std::string& path, size_t n) {
  std::ofstream out(path, std::ios::binary);
  out << "{\n    \"FlowLogs\": [\n";
  for (size_t i = 0; i < n; ++i) {
    out << "        {\n"
        << "            \"CreationTime\": \"2025-03-04T09:12:44.123000+00:00\",\n"
        << "            \"DeliverLogsPermissionArn\": \"arn:aws:iam::" << kAccount
        << ":role/flow-logs-to-cwl\",\n"
        << "            \"DeliverLogsStatus\": \"SUCCESS\",\n"
        << "            \"FlowLogId\": \"fl-" << Hex(i, 17) << "\",\n"
        << "            \"FlowLogStatus\": \"" << (i % 10 == 0 ? "INACTIVE" : "ACTIVE") << "\",\n"
        << "            \"LogGroupName\": \"/vpc/flow-logs\",\n"
        << "            \"ResourceId\": \"vpc-" << Hex(i, 17) << "\",\n"
        << "            \"TrafficType\": \"REJECT\",\n"
        << "            \"LogDestinationType\": \"cloud-watch-logs\",\n"
        << "            \"LogDestination\": \"arn:aws:logs:" << kRegion << ":" << kAccount
        << ":log-group:/vpc/flow-logs\",\n"
        << "            \"LogFormat\": \"${version} ${account-id} ${interface-id} ${srcaddr} "
           "${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} "
           "${action} ${log-status}\",\n"
        << "            \"Tags\": [],\n"
        << "            \"MaxAggregationInterval\": 600\n"
        << "        }" << (i + 1 < n ? ",\n" : "\n");
  }
  out << "    ]\n}\n";
}

// The folder (generated once) and the bytes of its two big files.
std::pair<std::string, size_t> Folder() {
  namespace fs = std::filesystem;
  const size_t n = Count();
  const std::string dir = std::string(VIGIL_BENCH_DATA_DIR) + "/aws-cli-" + std::to_string(n);
  const std::string region = dir + "/" + kAccount + "/" + kRegion + "/ec2";
  const std::string vpcs = region + "/describe-vpcs.json";
  const std::string logs = region + "/describe-flow-logs.json";
  if (!fs::exists(dir + "/.complete")) {
    std::fprintf(stderr, "generating %s\n", dir.c_str());
    fs::remove_all(dir);
    fs::create_directories(region);
    fs::create_directories(dir + "/" + kAccount + "/global/ec2");
    std::ofstream(dir + "/" + kAccount + "/global/ec2/describe-regions.json")
        << "{\"Regions\": [{\"RegionName\": \"" << kRegion
        << "\", \"OptInStatus\": \"opt-in-not-required\"}]}\n";
    WriteVpcs(vpcs, n);
    WriteFlowLogs(logs, n);
    std::ofstream(dir + "/.complete") << "ok\n";
  }
  return {dir, fs::file_size(vpcs) + fs::file_size(logs)};
}

std::shared_ptr<const vigil::Schema> LoadSchema() {
  std::ifstream in(VIGIL_BENCH_AWS_SCHEMA);
  std::stringstream ss;
  ss << in.rdbuf();
  auto s = vigil::Schema::FromSdl(ss.str(), "aws.graphql");
  if (!s.ok()) {
    std::fprintf(stderr, "schema: %s\n", std::string(s.status().message()).c_str());
    std::exit(1);
  }
  return *s;
}

void BM_ImportAwsCli(benchmark::State& state) {
  static const auto folder = Folder();
  static const auto schema = LoadSchema();
  size_t assets = 0;
  for (auto _ : state) {
    auto c = vigil::NewAwsCliConnector(folder.first);
    auto g = vigil::Import(schema, {c.get()});
    if (!g.ok()) {
      state.SkipWithError(std::string(g.status().message()).c_str());
      return;
    }
    assets = (*g)->num_assets();
    benchmark::DoNotOptimize(g);
    // Freeing the graph is not part of the import.
    state.PauseTiming();
    g = absl::InternalError("freed");
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * folder.second));
  state.counters["assets"] = static_cast<double>(assets);
  state.counters["input_MB"] = static_cast<double>(folder.second) / 1e6;
}
BENCHMARK(BM_ImportAwsCli)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
