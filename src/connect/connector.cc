// Running connectors into a graph (vigil/connector.h), and the bundled
// connectors' factories.
#include "vigil/connector.h"

#include "src/base/strings.h"
#include "src/connect/aws/cli_calls.h"
#include "src/connect/aws/cli_importer.h"
#include "src/connect/aws/config_importer.h"

namespace vigil {
namespace {

class ImportContext : public ConnectorContext {
 public:
  explicit ImportContext(const ImportOptions& options) : options_(options) {}
  void Progress(const ConnectorProgress& progress) override {
    if (options_.progress) options_.progress(progress);
  }
  void Warning(Diagnostic warning) override {
    warning.severity = Severity::kWarning;
    if (options_.diagnostics != nullptr) options_.diagnostics->push_back(std::move(warning));
  }
  void Error(Diagnostic error) override {
    error.severity = Severity::kError;
    if (options_.diagnostics != nullptr) options_.diagnostics->push_back(std::move(error));
  }

 private:
  const ImportOptions& options_;
};

class AwsCliConnector : public Connector {
 public:
  AwsCliConnector(std::string dir, AwsCliOptions options)
      : dir_(std::move(dir)), options_(std::move(options)) {}
  std::string name() const override { return "aws-cli"; }
  std::vector<std::string> calls() const override {
    std::vector<std::string> out;
    for (const connect::aws::CliCall& c : connect::aws::CliCalls()) out.push_back(c.name());
    return out;
  }
  absl::Status Populate(GraphBuilder& builder, ConnectorContext& context) override {
    connect::aws::CliImporter importer(dir_, options_, builder, context);
    return importer.Run();
  }

 private:
  std::string dir_;
  AwsCliOptions options_;
};

class AwsConfigConnector : public Connector {
 public:
  explicit AwsConfigConnector(std::vector<std::string> files) : files_(std::move(files)) {}
  std::string name() const override { return "aws-config"; }
  std::vector<std::string> calls() const override { return connect::aws::ConfigCalls(); }
  absl::Status Populate(GraphBuilder& builder, ConnectorContext& context) override {
    return connect::aws::ImportConfigSnapshots(files_, builder, context);
  }

 private:
  std::vector<std::string> files_;
};

}  // namespace

absl::StatusOr<std::shared_ptr<const Graph>> Import(std::shared_ptr<const Schema> schema,
                                                    const std::vector<Connector*>& connectors,
                                                    const ImportOptions& options) {
  if (schema == nullptr) return absl::InvalidArgumentError("Import: no schema");
  GraphBuilder builder(std::move(schema));
  ImportContext context(options);
  for (Connector* c : connectors) {
    if (c == nullptr) continue;
    absl::Status s = c->Populate(builder, context);
    if (!s.ok()) return s;
  }
  absl::StatusOr<std::shared_ptr<const Graph>> g = std::move(builder).Finish();
  if (!g.ok()) {
    Diagnostic d;
    d.code = "import.invalid";
    d.message = std::string(g.status().message());
    context.Error(d);
  }
  return g;
}

std::unique_ptr<Connector> NewAwsCliConnector(std::string dir, AwsCliOptions options) {
  return std::make_unique<AwsCliConnector>(std::move(dir), std::move(options));
}

std::unique_ptr<Connector> NewAwsConfigConnector(std::vector<std::string> files) {
  return std::make_unique<AwsConfigConnector>(std::move(files));
}

}  // namespace vigil
