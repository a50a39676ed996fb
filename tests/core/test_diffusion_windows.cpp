// Windowed sampling for any video length: window placement and per-step averaging.
#include <gtest/gtest.h>

#include "diffusion/windowed_sampling.h"
#include "errors.h"

namespace permanence::diffusion {
namespace {

TEST(WindowStarts, CoverEveryFrameAndEndAtTheLast) {
  EXPECT_EQ(windowStarts(6, 4, 2), (std::vector<int64_t>{0, 2}));
  EXPECT_EQ(windowStarts(10, 4, 3), (std::vector<int64_t>{0, 3, 6}));
  EXPECT_EQ(windowStarts(11, 4, 3), (std::vector<int64_t>{0, 3, 6, 7}));
  EXPECT_EQ(windowStarts(3, 25, 4), (std::vector<int64_t>{0}));
  EXPECT_EQ(windowStarts(25, 25, 4), (std::vector<int64_t>{0}));
  EXPECT_THROW(windowStarts(30, 4, 5), InputError);
  EXPECT_THROW(windowStarts(30, 4, 0), InputError);
}

// Each window adds (start + 1) to its frames: frames held by two windows must come
// out with the mean of both additions at every step, and the next step must see it.
TEST(SampleInWindows, SharedFramesTakeTheAverageOfTheirWindowsAtEveryStep) {
  std::vector<std::pair<int64_t, torch::Tensor>> seen;
  WindowStep step = [&](const torch::Tensor& x, int64_t start, int) {
    seen.emplace_back(start, x.flatten().clone());
    return x + static_cast<double>(start + 1);
  };
  auto context = JobContext::detached();
  torch::Tensor out = sampleInWindows(torch::zeros({1, 6, 1, 1, 1}), 2, 4, 2, step, context, "test");
  // Step 1: frames 0-1 get +1, frames 4-5 +3, frames 2-3 the mean (1 + 3) / 2 = 2.
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_TRUE(torch::equal(seen[2].second, torch::tensor({1.f, 1.f, 2.f, 2.f})));
  EXPECT_TRUE(torch::equal(seen[3].second, torch::tensor({2.f, 2.f, 3.f, 3.f})));
  EXPECT_TRUE(torch::equal(out.flatten(), torch::tensor({2.f, 2.f, 4.f, 4.f, 6.f, 6.f})));
}

TEST(SampleInWindows, ReportsEveryWindowStepAndStopsOnCancel) {
  auto token = std::make_shared<CancelToken>();
  int reports = 0;
  JobContext context(token, [&](const Progress& p) {
    ++reports;
    if (p.done == 3) token->cancel();
  });
  int calls = 0;
  WindowStep step = [&](const torch::Tensor& x, int64_t, int) {
    ++calls;
    return x;
  };
  EXPECT_THROW(sampleInWindows(torch::zeros({1, 6, 1, 1, 1}), 5, 4, 2, step, context, "test"), Cancelled);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(reports, 4);
}

}  // namespace
}  // namespace permanence::diffusion
