// The scan-ahead thread of the graph JSON loader (see json_prefetch.h).
#include "src/graph/json_prefetch.h"

#include <utility>

namespace vigil::graph_json {

BatchPrefetcher::BatchPrefetcher(const Scanner& scanner, size_t pos)
    : scanner_(scanner), thread_([this, pos] { Produce(pos); }) {}

BatchPrefetcher::~BatchPrefetcher() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void BatchPrefetcher::Produce(size_t pos) {
  while (true) {
    Item item;
    item.error = scanner_.ScanBatch(pos, &item.batch);
    const bool end = item.error.has_value() || item.batch.last;
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return stop_ || queue_.size() < kAhead; });
    if (stop_) return;
    queue_.push_back(std::move(item));
    cv_.notify_all();
    if (end) return;
  }
}

BatchPrefetcher::Item BatchPrefetcher::Next() {
  std::unique_lock<std::mutex> l(mu_);
  cv_.wait(l, [&] { return !queue_.empty(); });
  Item item = std::move(queue_.front());
  queue_.pop_front();
  cv_.notify_all();
  return item;
}

}  // namespace vigil::graph_json
