#pragma once
// A job is a function that does heavy work, reports progress and polls a
// cancellation token at least once per frame or denoising step. It computes into
// its own result and hands it over only on success, so cancel or failure leaves the
// caller's state as it was.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace permanence {

class CancelToken {
 public:
  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool isCancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  // Throws permanence::Cancelled when cancel() was called.
  void throwIfCancelled() const;

 private:
  std::atomic<bool> cancelled_{false};
};

struct Progress {
  std::int64_t done = 0;
  std::int64_t total = 0;
  std::string label;
};

using ProgressCallback = std::function<void(const Progress&)>;

// What a running job sees: progress reporting and the cancellation token.
class JobContext {
 public:
  JobContext(std::shared_ptr<CancelToken> token, ProgressCallback onProgress);

  // Reports progress and checks for cancellation (throws Cancelled).
  void report(std::int64_t done, std::int64_t total, const std::string& label = {});
  bool isCancelled() const { return token_->isCancelled(); }
  void throwIfCancelled() const { token_->throwIfCancelled(); }
  const std::shared_ptr<CancelToken>& token() const { return token_; }

  // A context that reports nowhere and is never cancelled (tests, one-shot calls).
  static JobContext detached();

 private:
  std::shared_ptr<CancelToken> token_;
  ProgressCallback onProgress_;
};

enum class JobStatus { Pending, Running, Succeeded, Cancelled, Failed };
const char* toString(JobStatus status);

struct JobOutcome {
  JobStatus status = JobStatus::Pending;
  std::string error;  // the exception's message when Failed
};

using JobFunction = std::function<void(JobContext&)>;

}  // namespace permanence
