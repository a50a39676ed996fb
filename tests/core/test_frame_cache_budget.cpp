// FrameCache's editor-facing calls: setBudget evicts down to the new budget at once,
// and peek answers from the cache only, never decoding.
#include "media/frame_cache.h"
#include "test_paths.h"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

namespace permanence {
namespace {

std::unique_ptr<FrameSource> writeFrames(const test::TempDir& dir, int count) {
  for (int f = 0; f < count; ++f)
    cv::imwrite(dir / (indexedFrameName(f) + ".png"), cv::Mat(40, 50, CV_8UC3, cv::Scalar(f, 2 * f, 3 * f)));
  return openFrameSource(dir.path().string());
}

TEST(FrameCacheBudget, SetBudgetEvictsAtOnce) {
  test::TempDir dir;
  auto source = writeFrames(dir, 6);
  const std::size_t frameBytes = 40 * 50 * 3;
  FrameCache cache(10 * frameBytes);
  for (int f = 0; f < 6; ++f) cache.get(*source, f);
  EXPECT_EQ(cache.bytesUsed(), 6 * frameBytes);
  cache.setBudget(2 * frameBytes);
  EXPECT_EQ(cache.budgetBytes(), 2 * frameBytes);
  EXPECT_EQ(cache.bytesUsed(), 2 * frameBytes);
  // The most recently used frames stay.
  EXPECT_FALSE(cache.peek(*source, 5).empty());
  EXPECT_FALSE(cache.peek(*source, 4).empty());
  EXPECT_TRUE(cache.peek(*source, 0).empty());
}

TEST(FrameCacheBudget, PeekNeverDecodes) {
  test::TempDir dir;
  auto source = writeFrames(dir, 3);
  FrameCache cache(std::size_t(1) << 20);
  EXPECT_TRUE(cache.peek(*source, 1).empty());
  EXPECT_EQ(cache.misses(), 0u);
  EXPECT_EQ(cache.bytesUsed(), 0u);
  const cv::Mat read = cache.get(*source, 1);
  const cv::Mat peeked = cache.peek(*source, 1);
  ASSERT_FALSE(peeked.empty());
  EXPECT_EQ(cv::norm(read, peeked, cv::NORM_INF), 0.0);
}

}  // namespace
}  // namespace permanence
