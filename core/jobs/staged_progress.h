#pragma once
// One progress for a job made of stages: each stage reports its own done / total
// (0..100 % again for every stage, and some stages start over within, one pass after
// another), and the job reports one fraction that goes once from 0 to 100 % over all
// of them, each stage taking its share, never back.
#include "jobs/job.h"

#include <string>
#include <vector>

namespace permanence {

class StagedProgress {
 public:
  // `shares`: each stage's part of the whole (any positive weights, in stage order).
  StagedProgress(JobContext& job, std::vector<double> shares);

  // The context stage `index` runs with: its reports become the job's, labelled `label`.
  // It shares the job's cancellation.
  JobContext stage(int index, std::string label);

 private:
  JobContext& job_;
  std::vector<double> starts_;  // each stage's start, as a fraction of the whole
  std::vector<double> spans_;
  std::int64_t reached_ = 0;  // the furthest reported, in the job's units
};

}  // namespace permanence
