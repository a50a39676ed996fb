#include "jobs/job.h"

#include "errors.h"

namespace permanence {

void CancelToken::throwIfCancelled() const {
  if (isCancelled()) throw Cancelled();
}

JobContext::JobContext(std::shared_ptr<CancelToken> token, ProgressCallback onProgress)
    : token_(std::move(token)), onProgress_(std::move(onProgress)) {}

void JobContext::report(std::int64_t done, std::int64_t total, const std::string& label) {
  if (onProgress_) onProgress_(Progress{done, total, label});
  throwIfCancelled();
}

JobContext JobContext::detached() { return JobContext(std::make_shared<CancelToken>(), {}); }

const char* toString(JobStatus status) {
  switch (status) {
    case JobStatus::Pending: return "pending";
    case JobStatus::Running: return "running";
    case JobStatus::Succeeded: return "succeeded";
    case JobStatus::Cancelled: return "cancelled";
    case JobStatus::Failed: return "failed";
  }
  return "unknown";
}

}  // namespace permanence
