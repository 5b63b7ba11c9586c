// A small fixed-size thread pool with a blocking ParallelFor over index
// ranges. Work is split into chunks of `grain` indices (the caller chooses a
// multiple of 64 so bitmap words are never shared between threads).
#ifndef VIGIL_SRC_BASE_THREAD_POOL_H_
#define VIGIL_SRC_BASE_THREAD_POOL_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace vigil {

class ThreadPool {
 public:
  // threads <= 0 means std::thread::hardware_concurrency().
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Calls fn(begin, end) over [0, n) in chunks of at most `grain`, on the
  // pool's threads and the calling thread; returns when all are done.
  // Safe to call from several threads at once (calls are serialised per
  // pool); nested calls from inside fn run inline.
  void ParallelFor(size_t n, size_t grain,
                   const std::function<void(size_t, size_t)>& fn);

  // A process-wide pool sized to the machine (started on first use).
  static ThreadPool& Default();
  // Whether Default() has been called in this process (tests).
  static bool DefaultStarted();
  // Worker threads alive in every pool of the process (tests: a call that
  // owns its pool leaves none behind).
  static int LiveWorkers();

 private:
  void WorkerLoop();
  bool RunChunks();

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::mutex call_mu_;
  std::condition_variable cv_;
  std::condition_variable done_cv_;
  bool stop_ = false;
  uint64_t generation_ = 0;
  // Current job.
  const std::function<void(size_t, size_t)>* fn_ = nullptr;
  size_t n_ = 0, grain_ = 1, next_ = 0;
  int active_ = 0;
};

}  // namespace vigil

#endif  // VIGIL_SRC_BASE_THREAD_POOL_H_
