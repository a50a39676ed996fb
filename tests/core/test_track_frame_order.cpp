// The tracker reads its source forward (a video decoder seeks to a keyframe and decodes
// forward, so a backward pass must not seek once per frame), and the motion it computes
// ahead of the graph cut follows the frames' content.
#include "media/memory_frame_source.h"
#include "synthetic_track_clip.h"
#include "track/frame_feed.h"
#include "track/frame_motion.h"
#include "track/tracker.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <vector>

using namespace permanence;
using namespace permanence::test;

namespace {

// Frames held in memory; remembers which frames were read, in order.
class RecordingSource : public MemoryFrameSource {
 public:
  using MemoryFrameSource::MemoryFrameSource;
  cv::Mat readFrame(int index) override {
    reads.push_back(index);
    return MemoryFrameSource::readFrame(index);
  }
  std::vector<int> reads;
};

// Frame i is uniformly grey level i (so a frame tells its index).
std::vector<cv::Mat> numberedFrames(int count) {
  std::vector<cv::Mat> frames;
  for (int i = 0; i < count; ++i) frames.emplace_back(8, 8, CV_8UC3, cv::Scalar::all(i));
  return frames;
}

int backwardJumps(const std::vector<int>& reads) {
  int jumps = 0;
  for (size_t i = 1; i < reads.size(); ++i) jumps += reads[i] < reads[i - 1] ? 1 : 0;
  return jumps;
}

}  // namespace

TEST(FrameFeed, ForwardServesEachFrameInOrder) {
  RecordingSource source(numberedFrames(10));
  FrameFeed feed(source, 2, 7, {8, 8});
  for (int frame = 2; frame <= 7; ++frame) {
    ASSERT_FALSE(feed.done());
    EXPECT_EQ(feed.next().at<cv::Vec3b>(0, 0)[0], frame);
  }
  EXPECT_TRUE(feed.done());
  EXPECT_EQ(source.reads, (std::vector<int>{2, 3, 4, 5, 6, 7}));
}

TEST(FrameFeed, BackwardServesLastToFirstWhileReadingForwardInChunks) {
  RecordingSource source(numberedFrames(100));
  FrameFeed feed(source, 94, 5, {8, 8}, 32);
  for (int frame = 94; frame >= 5; --frame) {
    ASSERT_FALSE(feed.done());
    EXPECT_EQ(feed.next().at<cv::Vec3b>(0, 0)[0], frame);
  }
  EXPECT_TRUE(feed.done());
  EXPECT_EQ(source.reads.size(), 90u) << "each frame of the run is read once, none outside it";
  EXPECT_EQ(backwardJumps(source.reads), 2) << "90 frames in chunks of 32: three forward runs";
}

TEST(FrameFeed, BringsFramesToTheWorkSize) {
  RecordingSource source(numberedFrames(4));
  FrameFeed feed(source, 3, 0, {4, 4});
  EXPECT_EQ(feed.next().size(), cv::Size(4, 4));
}

TEST(Tracker, BackwardPassReadsTheSourceForward) {
  TrackScene scene;
  scene.frameCount = 80;
  scene.object.velocity = {1, 0};
  const TrackClip clip = makeTrackClip(scene);
  RecordingSource source(clip.frames);
  MaskTrack track(source.frameCount(), source.frameSize());
  track.setKeyframe(79, clip.visible[79]);
  JobContext context = JobContext::detached();
  const std::vector<Mask> masks = Tracker().propagate(source, track, {0, 79}, context);
  EXPECT_FALSE(masks[0].isEmpty());
  // The keyframe, then 79 frames backward in chunks of 32: a handful of seeks, not 79.
  EXPECT_LE(backwardJumps(source.reads), 4);
  EXPECT_LE(source.reads.size(), 81u);
}

TEST(MotionEstimator, FlowFollowsAShiftedTexture) {
  cv::Mat texture(140, 180, CV_8UC3);
  cv::RNG rng(3);
  rng.fill(texture, cv::RNG::UNIFORM, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::GaussianBlur(texture, texture, cv::Size(0, 0), 2.0);
  const cv::Rect view(20, 20, 120, 100);
  const cv::Mat first = texture(view).clone();
  const cv::Mat second = texture(view - cv::Point(3, 2)).clone();  // content moves by (+3, +2)
  MotionEstimator estimator(first, first.size(), TrackOptions{});
  const FrameMotion motion = estimator.next(second);
  ASSERT_EQ(motion.forward.size(), first.size());
  const cv::Rect inner(20, 20, 80, 60);
  const cv::Scalar forward = cv::mean(motion.forward(inner));
  EXPECT_NEAR(forward[0], 3.0, 0.5);
  EXPECT_NEAR(forward[1], 2.0, 0.5);
  const cv::Scalar source = cv::mean(motion.source(inner));
  EXPECT_NEAR(source[0], inner.x + (inner.width - 1) / 2.0 - 3.0, 0.5);
  EXPECT_NEAR(source[1], inner.y + (inner.height - 1) / 2.0 - 2.0, 0.5);
  EXPECT_LT(cv::countNonZero(motion.doubtful(inner)), inner.area() / 10) << "consistent flow is not doubtful";
}
