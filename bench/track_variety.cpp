#include "track_variety.h"

#include "mask/mask_io.h"
#include "media/frame_source.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace permanence::bench {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Frame t of a clip of `count` frames played forth, back, forth...
int pingPong(int t, int count) {
  if (count <= 1) return 0;
  const int period = 2 * (count - 1);
  const int u = t % period;
  return u < count ? u : period - u;
}

double smoothStep(double x) {
  x = std::clamp(x, 0.0, 1.0);
  return x * x * (3 - 2 * x);
}

// A size that goes from `from` to `to` (px, long side) between frames first and last.
double ramp(int t, int first, int last, double from, double to) {
  return from + (to - from) * smoothStep(static_cast<double>(t - first) / (last - first));
}

// Where and how the object (or a copy) is pasted on one frame.
struct Placement {
  int sourceFrame = 0;
  cv::Point2d centre;     // in the output frame
  double longSide = 100;  // px
  double degrees = 0;
};

// The object's frame `u` (pixels and mask as alpha 0..1) warped so that its mask's
// centroid lands on the placement's centre at its size (relative to the long side of
// the object's frame-0 box) and angle.
void warpObject(const DavisSequence& object, const Placement& at, cv::Size size, cv::Mat& pixels, cv::Mat& alpha) {
  const cv::Mat& mask = object.masks[at.sourceFrame];
  const cv::Moments m = cv::moments(mask, true);
  const cv::Point2d anchor = m.m00 > 0 ? cv::Point2d(m.m10 / m.m00, m.m01 / m.m00) : cv::Point2d(0, 0);
  const cv::Rect box0 = cv::boundingRect(object.masks[0]);
  const double scale = at.longSide / std::max(1, std::max(box0.width, box0.height));
  cv::Mat transform = cv::getRotationMatrix2D(cv::Point2f(anchor), at.degrees, scale);
  transform.at<double>(0, 2) += at.centre.x - anchor.x;
  transform.at<double>(1, 2) += at.centre.y - anchor.y;
  cv::warpAffine(object.frames[at.sourceFrame], pixels, transform, size, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  cv::Mat maskFloat;
  mask.convertTo(maskFloat, CV_32F, 1.0 / 255);
  cv::warpAffine(maskFloat, alpha, transform, size, cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
}

// Pastes pixels over the frame with alpha (CV_32F 0..1).
void paste(cv::Mat& frame, const cv::Mat& pixels, const cv::Mat& alpha) {
  for (int y = 0; y < frame.rows; ++y) {
    cv::Vec3b* out = frame.ptr<cv::Vec3b>(y);
    const cv::Vec3b* in = pixels.ptr<cv::Vec3b>(y);
    const float* a = alpha.ptr<float>(y);
    for (int x = 0; x < frame.cols; ++x)
      if (a[x] > 0)
        for (int c = 0; c < 3; ++c) out[x][c] = cv::saturate_cast<uchar>(out[x][c] * (1 - a[x]) + in[x][c] * a[x]);
  }
}

// The object's own placement on frame t of a clip of `count` frames.
Placement objectPlacement(VarietyKind kind, int t, int count, cv::Size size, int seed, int objectFrames) {
  const double w = size.width, h = size.height;
  const double f = static_cast<double>(t) / std::max(1, count - 1);
  const double side = seed % 2 ? 1.0 : -1.0;  // the seed mirrors the path's bend
  Placement at;
  at.sourceFrame = pingPong(t, objectFrames);
  switch (kind) {
    case VarietyKind::Grow:
      at.centre = {w * (0.3 + 0.3 * f), h * (0.55 - 0.05 * f) + side * 20 * std::sin(kPi * f)};
      at.longSide = ramp(t, 6, 26, 70, 210);
      at.degrees = side * 30 * f;
      break;
    case VarietyKind::ShrinkFast:
      at.centre = {w * (0.2 + 0.6 * f), h * 0.5 + side * 30 * std::sin(2 * kPi * f)};
      at.longSide = ramp(t, 4, 24, 260, 90);
      at.degrees = -side * 20 * f;
      break;
    case VarietyKind::Crowd:
      at.centre = {w * (0.38 + 0.22 * f), h * (0.5 + 0.04 * std::sin(2 * kPi * f))};
      at.longSide = 130 * (1 + 0.1 * std::sin(3 * kPi * f));
      at.degrees = side * 15 * std::sin(2 * kPi * f);
      break;
    case VarietyKind::SmallHazy:
      at.centre = {w * (0.3 + 0.35 * f), h * (0.45 + side * 0.1 * f)};
      at.longSide = 40;
      at.degrees = 0;
      break;
  }
  return at;
}

// Three copies of the object, from other moments of its clip, standing around the
// middle of its path (the object passes in front of them).
std::vector<Placement> crowdPlacements(int t, cv::Size size, int objectFrames) {
  const cv::Point2d middle(size.width * 0.49, size.height * 0.5);
  const cv::Point2d offsets[] = {{-1.05, 0.15}, {1.0, -0.1}, {0.15, 0.85}};
  std::vector<Placement> copies;
  for (int k = 0; k < 3; ++k) {
    Placement at;
    at.sourceFrame = pingPong(t + (k + 1) * objectFrames / 4, objectFrames);
    at.centre = middle + 130 * offsets[k] + cv::Point2d(0.4 * t * (k - 1), 0);
    at.longSide = 130 * (0.9 + 0.1 * k);
    at.degrees = 10.0 * (k - 1);
    copies.push_back(at);
  }
  return copies;
}

// A vertical pole (a strip of the other clip's first frame) standing where the
// object's path is halfway: the object passes behind it.
void pastePole(cv::Mat& frame, cv::Mat& visible, const DavisSequence& other, double x) {
  constexpr int kPoleWidth = 28;
  const cv::Rect strip(std::clamp(static_cast<int>(x) - kPoleWidth / 2, 0, frame.cols - kPoleWidth), 0, kPoleWidth,
                       frame.rows);
  const cv::Mat& source = other.frames[0];
  const cv::Rect from(source.cols / 3, 0, kPoleWidth, std::min(source.rows, frame.rows));
  source(from).copyTo(frame(cv::Rect(strip.x, 0, kPoleWidth, from.height)));
  visible(strip).setTo(0);
}

}  // namespace

const char* kindName(VarietyKind kind) {
  switch (kind) {
    case VarietyKind::Grow: return "grow";
    case VarietyKind::ShrinkFast: return "shrink-fast";
    case VarietyKind::Crowd: return "crowd";
    case VarietyKind::SmallHazy: return "small-hazy";
  }
  return "?";
}

DavisSequence loadDavisSequence(const std::filesystem::path& davisRoot, const std::string& name) {
  DavisSequence sequence;
  sequence.name = name;
  auto source = openFrameSource((davisRoot / "JPEGImages" / "480p" / name).string());
  const std::filesystem::path annotations = davisRoot / "Annotations" / "480p" / name;
  for (int i = 0; i < source->frameCount(); ++i) {
    sequence.frames.push_back(source->readFrame(i));
    sequence.masks.push_back(loadMaskPng((annotations / (indexedFrameName(i) + ".png")).string()).toMat());
  }
  return sequence;
}

VarietyClip makeVarietyClip(const DavisSequence& object, const DavisSequence& background,
                            const DavisSequence& other, VarietyKind kind, int frames, int seed) {
  VarietyClip clip;
  clip.name = std::string(kindName(kind)) + ":" + object.name + "/" + background.name;
  const cv::Size size = background.frames[0].size();
  const int objectFrames = static_cast<int>(object.frames.size());
  const int backgroundFrames = static_cast<int>(background.frames.size());
  // The haze: the frame moves this share of the way towards mid grey.
  constexpr double kHaze = 0.6;
  for (int t = 0; t < frames; ++t) {
    cv::Mat frame = background.frames[pingPong(t, backgroundFrames)].clone();
    cv::Mat pixels, alpha;
    if (kind == VarietyKind::Crowd)
      for (const Placement& copy : crowdPlacements(t, size, objectFrames)) {
        warpObject(object, copy, size, pixels, alpha);
        paste(frame, pixels, alpha);
      }
    warpObject(object, objectPlacement(kind, t, frames, size, seed, objectFrames), size, pixels, alpha);
    paste(frame, pixels, alpha);
    cv::Mat visible = alpha > 0.5f;
    if (kind == VarietyKind::ShrinkFast)
      pastePole(frame, visible, other, objectPlacement(kind, frames / 2, frames, size, seed, objectFrames).centre.x);
    if (kind == VarietyKind::SmallHazy) frame.convertTo(frame, CV_8UC3, 1 - kHaze, 128 * kHaze);
    clip.frames.push_back(frame);
    clip.truth.push_back(Mask::fromMat(visible));
  }
  return clip;
}

}  // namespace permanence::bench
