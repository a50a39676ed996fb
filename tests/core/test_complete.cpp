#include "complete/background_plate.h"
#include "complete/content_completer.h"
#include "errors.h"
#include "media/memory_frame_source.h"
#include "synth/synthetic_scene.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace permanence;

namespace {

double psnrIn(const cv::Mat& a, const cv::Mat& b, const cv::Mat& where) {
  cv::Mat diff, sq, masked;
  cv::absdiff(a, b, diff);
  diff.convertTo(diff, CV_32FC3);
  sq = diff.mul(diff);
  sq.copyTo(masked, where);
  const cv::Scalar s = cv::sum(masked);
  const double mse = (s[0] + s[1] + s[2]) / 3 / std::max(1, cv::countNonZero(where));
  return 10 * std::log10(255.0 * 255.0 / std::max(mse, 1e-6));
}

SyntheticScene scene() {
  SyntheticSceneSpec spec;
  spec.frames = 24;
  return makeSyntheticScene(spec);
}

}  // namespace

TEST(Complete, RestoresTheHiddenTextureFromOtherFrames) {
  const SyntheticScene s = scene();
  MemoryFrameSource frames(s.frames);
  CompletionInput input{&frames, s.target.modal, s.target.amodal};
  std::vector<cv::Mat> layers(s.frames.size());
  auto context = JobContext::detached();
  const auto samples = makeContentCompleter("classic")->complete(
      input, {}, [&](int, int t, const cv::Mat& l) { layers[t] = l; }, context);
  ASSERT_EQ(samples.size(), 1u);
  int checked = 0;
  for (size_t t = 0; t < layers.size(); ++t) {
    const cv::Mat visible = s.target.modal[t].toMat(), amodal = s.target.amodal[t].toMat();
    const cv::Mat hidden = amodal & ~visible;
    std::vector<cv::Mat> planes;
    cv::split(layers[t], planes);
    EXPECT_EQ(cv::countNonZero(planes[3] != amodal), 0) << "alpha is the amodal mask, frame " << t;
    cv::Mat bgr;
    cv::cvtColor(layers[t], bgr, cv::COLOR_BGRA2BGR);
    cv::Mat changed;
    cv::absdiff(bgr, s.frames[t], changed);
    cv::cvtColor(changed, changed, cv::COLOR_BGR2GRAY);
    EXPECT_EQ(cv::countNonZero((changed > 0) & visible), 0) << "visible pixels are the originals, frame " << t;
    if (cv::countNonZero(hidden) < 200) continue;
    ++checked;
    EXPECT_GT(psnrIn(bgr, s.target.amodalBgr[t], hidden), 24.0) << "frame " << t;
  }
  EXPECT_GT(checked, 3);
}

TEST(Complete, TopKSamplesDifferAndSameSeedRepeats) {
  const SyntheticScene s = scene();
  MemoryFrameSource frames(s.frames);
  CompletionInput input{&frames, s.target.modal, s.target.amodal};
  auto context = JobContext::detached();
  std::vector<std::vector<cv::Mat>> a(3, std::vector<cv::Mat>(s.frames.size())), b = a;
  auto completer = makeContentCompleter("classic");
  const auto first = completer->complete(input, {3, 0, 0}, [&](int k, int t, const cv::Mat& l) { a[k][t] = l; }, context);
  completer->complete(input, {3, 0, 0}, [&](int k, int t, const cv::Mat& l) { b[k][t] = l; }, context);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_NE(first[0].label, first[1].label);
  for (size_t t = 0; t < s.frames.size(); ++t)
    EXPECT_EQ(cv::norm(a[2][t], b[2][t], cv::NORM_INF), 0) << "same seed, same output";
}

TEST(Complete, RefusesMismatchedMasks) {
  const SyntheticScene s = scene();
  MemoryFrameSource frames(s.frames);
  CompletionInput input{&frames, s.target.modal, s.target.amodal};
  input.amodal.pop_back();
  auto context = JobContext::detached();
  EXPECT_THROW(makeContentCompleter("classic")->complete(input, {}, [](int, int, const cv::Mat&) {}, context),
               InputError);
  EXPECT_THROW(makeContentCompleter("diffusion"), InputError);
}

TEST(BackgroundPlate, FillsBehindAMovingObjectOnAPanningBackground) {
  const SyntheticScene s = scene();
  MemoryFrameSource frames(s.frames);
  std::vector<Mask> remove;
  for (size_t t = 0; t < s.frames.size(); ++t)
    remove.push_back(Mask::fromMat(s.target.amodal[t].toMat() | s.occluder.amodal[t].toMat()));
  auto context = JobContext::detached();
  std::vector<cv::Mat> plate(s.frames.size());
  fillBackground(frames, remove, {}, [&](int t, const cv::Mat& bgr) { plate[t] = bgr; }, context);
  for (size_t t = 0; t < plate.size(); t += 5) {
    const cv::Mat hole = remove[t].toMat();
    EXPECT_GT(psnrIn(plate[t], s.background[t], hole), 24.0) << "frame " << t;
  }
}

TEST(BackgroundPlate, DoesNotPasteAPassingOccluderIntoTheHole) {
  // Only the target is removed; the occluder sliding across it stays. Where the target
  // was, the nearest frame showing the scene is often one in which the occluder has
  // moved there: the plate must take the static scene from a farther frame instead.
  SyntheticSceneSpec spec;
  spec.width = 640;  // the generated sample's size
  spec.height = 360;
  spec.frames = 50;
  const SyntheticScene s = makeSyntheticScene(spec);
  MemoryFrameSource frames(s.frames);
  auto context = JobContext::detached();
  std::vector<cv::Mat> plate(s.frames.size());
  fillBackground(frames, s.target.modal, {}, [&](int t, const cv::Mat& bgr) { plate[t] = bgr; }, context);
  double sum = 0;
  int crossing = 0;
  for (size_t t = 0; t < plate.size(); ++t) {
    cv::Mat hole, nearOccluder;
    cv::dilate(s.target.modal[t].toMat(), hole, cv::getStructuringElement(cv::MORPH_ELLIPSE, {9, 9}));
    cv::dilate(s.occluder.amodal[t].toMat(), nearOccluder, cv::getStructuringElement(cv::MORPH_RECT, {61, 61}));
    if (cv::countNonZero(hole & nearOccluder) == 0) continue;
    cv::Mat truth = s.frames[t].clone();
    s.background[t].copyTo(truth, s.target.modal[t].toMat());
    const double psnr = psnrIn(plate[t], truth, hole);
    sum += psnr;
    ++crossing;
    EXPECT_GT(psnr, 22.0) << "frame " << t;
  }
  ASSERT_GT(crossing, 5);
  EXPECT_GT(sum / crossing, 27.0);
}
