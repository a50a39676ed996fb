#include "complete/classic_content_completer.h"

#include "complete/clip_motion.h"
#include "complete/frame_window.h"
#include "complete/occluder_colours.h"
#include "complete/region_warp.h"
#include "complete/texture_fill.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include <algorithm>
#include <map>
#include <random>

namespace permanence {
namespace {

// The pixels of a frame that may be copied into another: its visible mask without
// its edge (edge pixels blend in what is next to the object).
cv::Mat trustedPixels(const cv::Mat& visible, const ClassicCompletionSettings& settings) {
  if (settings.edgeErosion <= 0) return visible;
  cv::Mat out;
  cv::erode(visible, out, cv::Mat(), {-1, -1}, settings.edgeErosion);
  return out;
}

cv::Point2d centroidOf(const cv::Mat& mask) {
  const cv::Moments m = cv::moments(mask, true);
  return m.m00 > 0 ? cv::Point2d(m.m10 / m.m00, m.m01 / m.m00) : cv::Point2d(0, 0);
}

// What one frame's completion reads: the frames around it with their trusted pixels,
// their grey images (for registration, computed once each) and the amodal masks.
class Sources {
 public:
  Sources(FrameSource& frames, const CompletionInput& input, const ClassicCompletionSettings& settings, int reach)
      : input_(input),
        window_(frames, [this, &settings](int i) { return trustedPixels(visible(i), settings); }, reach),
        reach_(reach) {}

  void moveTo(int t) {
    window_.moveTo(t);
    while (!grays_.empty() && grays_.begin()->first < t - reach_) grays_.erase(grays_.begin());
  }
  const cv::Mat& frame(int s) const { return window_.frame(s); }
  const cv::Mat& trusted(int s) const { return window_.mask(s); }
  cv::Mat visible(int s) const { return input_.modal[s].toMat(); }
  cv::Mat amodal(int s) const { return input_.amodal[s].toMat() | visible(s); }
  const cv::Mat& gray(int s) {
    auto it = grays_.find(s);
    if (it == grays_.end()) {
      cv::Mat g;
      cv::cvtColor(frame(s), g, cv::COLOR_BGR2GRAY);
      g.convertTo(g, CV_32F);
      it = grays_.emplace(s, g).first;
    }
    return it->second;
  }

 private:
  const CompletionInput& input_;
  FrameWindow window_;
  int reach_;
  std::map<int, cv::Mat> grays_;
};

// Where each source frame's pixels land in the frame being completed: the chained
// motion, registered on what both frames show (or, when that frame shows nothing of
// the object, moved onto its amodal mask's centroid). The registered maps are kept
// for the next frame: there each starts from its map into this one carried one step by
// the clip's motion (within a pixel of the truth), so only the fine level runs.
class Registrations {
 public:
  explicit Registrations(const RegistrationSettings& settings) : settings_(settings) {}

  // Starts frame t; the maps into frame t - 1 become the next guesses.
  void moveTo(int t) {
    previous_.swap(current_);
    current_.clear();
    if (t != target_ + 1) previous_.clear();
    target_ = t;
  }

  cv::Matx23d into(Sources& sources, const std::vector<MotionFit>& fits, int s, const cv::Rect& roi,
                   const cv::Mat& match, bool targetSeen) {
    const int t = target_;
    const auto carried = previous_.find(s);
    const bool warm = carried != previous_.end() && t > 0;
    cv::Matx23d m = warm ? compose(fits[t - 1].transform, carried->second) : chain(fits, s, t).transform;
    if (targetSeen) {
      m = refineRegistration(sources.gray(t), sources.gray(s), m, roi, match, sources.trusted(s), settings_, warm);
    } else {
      const cv::Point2d from = centroidOf(sources.amodal(s)), to = centroidOf(sources.amodal(t));
      m(0, 2) += to.x - (m(0, 0) * from.x + m(0, 1) * from.y + m(0, 2));
      m(1, 2) += to.y - (m(1, 0) * from.x + m(1, 1) * from.y + m(1, 2));
    }
    current_[s] = m;
    return m;
  }

 private:
  RegistrationSettings settings_;
  std::map<int, cv::Matx23d> previous_, current_;
  int target_ = -1;
};

// The pixels of the roi whose copy from source frame `source` (mapped by `m`) would
// take in the occluder's colour: the source pixel itself, or one of those a sub-pixel
// copy blends in, looks like the occluder.
cv::Mat occluderNear(const cv::Mat& source, const cv::Matx23d& m, cv::Size roi, const OccluderColours& occluder) {
  cv::Mat pixels, like;
  cv::warpAffine(source, pixels, m, roi, cv::INTER_NEAREST, cv::BORDER_REPLICATE);
  cv::dilate(occluder.occluderLike(pixels), like, cv::Mat());
  return like;
}

// A source that would fill fewer of the missing pixels than this is not used.
constexpr int kMinUseful = 16;

// Fills `need` pixels of `out` (frame t) from frames s = t±1, t±2... within `reach`,
// nearest first (or, with `averageBothSides`, the mean of the nearest earlier and
// later views). Returns the pixels it filled.
cv::Mat propagateFromNeighbours(cv::Mat& out, const cv::Mat& need, int t, int count, const CompletionHypothesis& h,
                                const std::vector<MotionFit>& fits, Sources& sources, Registrations& registrations,
                                int band) {
  cv::Mat filled = cv::Mat::zeros(need.size(), CV_8U);
  const cv::Rect roi = grow(cv::boundingRect(need), 16, need.size());
  if (roi.empty()) return filled;
  const cv::Mat targetKnown = sources.trusted(t)(roi).clone();
  const bool targetSeen = cv::countNonZero(sources.visible(t)) > 0;
  const OccluderColours occluder(sources.frame(t)(roi), need(roi), targetKnown);
  const cv::Mat match = targetSeen ? pixelsToMatch(targetKnown, need(roi), band) : cv::Mat();
  cv::Mat warped, warpedVisible, pending = need(roi).clone();
  for (int d = 1; d <= h.reach && cv::countNonZero(pending) > 0; ++d) {
    cv::Mat sum = cv::Mat::zeros(roi.size(), CV_32FC3), hits = cv::Mat::zeros(roi.size(), CV_8U);
    for (int s : {t - d, t + d}) {
      if (s < 0 || s >= count) continue;
      const cv::Mat& visible = sources.trusted(s);
      if (cv::countNonZero(visible) == 0) continue;
      // Registering costs more than the copy: only a source that shows some of what
      // is still missing (by the chained motion) is registered.
      cv::warpAffine(visible, warpedVisible, intoRoi(chain(fits, s, t).transform, roi), roi.size(), cv::INTER_NEAREST,
                     cv::BORDER_CONSTANT, 0);
      if (cv::countNonZero(warpedVisible & pending) < kMinUseful) continue;
      const cv::Matx23d m = intoRoi(registrations.into(sources, fits, s, roi, match, targetSeen), roi);
      cv::warpAffine(sources.frame(s), warped, m, roi.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
      cv::warpAffine(visible, warpedVisible, m, roi.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
      const cv::Scalar gain = gainBetween(warped, out(roi), warpedVisible & targetKnown);
      cv::Mat corrected, colour;
      warped.convertTo(corrected, CV_32FC3);
      cv::multiply(corrected, gain, corrected);
      corrected.convertTo(colour, CV_8UC3);
      const cv::Mat usable = warpedVisible & pending & ~occluderNear(sources.frame(s), m, roi.size(), occluder);
      if (h.averageBothSides) {
        cv::add(sum, corrected, sum, usable);
        cv::add(hits, 1, hits, usable);
        continue;
      }
      // Nearest first: the later side only fills what the earlier side did not.
      colour.copyTo(out(roi), usable);
      filled(roi) |= usable;
      pending &= ~usable;
    }
    if (h.averageBothSides) {
      const cv::Mat got = hits > 0;
      cv::Mat hitsF, count3, colour;
      hits.convertTo(hitsF, CV_32F);
      cv::Mat planes[] = {hitsF, hitsF, hitsF};
      cv::merge(planes, 3, count3);
      cv::divide(sum, cv::max(count3, 1.0f), sum);
      sum.convertTo(colour, CV_8UC3);
      colour.copyTo(out(roi), got);
      filled(roi) |= got;
      pending &= ~got;
    }
  }
  return filled;
}

// What the completion had to invent (no frame within reach shows it), kept in the
// coordinates of the frame where it was first invented and carried from there along
// the object's motion: one interpolation however many frames later, where warping
// the previous frame's pixels every frame would blur them away and drift (nearest
// neighbour: ~0.4 px a frame at 2.4 px/frame).
class InventedTexture {
 public:
  // Copies into the `rest` pixels of frame t what was invented there before; returns them.
  cv::Mat carryInto(cv::Mat& out, const cv::Mat& rest, int t, const std::vector<MotionFit>& fits) const {
    cv::Mat carried = cv::Mat::zeros(rest.size(), CV_8U);
    const cv::Rect roi = grow(cv::boundingRect(rest), 4, rest.size());
    if (anchor_ < 0 || roi.empty()) return carried;
    const cv::Matx23d m = intoRoi(chain(fits, anchor_, t).transform, roi);
    cv::Mat warped, warpedKnown;
    cv::warpAffine(pixels_, warped, m, roi.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::warpAffine(known_, warpedKnown, m, roi.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
    cv::erode(warpedKnown, warpedKnown, cv::Mat());  // its edge blends in what is outside it
    const cv::Mat usable = warpedKnown & rest(roi);
    warped.copyTo(out(roi), usable);
    carried(roi) |= usable;
    return carried;
  }

  // Keeps the pixels `made` of frame t (in `out`) that it does not hold yet.
  void record(const cv::Mat& out, const cv::Mat& made, int t, const std::vector<MotionFit>& fits) {
    if (cv::countNonZero(made) == 0) return;
    if (anchor_ < 0 || t - anchor_ > kLongestCarry) {
      anchor_ = t;
      pixels_ = cv::Mat::zeros(out.size(), CV_8UC3);
      known_ = cv::Mat::zeros(out.size(), CV_8U);
    }
    const cv::Matx23d back = chain(fits, t, anchor_).transform;
    cv::Mat warped, warpedMade;
    // Nearest neighbour: an interpolation would blend in the occluder next to the part.
    cv::warpAffine(out, warped, back, out.size(), cv::INTER_NEAREST, cv::BORDER_REPLICATE);
    cv::warpAffine(made, warpedMade, back, out.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
    const cv::Mat fresh = warpedMade & ~known_;
    warped.copyTo(pixels_, fresh);
    known_ |= fresh;
  }

 private:
  // Frames after which the anchor is renewed: the chained motion drifts, and a long
  // clip's object changes its pose.
  static constexpr int kLongestCarry = 50;
  int anchor_ = -1;
  cv::Mat pixels_, known_;  // in the anchor frame's coordinates
};

// The same restriction with Telea's method: everything outside the object is
// marked unknown too, so the fill never reaches past the object's boundary.
void inpaintWithinObject(cv::Mat& out, const cv::Mat& holes, const cv::Mat& object) {
  if (cv::countNonZero(holes) == 0) return;
  const cv::Rect roi = grow(cv::boundingRect(object | holes), 6, out.size());
  const cv::Mat unknown = ~object(roi) | holes(roi);
  if (cv::countNonZero(~unknown) == 0) return;  // nothing of the object to fill from
  cv::Mat filled;
  cv::inpaint(out(roi), unknown, filled, 4, cv::INPAINT_TELEA);
  filled.copyTo(out(roi), holes(roi));
}

cv::Mat toLayer(const cv::Mat& bgr, const cv::Mat& alpha, int feather) {
  cv::Mat a = alpha;
  if (feather > 0) cv::GaussianBlur(alpha, a, cv::Size(), feather / 2.0);
  cv::Mat layer;
  cv::Mat channels[] = {cv::Mat(), cv::Mat(), cv::Mat(), a};
  std::vector<cv::Mat> bgrPlanes;
  cv::split(bgr, bgrPlanes);
  for (int c = 0; c < 3; ++c) channels[c] = bgrPlanes[c];
  cv::merge(channels, 4, layer);
  layer.setTo(cv::Scalar::all(0), a == 0);
  return layer;
}

// Mean absolute difference inside the hidden part between a frame's completion
// and the previous one carried forward by the object's motion.
double flicker(const cv::Mat& previous, const cv::Mat& current, const cv::Mat& hidden, const MotionFit& fit) {
  if (previous.empty() || cv::countNonZero(hidden) == 0) return -1;
  cv::Mat warped, diff;
  cv::warpAffine(previous, warped, fit.transform, current.size());
  cv::absdiff(warped, current, diff);
  return cv::mean(diff, hidden)[0];
}

}  // namespace

std::vector<CompletionHypothesis> ClassicContentCompleter::hypotheses(int k, std::uint64_t seed) {
  std::vector<CompletionHypothesis> base = {
      {15, false, false, "nearest visible view first, ±15 frames, texture synthesis"},
      {15, true, false, "average of nearest earlier and later views, ±15 frames, texture synthesis"},
      {5, false, true, "nearest view within ±5 frames, Telea fill"},
  };
  std::mt19937_64 rng(seed);
  std::vector<CompletionHypothesis> out;
  for (int i = 0; i < k; ++i) {
    CompletionHypothesis h = base[i % base.size()];
    if (seed != 0 || i >= static_cast<int>(base.size())) {
      h.reach = 3 + static_cast<int>(rng() % 20);
      h.label += " (seed " + std::to_string(seed) + ", reach " + std::to_string(h.reach) + ")";
    }
    out.push_back(h);
  }
  return out;
}

std::vector<CompletionSample> ClassicContentCompleter::complete(const CompletionInput& input,
                                                                const CompletionOptions& options,
                                                                const LayerSink& sink, JobContext& context) {
  validateCompletionInput(input);
  FrameSource& frames = *input.frames;
  const int count = frames.frameCount();
  const std::vector<MotionFit> fits =
      measureClipMotion(frames, [&](int i) { return input.modal[i].toMat(); }, context, "motion");
  const auto hyps = hypotheses(std::max(1, options.topK), options.seed);
  std::vector<CompletionSample> samples;
  int step = 0;
  for (size_t k = 0; k < hyps.size(); ++k) {
    const auto& h = hyps[k];
    double flickerSum = 0;
    int flickerFrames = 0;
    cv::Mat previous;
    InventedTexture invented;
    Sources sources(frames, input, settings_, h.reach);
    Registrations registrations(settings_.registration);
    for (int t = 0; t < count; ++t) {
      sources.moveTo(t);
      registrations.moveTo(t);
      const cv::Mat visible = sources.visible(t), amodal = sources.amodal(t);
      const cv::Mat hidden = amodal & ~visible;
      cv::Mat out = sources.frame(t).clone();
      if (cv::countNonZero(hidden) > 0) {
        const cv::Mat filled =
            propagateFromNeighbours(out, hidden, t, count, h, fits, sources, registrations, settings_.registration.band);
        cv::Mat rest = hidden & ~filled;
        rest &= ~invented.carryInto(out, rest, t, fits);
        const cv::Mat known = sources.trusted(t) | (hidden & ~rest);
        if (h.telea) inpaintWithinObject(out, rest, known);
        else synthesiseTexture(out, rest, known, options.seed * 7919 + static_cast<std::uint64_t>(t));
        invented.record(out, rest, t, fits);
      }
      const double f = t > 0 ? flicker(previous, out, hidden, fits[t - 1]) : -1;
      if (f >= 0) {
        flickerSum += f;
        ++flickerFrames;
      }
      previous = out;
      sink(static_cast<int>(k), t, toLayer(out, amodal, options.featherPixels));
      context.report(++step, static_cast<std::int64_t>(count) * hyps.size(), "complete");
    }
    const double meanFlicker = flickerFrames ? flickerSum / flickerFrames : 0;
    samples.push_back({1.0 / (1.0 + meanFlicker / 8.0), h.label});
  }
  return samples;
}

}  // namespace permanence
