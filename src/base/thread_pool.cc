#include "src/base/thread_pool.h"

#include <algorithm>

namespace vigil {
namespace {
thread_local bool in_pool_job = false;
std::atomic<int> live_workers{0};
std::atomic<bool> default_started{false};
}  // namespace

ThreadPool::ThreadPool(int threads) {
  if (threads <= 0) {
    threads = static_cast<int>(std::thread::hardware_concurrency());
    if (threads <= 0) threads = 1;
  }
  for (int i = 1; i < threads; ++i) {
    live_workers.fetch_add(1);
    workers_.emplace_back([this] {
      WorkerLoop();
      live_workers.fetch_sub(1);
    });
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
}

ThreadPool& ThreadPool::Default() {
  static ThreadPool* pool = [] {
    default_started.store(true);
    return new ThreadPool(0);
  }();
  return *pool;
}

bool ThreadPool::DefaultStarted() { return default_started.load(); }
int ThreadPool::LiveWorkers() { return live_workers.load(); }

bool ThreadPool::RunChunks() {
  // Claims and runs chunks until none is left. mu_ is NOT held on entry.
  bool ran = false;
  for (;;) {
    size_t begin, end;
    const std::function<void(size_t, size_t)>* fn;
    {
      std::lock_guard<std::mutex> l(mu_);
      if (fn_ == nullptr || next_ >= n_) return ran;
      begin = next_;
      end = std::min(n_, begin + grain_);
      next_ = end;
      fn = fn_;
      ++active_;
    }
    in_pool_job = true;
    (*fn)(begin, end);
    in_pool_job = false;
    ran = true;
    {
      std::lock_guard<std::mutex> l(mu_);
      if (--active_ == 0 && next_ >= n_) done_cv_.notify_all();
    }
  }
}

void ThreadPool::WorkerLoop() {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait(l, [&] { return stop_ || (generation_ != seen && fn_ != nullptr); });
      if (stop_) return;
      seen = generation_;
    }
    RunChunks();
  }
}

void ThreadPool::ParallelFor(size_t n, size_t grain,
                             const std::function<void(size_t, size_t)>& fn) {
  if (n == 0) return;
  if (grain == 0) grain = 1;
  if (workers_.empty() || n <= grain || in_pool_job) {
    for (size_t b = 0; b < n; b += grain) fn(b, std::min(n, b + grain));
    return;
  }
  std::lock_guard<std::mutex> call(call_mu_);
  {
    std::lock_guard<std::mutex> l(mu_);
    fn_ = &fn;
    n_ = n;
    grain_ = grain;
    next_ = 0;
    ++generation_;
  }
  cv_.notify_all();
  RunChunks();
  std::unique_lock<std::mutex> l(mu_);
  done_cv_.wait(l, [&] { return next_ >= n_ && active_ == 0; });
  fn_ = nullptr;
}

}  // namespace vigil
