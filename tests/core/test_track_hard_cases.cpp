// The tracker on what fails on footage nobody tuned on (issue 16): the keyframe's mask
// with thin parts, an object growing 3x within 20 frames, a small low-contrast object,
// a deforming object over a background of its own colours. Each clip is made here
// (textured shapes over a textured, panning background), with its exact truth.
#include "mask/metrics.h"
#include "media/memory_frame_source.h"
#include "track/mask_track.h"
#include "track/tracker.h"
#include "synthetic_track_clip.h"
#include "test_paths.h"
#include "track_variety.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <filesystem>

using namespace permanence;

namespace {

struct Clip {
  std::vector<cv::Mat> frames;
  std::vector<Mask> truth;
};

// The background of frame t: a crop of a larger texture panning by one pixel a frame.
cv::Mat backgroundAt(const cv::Mat& large, cv::Size size, int t) {
  return large(cv::Rect(cv::Point(t, t / 2), size)).clone();
}

cv::Mat ellipseMask(cv::Size size, cv::Point2d centre, cv::Size2d axes, double degrees) {
  cv::Mat mask = cv::Mat::zeros(size, CV_8UC1);
  cv::ellipse(mask, cv::RotatedRect(cv::Point2f(centre), cv::Size2f(axes), static_cast<float>(degrees)),
              cv::Scalar(255), cv::FILLED);
  return mask;
}

// The object's texture, scaled and moved with it so that its flow is its motion.
void paintObject(cv::Mat& frame, const cv::Mat& objectTexture, const cv::Mat& mask, cv::Point2d centre,
                 double scale) {
  const cv::Matx23d place(scale, 0, centre.x - scale * objectTexture.cols / 2.0, 0, scale,
                          centre.y - scale * objectTexture.rows / 2.0);
  cv::Mat layer;
  cv::warpAffine(objectTexture, layer, place, frame.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
  layer.copyTo(frame, mask);
}

std::vector<Mask> trackFromFirst(const Clip& clip) {
  MemoryFrameSource source(clip.frames);
  MaskTrack track(source.frameCount(), source.frameSize());
  track.setKeyframe(0, clip.truth[0]);
  JobContext context = JobContext::detached();
  return Tracker().propagate(source, track, {0, source.frameCount() - 1}, context);
}

}  // namespace

TEST(TrackerHardCases, KeyframeMasksComeBackExactlyAsGiven) {
  // A bicycle-like mask: two rings and one-pixel spokes and frame, which a tracker
  // working at a reduced resolution would drop.
  const cv::Size size(854, 480);
  const cv::Mat large = test::texture(size + cv::Size(60, 60), {90, 140, 110}, 1, 45);
  cv::Mat mask = cv::Mat::zeros(size, CV_8UC1);
  cv::circle(mask, {300, 300}, 80, cv::Scalar(255), 2);
  cv::circle(mask, {560, 300}, 80, cv::Scalar(255), 2);
  cv::line(mask, {300, 300}, {430, 200}, cv::Scalar(255), 1);
  cv::line(mask, {430, 200}, {560, 300}, cv::Scalar(255), 1);
  cv::line(mask, {430, 200}, {420, 150}, cv::Scalar(255), 1);
  for (int a = 0; a < 360; a += 30)
    cv::line(mask, {300, 300}, {300 + static_cast<int>(78 * std::cos(a * CV_PI / 180)),
                                300 + static_cast<int>(78 * std::sin(a * CV_PI / 180))},
             cv::Scalar(255), 1);
  Clip clip;
  for (int t = 0; t < 12; ++t) {
    cv::Mat frame = backgroundAt(large, size, t);
    frame.setTo(cv::Scalar(30, 30, 30), mask);
    clip.frames.push_back(frame);
  }
  const Mask given = Mask::fromMat(mask);
  MemoryFrameSource source(clip.frames);
  MaskTrack track(source.frameCount(), source.frameSize());
  track.setKeyframe(0, given);
  track.setKeyframe(6, given);
  track.setKeyframe(11, given);
  JobContext context = JobContext::detached();
  const std::vector<Mask> masks = Tracker().propagate(source, track, {0, 11}, context);
  EXPECT_EQ(masks[0], given);
  EXPECT_EQ(masks[6], given);
  EXPECT_EQ(masks[11], given);
  const std::vector<Mask> middle = Tracker().propagate(source, track, {5, 7}, context);
  EXPECT_EQ(middle[1], given) << "a range starting before the keyframe";
}

TEST(TrackerHardCases, AnObjectGrowingThreeTimesInTwentyFramesIsFollowed) {
  const cv::Size size(640, 360);
  const cv::Mat large = test::texture(size + cv::Size(60, 60), {90, 140, 110}, 1, 45);
  const cv::Mat objectTexture = test::texture({60, 40}, {40, 60, 200}, 2, 35);
  Clip clip;
  for (int t = 0; t < 26; ++t) {
    // 60x40 px, growing smoothly to 180x120 between frames 3 and 23, moving right.
    const double x = std::clamp((t - 3) / 20.0, 0.0, 1.0);
    const double scale = 1 + 2 * x * x * (3 - 2 * x);
    const cv::Point2d centre(200 + 6 * t, 170 + t);
    cv::Mat frame = backgroundAt(large, size, t);
    const cv::Mat mask = ellipseMask(size, centre, {60 * scale, 40 * scale}, 0);
    paintObject(frame, objectTexture, mask, centre, scale);
    clip.frames.push_back(frame);
    clip.truth.push_back(Mask::fromMat(mask));
  }
  const std::vector<Mask> masks = trackFromFirst(clip);
  for (size_t t = 1; t < masks.size(); ++t) EXPECT_GT(iou(masks[t], clip.truth[t]), 0.8) << "frame " << t;
}

TEST(TrackerHardCases, ASmallLowContrastObjectIsNotLost) {
  const cv::Size size(640, 360);
  const cv::Mat large = test::texture(size + cv::Size(60, 60), {120, 125, 130}, 1, 12);
  // 24x16 px, 25 grey levels from the background's mean, moving 2 px a frame.
  const cv::Mat objectTexture = test::texture({24, 16}, {140, 148, 158}, 2, 12);
  Clip clip;
  for (int t = 0; t < 30; ++t) {
    const cv::Point2d centre(250 + 2 * t, 180 + 0.5 * t);
    cv::Mat frame = backgroundAt(large, size, t);
    const cv::Mat mask = ellipseMask(size, centre, {24, 16}, 0);
    paintObject(frame, objectTexture, mask, centre, 1.0);
    clip.frames.push_back(frame);
    clip.truth.push_back(Mask::fromMat(mask));
  }
  const std::vector<Mask> masks = trackFromFirst(clip);
  double sum = 0;
  for (size_t t = 1; t < masks.size(); ++t) {
    EXPECT_GT(masks[t].area(), 0) << "frame " << t << ": lost";
    sum += iou(masks[t], clip.truth[t]);
  }
  EXPECT_GT(sum / (masks.size() - 1), 0.5);
}

// A small, faint object (DAVIS car and dog, 40 px, veiled in haze) over other real
// footage, generated as in bench/harness_davis_track: the flow over it is mostly the
// background's, and the mask went with the background on the first frame (J 0.03 and
// 0.13) until the object's own pixels were matched too (0.94 and 0.56).
TEST(TrackerHardCases, ASmallHazyObjectOverRealFootageIsKept) {
  const std::filesystem::path davis = test::sharedDir() / "data/davis2016";
  ASSERT_TRUE(std::filesystem::exists(davis / "JPEGImages/480p/soapbox")) << "the shared DAVIS data is missing";
  using bench::loadDavisSequence;
  const bench::DavisSequence blackswan = loadDavisSequence(davis, "blackswan"), cows = loadDavisSequence(davis, "cows");
  const bench::DavisSequence car = loadDavisSequence(davis, "car-roundabout"), dog = loadDavisSequence(davis, "dog");
  const bench::DavisSequence soapbox = loadDavisSequence(davis, "soapbox");
  // The harness's pairs: object, background, other clip, seed.
  const bench::VarietyClip clips[] = {
      bench::makeVarietyClip(car, soapbox, blackswan, bench::VarietyKind::SmallHazy, 36, 4),
      bench::makeVarietyClip(dog, car, cows, bench::VarietyKind::SmallHazy, 36, 6)};
  for (const bench::VarietyClip& generated : clips) {
    Clip clip{generated.frames, generated.truth};
    const std::vector<Mask> masks = trackFromFirst(clip);
    double sum = 0;
    for (size_t t = 1; t < masks.size(); ++t) sum += iou(masks[t], clip.truth[t]);
    EXPECT_GT(sum / (masks.size() - 1), 0.5) << generated.name;
  }
}

TEST(TrackerHardCases, ADeformingObjectOverItsOwnColoursDoesNotLeakOntoThem) {
  // The background is strewn with static blobs of the object's own texture (a crowd of
  // lookalikes); the object swells and turns as it crosses them.
  const cv::Size size(640, 360);
  const cv::Mat large = test::texture(size + cv::Size(60, 60), {90, 140, 110}, 1, 45);
  const cv::Mat objectTexture = test::texture({80, 60}, {40, 60, 200}, 2, 35);
  const cv::Mat crowdTexture = test::texture(size + cv::Size(60, 60), {40, 60, 200}, 3, 35);
  cv::Mat crowd = cv::Mat::zeros(size + cv::Size(60, 60), CV_8UC1);
  for (int i = 0; i < 9; ++i)
    cv::ellipse(crowd, cv::Point(110 + 60 * i, 140 + 90 * (i % 3)), cv::Size(30, 22), 20.0 * i, 0, 360,
                cv::Scalar(255), cv::FILLED);
  crowdTexture.copyTo(large, crowd);
  Clip clip;
  for (int t = 0; t < 30; ++t) {
    const cv::Point2d centre(160 + 10 * t, 200);
    const double swell = 1 + 0.2 * std::sin(t * 0.4);
    cv::Mat frame = backgroundAt(large, size, t);
    const cv::Mat mask = ellipseMask(size, centre, {80 * swell, 60 / swell}, 5.0 * t);
    paintObject(frame, objectTexture, mask, centre, 1.0);
    clip.frames.push_back(frame);
    clip.truth.push_back(Mask::fromMat(mask));
  }
  const std::vector<Mask> masks = trackFromFirst(clip);
  double leaked = 0, truth = 0;
  for (size_t t = 1; t < masks.size(); ++t) {
    leaked += cv::countNonZero(masks[t].toMat() & ~clip.truth[t].toMat());
    truth += clip.truth[t].area();
    EXPECT_GT(iou(masks[t], clip.truth[t]), 0.6) << "frame " << t;
  }
  // Measured 0.20 (at 8fac1a4: 0.71, with the mask on the lookalikes from frame 18 on).
  EXPECT_LT(leaked / truth, 0.25) << "share of the mask on the lookalikes";
}
