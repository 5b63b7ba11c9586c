// The scan-ahead thread of the graph JSON loader (internal to src/graph).
//
// A large top-level array is read by two threads: a BatchPrefetcher scans
// the element boundaries of the next batches (Scanner::ScanBatch) into a
// small bounded queue while the loader's own thread parses and loads the
// current batch. Elements are always decoded on the loader's thread, in
// document order; the scanning thread only reads the document.
#ifndef VIGIL_SRC_GRAPH_JSON_PREFETCH_H_
#define VIGIL_SRC_GRAPH_JSON_PREFETCH_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>

#include "src/graph/json_scan.h"

namespace vigil::graph_json {

class BatchPrefetcher {
 public:
  // One scanned batch, or the syntax error that ended the scan.
  struct Item {
    ScannedBatch batch;
    Status error;
  };

  // Batches scanned but not yet taken, at most.
  static constexpr size_t kAhead = 4;

  // Starts scanning the array elements from `pos` (just after its '[').
  // `scanner` must outlive this object.
  BatchPrefetcher(const Scanner& scanner, size_t pos);
  // Stops the scanning thread (it may be blocked on a full queue) and joins.
  ~BatchPrefetcher();
  BatchPrefetcher(const BatchPrefetcher&) = delete;
  BatchPrefetcher& operator=(const BatchPrefetcher&) = delete;

  // The next batch in document order; blocks until it is scanned. After an
  // item with an error or with batch.last, there are no more items.
  Item Next();

 private:
  void Produce(size_t pos);

  const Scanner& scanner_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stop_ = false;
  std::thread thread_;  // last: started once the rest is constructed
};

}  // namespace vigil::graph_json

#endif  // VIGIL_SRC_GRAPH_JSON_PREFETCH_H_
