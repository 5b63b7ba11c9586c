// vigil/connector.h — how inventory data gets into a graph: a Connector
// reads some source (a folder of AWS CLI output, AWS Config snapshots, a
// scanner's own API) and adds assets, edges and collection facts to a
// GraphBuilder (vigil/graph_builder.h, vigil/collection.h).
//
//   ```cpp
//   auto schema = vigil::Schema::FromSdl(sdl, "aws.graphql").value();
//   std::unique_ptr<vigil::Connector> c = vigil::NewAwsCliConnector("estate/");
//   vigil::ImportOptions opts;
//   opts.progress = [](const vigil::ConnectorProgress& p) { /* show p.current */ };
//   absl::StatusOr<std::shared_ptr<const vigil::Graph>> g =
//       vigil::Import(schema, {c.get()}, opts);
//   ```
//
// A connector of one's own derives from Connector and implements Populate
// (docs/connectors.md has a complete example):
//
//   ```cpp
//   class MyScanner : public vigil::Connector {
//    public:
//     std::string name() const override { return "my-scanner"; }
//     absl::Status Populate(vigil::GraphBuilder& b, vigil::ConnectorContext& ctx) override {
//       ctx.Progress({0, 1, "vpcs"});
//       // ... b.AddAsset(...), b.AddEdge(...) ...
//       b.AddCollection({"111122223333", "eu-west-1", "ec2", "describe-vpcs"});
//       return absl::OkStatus();
//     }
//   };
//   ```
//
// Rules every connector follows:
//  * Bad input is an InvalidArgument status whose message names the place
//    (file and JSON path or line, or the API call); the same problem goes to
//    the context as a located Diagnostic. Import() then returns no graph:
//    nothing is ever half-imported.
//  * Anything it could not collect is said, as a collection fact with state
//    kFailed or kMissing, so that checks reading it end in `error` rather
//    than pass (vigil/engine.h).
//  * Warnings (a file it does not know, ignored) go to ctx.Warning.
#ifndef VIGIL_CONNECTOR_H_
#define VIGIL_CONNECTOR_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "vigil/diagnostic.h"
#include "vigil/graph.h"
#include "vigil/graph_builder.h"
#include "vigil/schema.h"

namespace vigil {

struct ConnectorProgress {
  size_t done = 0;      // items (files, API calls, resources) processed so far
  size_t total = 0;     // items in all; 0 when not known yet
  std::string current;  // the source being read, e.g. "111122223333/global/iam/list-users.json"
};

// What a running connector reports to.
class ConnectorContext {
 public:
  virtual ~ConnectorContext() = default;
  virtual void Progress(const ConnectorProgress& progress) = 0;
  virtual void Warning(Diagnostic warning) = 0;
  virtual void Error(Diagnostic error) = 0;
};

class Connector {
 public:
  virtual ~Connector() = default;
  // A short name for messages ("aws-cli", "aws-config").
  virtual std::string name() const = 0;
  // The calls ("<service> <command>") this connector can collect, when it
  // knows them in advance; empty otherwise. Informational: the facts it
  // records in the builder are what counts.
  virtual std::vector<std::string> calls() const { return {}; }
  // Adds what the source holds to `builder`. On error the builder is thrown
  // away by the caller.
  virtual absl::Status Populate(GraphBuilder& builder, ConnectorContext& context) = 0;
};

struct ImportOptions {
  // Called now and then while the connectors run (from the calling thread).
  std::function<void(const ConnectorProgress&)> progress;
  // Receives warnings and errors as located diagnostics (may be null).
  Diagnostics* diagnostics = nullptr;
};

// Runs the connectors, in order, into one graph of `schema` and finishes
// it. Fails when any connector fails or the graph does not validate.
absl::StatusOr<std::shared_ptr<const Graph>> Import(std::shared_ptr<const Schema> schema,
                                                    const std::vector<Connector*>& connectors,
                                                    const ImportOptions& options = {});

// ---- the bundled connectors (schemas/aws.graphql) ----------------------

struct AwsCliOptions {
  // Narrows the scope to these regions (plus `global`): other region
  // folders are ignored, and enabled regions left out are recorded as
  // excluded (not as missing). Empty: every region folder present, and
  // every region ec2 describe-regions lists as enabled.
  std::vector<std::string> regions;
};

// A folder of AWS CLI output laid out as docs/aws-cli-folder.md describes:
// DIR/<account>/<region>/<service>/<command>[/<parameter>].{json,error}.
std::unique_ptr<Connector> NewAwsCliConnector(std::string dir, AwsCliOptions options = {});

// AWS Config configuration snapshots (JSON with "configurationItems", or
// newline-delimited configuration items): docs/connectors.md has the
// mapping table.
std::unique_ptr<Connector> NewAwsConfigConnector(std::vector<std::string> files);

}  // namespace vigil

#endif  // VIGIL_CONNECTOR_H_
