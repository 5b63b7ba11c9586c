// Test-only replacement of the global operator new/delete for
// c_api_nomem_test: after test_fail_nth_allocation(n, min_size), the n-th
// allocation of at least min_size bytes from then on throws std::bad_alloc
// (once). Everything else is malloc/free.
// The executable's definitions take precedence over libstdc++'s, so the
// allocations made inside libvigil.so go through them too.
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> g_countdown{0};  // 0: disarmed
std::atomic<long> g_count{0};      // allocations (of min_size or more) seen
std::atomic<size_t> g_min_size{0};

void* Allocate(std::size_t n, std::size_t align = 0) {
  if (n >= g_min_size.load(std::memory_order_relaxed)) {
    g_count.fetch_add(1, std::memory_order_relaxed);
    long c = g_countdown.load(std::memory_order_relaxed);
    if (c > 0 && g_countdown.fetch_sub(1) == 1) throw std::bad_alloc();
  }
  if (n == 0) n = 1;
  void* p = nullptr;
  if (align > alignof(std::max_align_t)) {
    if (posix_memalign(&p, align, n) != 0) p = nullptr;
  } else {
    p = std::malloc(n);
  }
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
}  // namespace

extern "C" void test_fail_nth_allocation(long n) { g_countdown.store(n); }
extern "C" void test_set_min_allocation_size(size_t n) { g_min_size.store(n); }
// Whether the armed failure has not happened yet.
extern "C" int test_allocation_failure_pending(void) {
  return g_countdown.load() > 0;
}
extern "C" void test_reset_allocation_count(void) { g_count.store(0); }
extern "C" long test_allocation_count(void) { return g_count.load(); }

void* operator new(std::size_t n) { return Allocate(n); }
void* operator new[](std::size_t n) { return Allocate(n); }
void* operator new(std::size_t n, std::align_val_t a) {
  return Allocate(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return Allocate(n, static_cast<std::size_t>(a));
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return Allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return Allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
