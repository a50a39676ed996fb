#include "complete/background_plate.h"
#include "complete/content_completer.h"
#include "errors.h"
#include "media/memory_frame_source.h"
#include "synth/synthetic_scene.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <functional>

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

namespace {

// A clip made for one stage-2 property, with exact truth: a textured rectangle moving
// at a sub-pixel velocity over a textured background, behind an occluder.
struct StageTwoClip {
  std::vector<cv::Mat> frames, truth;  // truth: the frames without the occluder
  std::vector<Mask> modal, amodal;
};

cv::Mat noiseTexture(cv::Size size, std::uint64_t seed, double blur) {
  cv::RNG rng(seed);
  cv::Mat out(size, CV_8UC3);
  rng.fill(out, cv::RNG::UNIFORM, cv::Scalar::all(30), cv::Scalar::all(226));
  cv::GaussianBlur(out, out, cv::Size(), blur);
  return out;
}

struct ClipSpec {
  cv::Size frame{640, 360};
  int frames = 24;
  cv::Size object{200, 120};
  cv::Point2d start{120, 110}, velocity{2.37, 0.41};  // top-left corner, px per frame
  double objectBlur = 1.5;                          // of its noise texture
  double sensorNoise = 0;                           // sigma (grey levels) of noise on each frame
  // The occluder on frame t (in frame coordinates) and its look: a flat colour, or
  // noise when `occluderColour` is negative.
  std::function<cv::Rect(int, cv::Point2d)> occluder;
  cv::Scalar occluderColour{0, 255, 0};
};

StageTwoClip makeClip(const ClipSpec& spec) {
  const cv::Mat background = noiseTexture(spec.frame, 11, 4);
  const cv::Mat texture = noiseTexture(spec.object, 12, spec.objectBlur);
  const cv::Mat shape(spec.object, CV_8U, cv::Scalar(255));
  StageTwoClip clip;
  for (int t = 0; t < spec.frames; ++t) {
    const cv::Point2d at = spec.start + t * spec.velocity;
    const cv::Matx23d place(1, 0, at.x, 0, 1, at.y);
    cv::Mat pixels, alpha;
    cv::warpAffine(texture, pixels, place, spec.frame, cv::INTER_LINEAR);
    cv::warpAffine(shape, alpha, place, spec.frame, cv::INTER_LINEAR);
    const cv::Mat amodal = alpha > 127;
    cv::Mat frame = background.clone();
    pixels.copyTo(frame, amodal);
    clip.truth.push_back(frame.clone());
    const cv::Rect occ = spec.occluder(t, at) & cv::Rect({0, 0}, spec.frame);
    cv::Mat occluded = cv::Mat::zeros(spec.frame, CV_8U);
    occluded(occ).setTo(255);
    if (spec.occluderColour[0] >= 0) frame(occ).setTo(spec.occluderColour);
    else noiseTexture(occ.size(), 13 + t, 1).copyTo(frame(occ));
    if (spec.sensorNoise > 0) {
      cv::Mat noise(frame.size(), CV_16SC3);
      cv::RNG(100 + t).fill(noise, cv::RNG::NORMAL, 0, spec.sensorNoise);
      frame.convertTo(frame, CV_16SC3);
      frame += noise;
      frame.convertTo(frame, CV_8UC3);
    }
    clip.frames.push_back(frame);
    clip.amodal.push_back(Mask::fromMat(amodal));
    clip.modal.push_back(Mask::fromMat(amodal & ~occluded));
  }
  return clip;
}

std::vector<cv::Mat> completeClip(const StageTwoClip& clip) {
  MemoryFrameSource frames(clip.frames);
  CompletionInput input{&frames, clip.modal, clip.amodal};
  std::vector<cv::Mat> out(clip.frames.size());
  auto context = JobContext::detached();
  makeContentCompleter("classic")->complete(
      input, {}, [&](int, int t, const cv::Mat& l) { cv::cvtColor(l, out[t], cv::COLOR_BGRA2BGR); }, context);
  return out;
}

cv::Mat hiddenOf(const StageTwoClip& clip, size_t t) { return clip.amodal[t].toMat() & ~clip.modal[t].toMat(); }

}  // namespace

// The modal masks stray 2 px onto a bright green occluder (as a tracker's do along an
// occluding edge): no green may reach the completed part, neither from the source
// frames' rims nor from the spatial fill's edge.
TEST(Complete, AnOccludersColourLeavesNoTraceInTheCompletedPart) {
  ClipSpec spec;
  spec.occluder = [](int t, cv::Point2d) { return cv::Rect(460 - 6 * t, 90, 70, 170); };
  StageTwoClip clip = makeClip(spec);
  const cv::Mat rim = cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5});
  for (size_t t = 0; t < clip.modal.size(); ++t) {
    cv::Mat strayed;
    cv::dilate(clip.modal[t].toMat(), strayed, rim);
    clip.modal[t] = Mask::fromMat(strayed & clip.amodal[t].toMat());
  }
  const std::vector<cv::Mat> out = completeClip(clip);
  int hiddenPixels = 0, green = 0;
  for (size_t t = 0; t < out.size(); ++t) {
    const cv::Mat hidden = hiddenOf(clip, t);
    hiddenPixels += cv::countNonZero(hidden);
    cv::Mat channels[3];
    cv::split(out[t], channels);
    // Green dominates by far: the occluder's colour, or a blend of it.
    const cv::Mat greenish = (channels[1] > channels[0] + 60) & (channels[1] > channels[2] + 60);
    green += cv::countNonZero(greenish & hidden);
  }
  ASSERT_GT(hiddenPixels, 20000);
  EXPECT_EQ(green, 0) << "of " << hiddenPixels << " completed pixels";
}

// The shift (px) that best aligns the true pixels with the completed ones over
// `where`: a search at 0.25 px steps within ±2 px, then at 0.05 px around the best.
cv::Point2d misplacement(const cv::Mat& completed, const cv::Mat& truth, const cv::Mat& where) {
  const cv::Rect box = cv::boundingRect(where);
  const cv::Rect around(box.x - 4, box.y - 4, box.width + 8, box.height + 8);
  cv::Mat got;
  completed(around).convertTo(got, CV_32FC3);
  const cv::Mat inside = where(around);
  const auto error = [&](cv::Point2d d) {
    cv::Mat moved, diff;
    // The truth moved by d, sampled on `around`.
    cv::warpAffine(truth, moved, cv::Matx23d(1, 0, d.x - around.x, 0, 1, d.y - around.y), around.size(),
                   cv::INTER_CUBIC, cv::BORDER_REFLECT);
    moved.convertTo(moved, CV_32FC3);
    diff = got - moved;
    diff = diff.mul(diff);
    diff.setTo(cv::Scalar::all(0), ~inside);
    const cv::Scalar s = cv::sum(diff);
    return s[0] + s[1] + s[2];
  };
  cv::Point2d best;
  double bestError = 1e30;
  for (const double step : {0.25, 0.05}) {
    const cv::Point2d centre = best;
    const double span = step == 0.25 ? 2.0 : 0.25;
    for (double dy = -span; dy <= span + 1e-9; dy += step)
      for (double dx = -span; dx <= span + 1e-9; dx += step) {
        const cv::Point2d d = centre + cv::Point2d(dx, dy);
        const double e = error(d);
        if (e < bestError) {
          bestError = e;
          best = d;
        }
      }
  }
  return best;
}

// A rigid object is completed at its true place, to a fraction of a pixel: measured on
// the middle frames, whose hidden points all show within the completion's reach.
TEST(Complete, ARigidObjectIsCompletedWithinHalfAPixelOfItsPlace) {
  ClipSpec spec;
  spec.frame = {854, 480};  // the motion is measured at a reduced size
  spec.frames = 48;
  spec.start = {170, 180};
  spec.velocity = {2.37, 0.21};
  spec.occluder = [](int, cv::Point2d) { return cv::Rect(330, 0, 56, 480); };  // hides a point 24 frames
  spec.occluderColour = cv::Scalar(-1, -1, -1);  // textured, changing every frame
  spec.objectBlur = 2.5;                         // a less distinct texture...
  spec.sensorNoise = 6;                          // ...filmed with some noise
  const StageTwoClip clip = makeClip(spec);
  const std::vector<cv::Mat> out = completeClip(clip);
  int measured = 0;
  for (size_t t = 12; t < 36; ++t) {
    const cv::Mat hidden = hiddenOf(clip, t);
    if (cv::countNonZero(hidden) < 2000) continue;
    ++measured;
    // Inside: the clip's edge pixels blend the object with its background.
    cv::Mat inner;
    cv::erode(hidden, inner, cv::getStructuringElement(cv::MORPH_RECT, {5, 5}));
    const cv::Point2d off = misplacement(out[t], clip.truth[t], inner);
    EXPECT_LT(std::hypot(off.x, off.y), 0.5) << "frame " << t << ": off by " << off;
  }
  EXPECT_GT(measured, 10);
}

// Where no frame shows a pixel (the occluder moves with the object, so one part of it
// is never seen), the fill has the object's own texture: its variation, both across
// and along the object, is near that of the visible texture; a smooth fill or a
// smeared one (streaks) has little of it in one direction or both.
TEST(Complete, WhatNoFrameShowsGetsTheObjectsTextureNotStreaks) {
  ClipSpec spec;
  spec.objectBlur = 1.0;
  spec.occluder = [](int, cv::Point2d at) {
    return cv::Rect(static_cast<int>(at.x) + 70, static_cast<int>(at.y) + 60, 60, 120);
  };
  spec.occluderColour = cv::Scalar(-1, -1, -1);
  const StageTwoClip clip = makeClip(spec);
  const std::vector<cv::Mat> out = completeClip(clip);
  const auto variation = [](const cv::Mat& bgr, const cv::Mat& where, int dx, int dy) {
    cv::Mat gray, shifted, diff;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    gray.convertTo(gray, CV_32F);
    cv::warpAffine(gray, shifted, cv::Matx23d(1, 0, -dx, 0, 1, -dy), gray.size());
    cv::absdiff(gray, shifted, diff);
    cv::Mat inner;
    cv::erode(where, inner, cv::getStructuringElement(cv::MORPH_RECT, {5, 5}));
    return cv::mean(diff, inner)[0];
  };
  for (size_t t = 0; t < out.size(); t += 6) {
    const cv::Mat hidden = hiddenOf(clip, t), visible = clip.modal[t].toMat();
    ASSERT_GT(cv::countNonZero(hidden), 3000);
    for (const auto& [dx, dy] : {std::pair{1, 0}, std::pair{0, 1}}) {
      const double own = variation(out[t], visible, dx, dy), fill = variation(out[t], hidden, dx, dy);
      EXPECT_GT(fill, 0.6 * own) << "frame " << t << (dx ? ", across" : ", along") << ": fill " << fill
                                 << ", own texture " << own;
    }
  }
}

// While the object is hidden whole behind a still box, its layer is completed from
// its appearance on the frames where it shows (moved onto its amodal mask there).
TEST(Complete, AnObjectHiddenWholeIsCompletedFromTheFramesWhereItShows) {
  SyntheticSceneSpec spec;
  spec.width = 800;
  spec.frames = 80;
  spec.occluderSize = 2.0;
  spec.occluderStart = 0.475;
  spec.occluderTravel = 0;
  const SyntheticScene s = makeSyntheticScene(spec);
  MemoryFrameSource frames(s.frames);
  CompletionInput input{&frames, s.target.modal, s.target.amodal};
  std::vector<cv::Mat> layers(s.frames.size());
  auto context = JobContext::detached();
  makeContentCompleter("classic")->complete(input, {}, [&](int, int t, const cv::Mat& l) { layers[t] = l; }, context);
  int hiddenWhole = 0;
  for (size_t t = 0; t < layers.size(); ++t) {
    if (!s.target.modal[t].isEmpty()) continue;
    ++hiddenWhole;
    cv::Mat bgr;
    cv::cvtColor(layers[t], bgr, cv::COLOR_BGRA2BGR);
    cv::Mat inner;  // the ellipse's rim blends texture and background in the truth
    cv::erode(s.target.amodal[t].toMat(), inner, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
    EXPECT_GT(psnrIn(bgr, s.target.amodalBgr[t], inner), 16.0) << "frame " << t;  // 11.7-14.9 dB before
  }
  EXPECT_GT(hiddenWhole, 15);
}

// A ball on a still table, then a red cup put over it (the cup stays, it is no removed
// object), as in 02_cups.mp4: while the ball shows, no frame within reach shows the
// table where it sits, only the cup. The plate must show table there, not cup.
TEST(BackgroundPlate, NeverFillsTheHoleWithAnotherObjectThatCoveredTheSpot) {
  const cv::Size size(320, 240);
  cv::Mat table(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y)
    for (int x = 0; x < size.width; ++x)
      table.at<cv::Vec3b>(y, x) = cv::Vec3b(200 + x % 7, 205 + y % 5, 210 - (x + y) % 9);
  const cv::Point spot(160, 140);
  const int ballFrames = 6, frames = 40;
  std::vector<cv::Mat> clip;
  std::vector<Mask> ball;
  for (int t = 0; t < frames; ++t) {
    cv::Mat frame = table.clone(), visible = cv::Mat::zeros(size, CV_8U);
    if (t < ballFrames) {
      cv::circle(frame, spot, 18, cv::Scalar(40, 210, 230), cv::FILLED, cv::LINE_AA);  // yellow
      cv::circle(visible, spot, 18, 255, cv::FILLED);
    } else {
      cv::rectangle(frame, cv::Rect(spot.x - 40, spot.y - 45, 80, 75), cv::Scalar(40, 30, 200), cv::FILLED);  // red
    }
    clip.push_back(frame);
    ball.push_back(Mask::fromMat(visible));
  }
  MemoryFrameSource source(clip);
  auto context = JobContext::detached();
  std::vector<cv::Mat> plate(frames);
  fillBackground(source, ball, {}, [&](int t, const cv::Mat& bgr) { plate[t] = bgr.clone(); }, context);
  for (int t = 0; t < ballFrames; ++t) {
    cv::Mat where = cv::Mat::zeros(size, CV_8U);
    cv::circle(where, spot, 22, 255, cv::FILLED);
    EXPECT_GT(psnrIn(plate[t], table, where), 30.0) << "frame " << t;  // the cup's red: 9 dB
  }
}
