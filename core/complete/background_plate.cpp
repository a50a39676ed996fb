#include "complete/background_plate.h"

#include "complete/clip_motion.h"
#include "complete/foreign_sources.h"
#include "complete/frame_window.h"
#include "complete/observation_map.h"
#include "complete/region_warp.h"
#include "complete/static_scene.h"
#include "errors.h"
#include "media/image_codec.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include <algorithm>
#include <climits>
#include <map>

namespace permanence {
namespace {

const cv::Matx23d kIdentity(1, 0, 0, 0, 1, 0);

// Where the nearest later frame shows each hole pixel of a frame: offsets s - t
// (0 = none within reach) over the hole's bounding box, PNG-compressed (the map is
// piecewise constant) so that a whole clip of them stays small.
struct LaterSources {
  cv::Rect roi;
  std::vector<uchar> png;
};

class HoleMasks {
 public:
  HoleMasks(const std::vector<Mask>& remove, int dilatePixels)
      : remove_(remove),
        grow_(cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * dilatePixels + 1, 2 * dilatePixels + 1})) {}
  cv::Mat operator()(int t) const {
    cv::Mat hole;
    cv::dilate(remove_[t].toMat(), hole, grow_);
    return hole;
  }

 private:
  const std::vector<Mask>& remove_;
  cv::Mat grow_;
};

// The pixels of frame t (whose hole is given) that may fill other frames' holes.
using SeenMasks = std::function<cv::Mat(int t, const cv::Mat& hole)>;

// The backward pass: for every frame, its hole's nearest later views.
std::vector<LaterSources> scanLaterSources(const HoleMasks& holeOf, const SeenMasks& seenOf,
                                           const std::vector<MotionFit>& camera, cv::Size size, int reach,
                                           JobContext& context) {
  const int count = static_cast<int>(camera.size()) + 1;
  std::vector<LaterSources> later(count);
  ObservationMap map(size, reach);
  for (int t = count - 1; t >= 0; --t) {
    const cv::Mat hole = holeOf(t);
    map.advance(t, t + 1 < count ? invert(camera[t].transform) : kIdentity, seenOf(t, hole));
    later[t].roi = cv::boundingRect(hole);
    if (later[t].roi.empty()) continue;
    cv::Mat offsets = map.sources()(later[t].roi) - t;
    offsets.setTo(0, offsets < 0);
    offsets.convertTo(offsets, CV_16U);
    later[t].png = encodePng(offsets);
    context.report(count - t, count, "background scan");
  }
  return later;
}

// Per hole pixel (within `roi`), the nearest frame showing it: the earlier one on a tie; -1 where none.
cv::Mat nearestSources(const cv::Mat& earlier, const LaterSources& later, int t) {
  const cv::Mat offsets = decodeImage(later.png, ImageLayout::AsStored, "background offsets");
  cv::Mat chosen(earlier.size(), CV_32S);
  for (int y = 0; y < chosen.rows; ++y) {
    const int* e = earlier.ptr<int>(y);
    const ushort* l = offsets.ptr<ushort>(y);
    int* c = chosen.ptr<int>(y);
    for (int x = 0; x < chosen.cols; ++x) {
      const int before = e[x] >= 0 && e[x] != t ? t - e[x] : INT_MAX;
      const int after = l[x] > 0 ? l[x] : INT_MAX;
      c[x] = before == INT_MAX && after == INT_MAX ? -1 : before <= after ? e[x] : t + after;
    }
  }
  return chosen;
}

// `preferred` where it names a frame, else `fallback`.
cv::Mat preferring(cv::Mat preferred, const cv::Mat& fallback) {
  fallback.copyTo(preferred, preferred < 0);
  return preferred;
}

// Frame s seen from frame t: where a pixel of t lies in s, and the colour there.
struct SourceView {
  cv::Mat frame, hole;
  cv::Matx23d tIntoS;
  cv::Scalar gain = cv::Scalar::all(1);

  bool locate(int x, int y, float& u, float& v) const {
    u = static_cast<float>(tIntoS(0, 0) * x + tIntoS(0, 1) * y + tIntoS(0, 2));
    v = static_cast<float>(tIntoS(1, 0) * x + tIntoS(1, 1) * y + tIntoS(1, 2));
    return u >= 0 && v >= 0 && u <= frame.cols - 1 && v <= frame.rows - 1;
  }
  // Bilinear colour at (u, v), clamped to the frame.
  cv::Vec3f colourAt(float u, float v) const {
    u = std::clamp(u, 0.0f, static_cast<float>(frame.cols - 1));
    v = std::clamp(v, 0.0f, static_cast<float>(frame.rows - 1));
    const int x0 = static_cast<int>(u), y0 = static_cast<int>(v);
    const int x1 = std::min(x0 + 1, frame.cols - 1), y1 = std::min(y0 + 1, frame.rows - 1);
    const float fx = u - x0, fy = v - y0;
    const auto& a = frame.at<cv::Vec3b>(y0, x0);
    const auto& b = frame.at<cv::Vec3b>(y0, x1);
    const auto& c = frame.at<cv::Vec3b>(y1, x0);
    const auto& d = frame.at<cv::Vec3b>(y1, x1);
    cv::Vec3f out;
    for (int k = 0; k < 3; ++k)
      out[k] = (1 - fy) * ((1 - fx) * a[k] + fx * b[k]) + fy * ((1 - fx) * c[k] + fx * d[k]);
    return out;
  }
};

// Exposure match of a source: over the band just outside the hole of t, where the
// source also shows the background, the per-channel ratio of the colours.
cv::Scalar exposureGain(const SourceView& view, const cv::Mat& frameT, const std::vector<cv::Point>& band) {
  cv::Vec3d sumT(0, 0, 0), sumS(0, 0, 0);
  int samples = 0;
  for (const cv::Point& p : band) {
    float u, v;
    if (!view.locate(p.x, p.y, u, v) || view.hole.at<uchar>(cvRound(v), cvRound(u))) continue;
    sumS += cv::Vec3d(view.colourAt(u, v));
    sumT += cv::Vec3d(frameT.at<cv::Vec3b>(p));
    ++samples;
  }
  cv::Scalar gain = cv::Scalar::all(1);
  if (samples < 50) return gain;
  for (int c = 0; c < 3; ++c) gain[c] = std::clamp(sumS[c] > 1 ? sumT[c] / sumS[c] : 1.0, 0.9, 1.1);
  return gain;
}

// Every 2nd pixel of the band of `width` pixels around the hole: enough to measure exposure.
std::vector<cv::Point> bandAround(const cv::Mat& hole, const cv::Rect& roi, int width) {
  const cv::Rect around = grow(roi, width, hole.size());
  cv::Mat wider;
  cv::dilate(hole(around), wider, cv::getStructuringElement(cv::MORPH_RECT, {2 * width + 1, 2 * width + 1}));
  const cv::Mat band = wider & ~hole(around);
  std::vector<cv::Point> points;
  for (int y = 0; y < band.rows; y += 2)
    for (int x = y % 4 / 2; x < band.cols; x += 2)
      if (band.at<uchar>(y, x)) points.push_back(cv::Point(x, y) + around.tl());
  return points;
}

// Copies into `out` the pixels of `chosen` (over `roi` of frame t) from their frames,
// sampled through the camera's motion, with each frame's exposure matched.
void copyFromSources(cv::Mat& out, const cv::Mat& chosen, const cv::Rect& roi, int t,
                     const std::vector<MotionFit>& camera, const FrameWindow& window) {
  std::map<int, SourceView> views;
  const std::vector<cv::Point> band = bandAround(window.mask(t), roi, 8);
  for (int y = 0; y < chosen.rows; ++y)
    for (int x = 0; x < chosen.cols; ++x)
      if (const int s = chosen.at<int>(y, x); s >= 0 && !views.count(s)) {
        SourceView& view = views[s];
        view.frame = window.frame(s);
        view.hole = window.mask(s);
        view.tIntoS = invert(chain(camera, s, t).transform);
        view.gain = exposureGain(view, out, band);
      }
  for (int y = 0; y < chosen.rows; ++y) {
    const int* source = chosen.ptr<int>(y);
    cv::Vec3b* pixel = out.ptr<cv::Vec3b>(y + roi.y) + roi.x;
    for (int x = 0; x < chosen.cols; ++x) {
      if (source[x] < 0) continue;
      const SourceView& view = views.at(source[x]);
      float u, v;
      view.locate(x + roi.x, y + roi.y, u, v);
      const cv::Vec3f colour = view.colourAt(u, v);
      for (int k = 0; k < 3; ++k) pixel[x][k] = cv::saturate_cast<uchar>(colour[k] * view.gain[k]);
    }
  }
}

// What no frame shows is made up once and then carried along with the camera, so
// it does not flicker: pixels the previous frame made up are reused, only new ones
// are inpainted. Returns the made-up pixels of this frame.
cv::Mat fillUnseen(cv::Mat& out, const cv::Mat& unseen, const cv::Mat& previousOut,
                   const cv::Mat& previousMadeUp, const cv::Matx23d& previousIntoCurrent) {
  const cv::Rect box = cv::boundingRect(unseen);
  if (box.empty()) return unseen;
  cv::Mat remaining = unseen.clone();
  if (!previousOut.empty() && cv::countNonZero(previousMadeUp) > 0) {
    const cv::Matx23d m = intoRoi(previousIntoCurrent, box);
    cv::Mat carried, carriedMask;
    cv::warpAffine(previousOut, carried, m, box.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::warpAffine(previousMadeUp, carriedMask, m, box.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
    const cv::Mat reuse = carriedMask & unseen(box);
    carried.copyTo(out(box), reuse);
    remaining(box).setTo(0, reuse);
  }
  const cv::Rect around = grow(cv::boundingRect(remaining), 16, out.size());
  if (!around.empty()) {
    cv::Mat painted;
    cv::inpaint(out(around), remaining(around), painted, 5, cv::INPAINT_TELEA);
    painted.copyTo(out(around), remaining(around));
  }
  return unseen;
}

}  // namespace

void fillBackground(FrameSource& frames, const std::vector<Mask>& remove, const BackgroundOptions& options,
                    const std::function<void(int, const cv::Mat&)>& sink, JobContext& context) {
  const int count = frames.frameCount();
  if (static_cast<int>(remove.size()) != count)
    throw InputError("background: " + std::to_string(remove.size()) + " masks for " + std::to_string(count) + " frames");
  for (int i = 0; i < count; ++i)
    if (remove[i].size() != frames.frameSize())
      throw InputError("background: mask of frame " + frames.frameName(i) + " does not have the frame size");
  const HoleMasks holeOf(remove, options.dilatePixels);
  const std::vector<MotionFit> camera =
      measureClipMotion(frames, [&](int i) { return cv::Mat(~holeOf(i)); }, context, "camera");
  // Pixels come from the static scene when any frame within reach shows it there, else
  // from whatever the nearest frame shows (a swaying tree is better than a blur).
  const std::vector<Mask> staticScene = findStaticScene(frames, holeOf, camera, context);
  const SeenMasks anySeen = [](int, const cv::Mat& hole) { return cv::Mat(~hole); };
  const SeenMasks staticSeen = [&](int t, const cv::Mat& hole) { return cv::Mat(~hole & staticScene[t].toMat()); };
  const std::vector<LaterSources> laterAny =
      scanLaterSources(holeOf, anySeen, camera, frames.frameSize(), options.reach, context);
  const std::vector<LaterSources> laterStatic =
      scanLaterSources(holeOf, staticSeen, camera, frames.frameSize(), options.reach, context);

  ObservationMap earlierAny(frames.frameSize(), options.reach), earlierStatic(frames.frameSize(), options.reach);
  FrameWindow window(frames, holeOf, options.reach);
  cv::Mat previousOut, previousMadeUp;
  for (int t = 0; t < count; ++t) {
    window.moveTo(t);
    const cv::Mat& hole = window.mask(t);
    const cv::Matx23d fromPrevious = t > 0 ? camera[t - 1].transform : kIdentity;
    earlierAny.advance(t, fromPrevious, anySeen(t, hole));
    earlierStatic.advance(t, fromPrevious, staticSeen(t, hole));
    cv::Mat out = window.frame(t).clone(), madeUp = cv::Mat::zeros(hole.size(), CV_8U);
    if (const cv::Rect roi = laterAny[t].roi; !roi.empty()) {
      // Neither the static scene nor any view may be another object that covered the spot.
      const SourceFrames sourceOf = [&](int s) -> std::optional<SourceFrame> {
        if (s < 0 || s >= count || std::abs(s - t) > options.reach) return std::nullopt;
        return SourceFrame{&window.frame(s), &window.mask(s), invert(chain(camera, s, t).transform)};
      };
      cv::Mat fromStatic = nearestSources(earlierStatic.sources()(roi), laterStatic[t], t);
      cv::Mat fromAny = nearestSources(earlierAny.sources()(roi), laterAny[t], t);
      rejectForeignSources(fromStatic, roi, t, sourceOf);
      rejectForeignSources(fromAny, roi, t, sourceOf);
      cv::Mat chosen = preferring(fromStatic, fromAny);
      chosen.setTo(-1, ~hole(roi));  // what frame t shows itself stays, moving or not
      copyFromSources(out, chosen, roi, t, camera, window);
      cv::Mat unseen = cv::Mat::zeros(hole.size(), CV_8U);
      unseen(roi).setTo(255, (chosen < 0) & hole(roi));
      madeUp = fillUnseen(out, unseen, previousOut, previousMadeUp, fromPrevious);
    }
    sink(t, out);
    previousOut = out;
    previousMadeUp = madeUp;
    context.report(t + 1, count, "background");
  }
}

}  // namespace permanence
