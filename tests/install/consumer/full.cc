// vigil_consumer_full REPORT.json — what an embedding program does with an
// installed vigil: builds a graph in code with GraphBuilder (as a collector
// would), loads the bundled CIS pack from the installed data directory
// (VIGIL_DATA_DIR, from the CMake package), runs it, and writes the JSON
// report. Prints "<id>: <status>" for control cis-aws-3.7 (VPC flow logs)
// and the summary. Exit status 0 when all of that worked, 1 otherwise.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "vigil/diagnostic.h"
#include "vigil/engine.h"
#include "vigil/graph_builder.h"
#include "vigil/policy.h"
#include "vigil/report.h"
#include "vigil/status_macros.h"
#include "vigil/version.h"

namespace {

// Two VPCs of one account, only the first with an active flow log.
absl::StatusOr<std::shared_ptr<const vigil::Graph>> Collect(
    std::shared_ptr<const vigil::Schema> schema) {
  vigil::GraphBuilder b(std::move(schema));
  for (const char* id : {"vpc-1", "vpc-2"}) {
    VIGIL_ASSIGN_OR_RETURN(vigil::NodeId vpc, b.AddAsset(id, "Vpc"));
    VIGIL_RETURN_IF_ERROR(b.SetString(vpc, "region", "eu-west-1"));
    VIGIL_RETURN_IF_ERROR(b.SetString(vpc, "accountId", "111122223333"));
    const std::vector<std::string> tags = {"env=prod"};
    VIGIL_RETURN_IF_ERROR(b.SetStringList(vpc, "tags", tags));
  }
  VIGIL_ASSIGN_OR_RETURN(vigil::NodeId fl, b.AddAsset("fl-1", "FlowLog"));
  VIGIL_RETURN_IF_ERROR(b.SetString(fl, "flowLogStatus", "ACTIVE"));
  VIGIL_RETURN_IF_ERROR(b.AddEdge("vpc-1", "HAS_FLOW_LOG", "fl-1").status());
  return std::move(b).Finish();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: vigil_consumer_full REPORT.json\n";
    return 2;
  }
  std::cout << "vigil " << vigil::Version() << " (headers " << VIGIL_VERSION << ")\n";
  vigil::Diagnostics diags;
  auto pack = vigil::LoadPack(std::string(VIGIL_DATA_DIR) + "/packs/cis-aws", {}, &diags);
  if (!pack.ok()) {
    std::cerr << pack.status() << "\n";
    return 1;
  }
  auto graph = Collect((*pack)->schema);
  if (!graph.ok()) {
    std::cerr << graph.status() << " [" << vigil::DiagnosticCodeOf(graph.status()) << "]\n";
    return 1;
  }
  absl::StatusOr<vigil::Report> report = vigil::RunPack(**pack, **graph);
  if (!report.ok()) {
    std::cerr << report.status() << "\n";
    return 1;
  }
  if (absl::Status s = vigil::WriteReportFile(*report, vigil::ReportFormat::kJson, argv[1]);
      !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }
  for (const vigil::ControlReport& c : report->controls) {
    if (c.id == "cis-aws-3.7") std::cout << c.id << ": " << vigil::OutcomeName(c.status) << "\n";
  }
  std::cout << report->summary.controls << " controls, " << report->summary.assets_evaluated
            << " assets\n";
  return 0;
}
