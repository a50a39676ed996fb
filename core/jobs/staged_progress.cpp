#include "jobs/staged_progress.h"

#include <algorithm>
#include <numeric>

namespace permanence {
namespace {
constexpr std::int64_t kUnits = 1000;  // the job's progress is reported in thousandths
}  // namespace

StagedProgress::StagedProgress(JobContext& job, std::vector<double> shares) : job_(job) {
  const double sum = std::accumulate(shares.begin(), shares.end(), 0.0);
  double start = 0;
  for (double share : shares) {
    starts_.push_back(start);
    spans_.push_back(sum > 0 ? share / sum : 0);
    start += spans_.back();
  }
}

JobContext StagedProgress::stage(int index, std::string label) {
  const double start = starts_.at(index), span = spans_.at(index);
  return JobContext(job_.token(), [this, start, span, label = std::move(label)](const Progress& p) {
    const double within = p.total > 0 ? std::clamp(static_cast<double>(p.done) / p.total, 0.0, 1.0) : 0.0;
    reached_ = std::max(reached_, static_cast<std::int64_t>((start + span * within) * kUnits));
    job_.report(reached_, kUnits, label);
  });
}

}  // namespace permanence
