#include "amodal/classic_amodal_masker.h"

#include "amodal/background_evidence.h"
#include "amodal/occlusion_edges.h"

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>

namespace permanence {
namespace {

constexpr int kPasses = 3;
// Long clips are processed in windows of this many frames (plus a margin on both
// sides that is computed but not kept), so memory stays flat in the clip's length.
constexpr int kWindowFrames = 300;
// Frames beyond the passes' reach added to the margin, so gaps in the motion fits
// near a window's edge are bridged as they would be in one piece.
constexpr int kMarginSlack = 8;

// Per-frame data at the working resolution, and the motion between neighbours, for
// the frames first, first+1, ... of the clip (indices below are local to it).
struct Track {
  int first = 0;
  double scale = 1;
  cv::Size small;
  std::vector<cv::Mat> masks;  // 8-bit 0/255, small
  std::vector<MotionFit> similarity, affine;  // i -> i+1
  std::vector<cv::Mat> colours;  // BGR, small, slightly blurred (only for the background cue)
  std::vector<MotionFit> camera;  // i -> i+1
};

cv::Mat shrink(const cv::Mat& mask, cv::Size small) {
  cv::Mat out;
  cv::resize(mask, out, small, 0, 0, cv::INTER_AREA);
  return out > 127;
}

// Runs body(i) for i in [begin, end) on the available cores; each i writes only
// its own results.
template <typename Body>
void forEachIndex(int begin, int end, const Body& body) {
  cv::parallel_for_(cv::Range(begin, end), [&](const cv::Range& r) {
    for (int i = r.start; i < r.end; ++i) body(i);
  });
}

// The object's motion (and the camera's, fitted to everything but the object)
// between each pair of neighbours, i -> i+1.
// Images of the clip at the size the object's motion is fitted at.
struct FitImages {
  double scale = 1;  // of the full frame
  std::vector<cv::Mat> grays, masks;
};

// A fit measured at `from` scale expressed at `to` scale: S * T * S^-1.
MotionFit rescaled(MotionFit fit, double from, double to) {
  fit.transform(0, 2) *= to / from;
  fit.transform(1, 2) *= to / from;
  return fit;
}

void fitMotions(Track& track, const std::vector<cv::Mat>& grays, const FitImages& fine, bool needAffine,
                bool needBackground) {
  const int pairs = static_cast<int>(grays.size()) - 1;
  if (pairs < 1) return;
  track.similarity.resize(pairs);
  if (needAffine) track.affine.resize(pairs);
  if (needBackground) track.camera.resize(pairs);
  forEachIndex(0, pairs, [&](int i) {
    const cv::Mat &gFrom = fine.grays[i], &gTo = fine.grays[i + 1], &from = fine.masks[i], &to = fine.masks[i + 1];
    track.similarity[i] =
        rescaled(estimateMotion(gFrom, gTo, from, to, MotionModel::Similarity), fine.scale, track.scale);
    if (needAffine)
      track.affine[i] = rescaled(estimateMotion(gFrom, gTo, from, to, MotionModel::Affine), fine.scale, track.scale);
    if (needBackground) {
      cv::Mat aroundFrom, aroundTo;
      const cv::Mat margin = cv::getStructuringElement(cv::MORPH_ELLIPSE, {9, 9});
      cv::dilate(track.masks[i], aroundFrom, margin);
      cv::dilate(track.masks[i + 1], aroundTo, margin);
      track.camera[i] = estimateMotion(grays[i], grays[i + 1], ~aroundFrom, ~aroundTo, MotionModel::Similarity);
    }
  });
  bridgeGaps(track.similarity);
  bridgeGaps(track.affine);
  bridgeGaps(track.camera);
}

// The frames the clip is processed in: `keep` is what a window contributes to the
// result, `read` that plus the margin its results depend on.
struct Span {
  int first = 0, end = 0;  // [first, end)
};
struct Window {
  Span read, keep;
};

std::vector<Window> windowsOf(int count, int margin) {
  std::vector<Window> out;
  for (int first = 0; first < count; first += kWindowFrames) {
    const int end = std::min(count, first + kWindowFrames);
    out.push_back({{std::max(0, first - margin), std::min(count, end + margin)}, {first, end}});
  }
  return out;
}

cv::Size scaled(cv::Size full, double scale) {
  return {std::max(1, static_cast<int>(std::lround(full.width * scale))),
          std::max(1, static_cast<int>(std::lround(full.height * scale)))};
}

Track measureMotion(const AmodalInput& input, Span range, bool needAffine, bool needBackground,
                    const ClassicAmodalSettings& settings, const std::function<void()>& frameDone) {
  Track track;
  track.first = range.first;
  const cv::Size full = input.frames->frameSize();
  track.scale = std::min(1.0, settings.workingSide / std::max(full.width, full.height));
  track.small = scaled(full, track.scale);
  FitImages fine;
  fine.scale = std::max(track.scale, std::min(1.0, settings.fitSide / std::max(full.width, full.height)));
  const cv::Size fineSize = scaled(full, fine.scale);
  std::vector<cv::Mat> grays;
  for (int i = range.first; i < range.end; ++i) {
    cv::Mat gray, colour, fineGray;
    const cv::Mat frame = input.frames->readFrame(i);
    cv::cvtColor(frame, fineGray, cv::COLOR_BGR2GRAY);
    cv::resize(fineGray, fineGray, fineSize, 0, 0, cv::INTER_AREA);
    fine.grays.push_back(fineGray);
    fine.masks.push_back(shrink(input.modal[i].toMat(), fineSize));
    cv::resize(frame, colour, track.small, 0, 0, cv::INTER_AREA);
    cv::cvtColor(colour, gray, cv::COLOR_BGR2GRAY);
    if (needBackground) {
      cv::GaussianBlur(colour, colour, {3, 3}, 0);
      track.colours.push_back(colour);
    }
    grays.push_back(gray);
    track.masks.push_back(shrink(input.modal[i].toMat(), track.small));
    frameDone();
  }
  fitMotions(track, grays, fine, needAffine, needBackground);
  return track;
}

// How well a frame's warped shape fits frame t where t shows the object: the
// share of t's visible pixels it covers, sharpened so that, for a deforming object,
// the frames in a similar pose outvote the rest.
double alignment(const cv::Mat& warped, const cv::Mat& visible, double power) {
  if (cv::countNonZero(visible) == 0) return 1;  // nothing to fit: a hidden frame
  return std::pow(cv::mean(warped, visible)[0] / 255, power);
}

// How far a frame's warped shape stays off the pixels that frame t shows as plain
// background (1: none of its mass lands there). For an articulated object the
// frames in another pose put a leg or an arm on background that t shows bare;
// their shapes would otherwise add those limbs as "hidden" parts.
double offBackground(const cv::Mat& warped, const cv::Mat& background, int backgroundPixels, double power) {
  if (backgroundPixels == 0) return 1;
  const double mass = cv::sum(warped)[0];
  if (mass <= 0) return 1;
  const double onBackground = cv::mean(warped, background)[0] * backgroundPixels / mass;
  return std::pow(std::max(0.0, 1 - onBackground), power);
}

// `evidence` holds each frame's current belief of the object's extent as an 8-bit
// mask (empty Mat: nothing; 8-bit because warping it is the passes' main cost):
// the modal masks on the first pass, the previous pass's amodal masks after that.
// `background` (may be empty) marks what frame t shows as plain background.
// Returns, per pixel (CV_32F), the weighted share of frames that put the object there.
// Where another object covers a point in frame s (`behind`, may be empty), s does not
// see whether the object is there: it abstains there rather than vote against it.
cv::Mat collectVotes(const Track& track, const std::vector<cv::Mat>& evidence, const std::vector<MotionFit>& fits,
                   int t, int reach, const cv::Mat& background, const std::vector<cv::Mat>& behind,
                   const ClassicAmodalSettings& settings) {
  const int count = static_cast<int>(evidence.size());
  const cv::Mat& visible = track.masks[t];
  const int backgroundPixels = background.empty() ? 0 : cv::countNonZero(background);
  struct Vote {
    cv::Mat warped, covered;  // covered: where another object hides that point in s (0..1)
    double weight, area;
  };
  std::vector<Vote> votes;
  double largest = 0;
  for (int s = std::max(0, t - reach); s <= std::min(count - 1, t + reach); ++s) {
    if (s == t || evidence[s].empty()) continue;
    const MotionFit m = chain(fits, s, t);
    Vote v;
    cv::warpAffine(evidence[s], v.warped, m.transform, track.small, cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
    if (!behind.empty()) {
      cv::warpAffine(behind[s], v.covered, m.transform, track.small, cv::INTER_LINEAR, cv::BORDER_CONSTANT, 0);
      v.covered.convertTo(v.covered, CV_32F, 1.0 / 255);
    }
    v.weight = std::exp(-std::abs(s - t) / 6.0) * std::max(m.quality, 0.01) *
               alignment(v.warped, visible, settings.alignmentPower) *
               offBackground(v.warped, background, backgroundPixels, settings.backgroundPower);
    // Measured in its own frame: a wrong fit that blows a shape up must not make it
    // look more complete.
    v.area = cv::countNonZero(evidence[s]);
    largest = std::max(largest, v.area);
    votes.push_back(std::move(v));
  }
  // A frame that shows (or, after the first pass, completes) more of the object says
  // more about its shape: where most voters see only a sliver of an object that
  // passes slowly behind something, their shapes would outvote the whole one.
  // (Areas in the voters' own frames: a zooming object favours its larger views a little.)
  cv::Mat sum = cv::Mat::zeros(track.small, CV_32F), abstained = cv::Mat::zeros(track.small, CV_32F), yes;
  double weights = 0;
  for (const Vote& v : votes) {
    const double w = v.weight * (largest > 0 ? std::pow(v.area / largest, settings.completenessPower) : 1);
    v.warped.convertTo(yes, CV_32F, 1.0 / 255);
    cv::scaleAdd(yes, w, sum, sum);
    if (!v.covered.empty()) cv::scaleAdd((1 - yes).mul(v.covered), w, abstained, abstained);
    weights += w;
  }
  if (weights <= 0) return sum;
  cv::Mat share;
  cv::divide(sum, cv::max(weights - abstained, 1e-6), share);
  return share;
}

// Keeps the connected parts of `added` that touch the visible mask, unless the
// object is not visible at all (then the prediction stands alone).
cv::Mat besideVisible(const cv::Mat& added, const cv::Mat& visible) {
  if (cv::countNonZero(visible) == 0) return added;
  cv::Mat labels, grown;
  const int n = cv::connectedComponents(added, labels, 8, CV_32S);
  cv::dilate(visible, grown, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
  std::vector<bool> keep(n, false);
  for (int y = 0; y < labels.rows; ++y)
    for (int x = 0; x < labels.cols; ++x)
      if (grown.at<uchar>(y, x) && labels.at<int>(y, x) > 0) keep[labels.at<int>(y, x)] = true;
  cv::Mat out = cv::Mat::zeros(added.size(), CV_8U);
  for (int y = 0; y < labels.rows; ++y)
    for (int x = 0; x < labels.cols; ++x)
      if (keep[labels.at<int>(y, x)]) out.at<uchar>(y, x) = 255;
  return out;
}

cv::Mat convexFill(const cv::Mat& mask, const cv::Mat& share) {
  std::vector<cv::Point> points;
  cv::findNonZero(mask, points);
  if (points.size() < 3) return mask;
  std::vector<cv::Point> hull;
  cv::convexHull(points, hull);
  cv::Mat filled = cv::Mat::zeros(mask.size(), CV_8U);
  cv::fillConvexPoly(filled, hull, 255);
  return mask | (filled & (share > 0.1f));
}

// Where frame t may hide the object, from the depth cue: not behind it.
cv::Mat hidingCue(const AmodalInput& input, int t, const Track& track) {
  cv::Mat cue(track.small, CV_8U, cv::Scalar(255));
  if (!input.nearness.empty() && !input.nearness[track.first + t].empty()) {
    cv::Mat near;
    cv::resize(input.nearness[track.first + t], near, track.small, 0, 0, cv::INTER_AREA);
    const double objectNearness = cv::mean(near, track.masks[t])[0];
    if (cv::countNonZero(track.masks[t]) > 0) cue &= near >= objectNearness - 0.05;
  }
  return cue;
}

// Where each frame shows something that can hide the object: the other objects'
// visible masks, slightly grown (working size); empty when none are given.
std::vector<cv::Mat> occluderRegions(const AmodalInput& input, const Track& track) {
  std::vector<cv::Mat> out;
  if (input.occluders.empty()) return out;
  const cv::Mat grow = cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5});
  for (size_t t = 0; t < track.masks.size(); ++t) {
    cv::Mat occ = shrink(input.occluders[track.first + t].toMat(), track.small);
    cv::dilate(occ, occ, grow);
    out.push_back(occ);
  }
  return out;
}

std::vector<cv::Mat> asEvidence(const std::vector<cv::Mat>& masks) {
  std::vector<cv::Mat> out(masks.size());
  for (size_t i = 0; i < masks.size(); ++i)
    if (cv::countNonZero(masks[i]) > 0) out[i] = masks[i];
  return out;
}

// The band along the visible silhouette where a deforming object's motion misfit
// adds false pixels; deeper in, an added piece is a solid hidden part, and a
// slow or uniform occluder there could pass for background.
cv::Mat misfitBand(const cv::Mat& visible, int reach) {
  cv::Mat band;
  cv::dilate(visible, band, cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * reach + 1, 2 * reach + 1}));
  return band;
}

// Thin bands along the silhouette come from motion misfit of a deforming object, and
// an opening removes them. A thin piece that lies mostly on another object that can
// hide it (`behind`, may be empty) is a hidden limb (a leg behind a bar) and stays
// whole. Elsewhere thin pieces are not told from misfit: the swinging legs of other
// frames' poses land around an animal as thin pieces too, and keeping the thin pieces
// that run across the silhouette (or bridge two visible places) cost 0.03 (0.01) mIoU
// on the real development clips for what they gained.
cv::Mat withoutMisfitBands(const cv::Mat& added, const cv::Mat& behind, const ClassicAmodalSettings& settings) {
  cv::Mat solid;
  cv::morphologyEx(added, solid, cv::MORPH_OPEN,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, {settings.sliverOpening, settings.sliverOpening}));
  const cv::Mat thin = added & ~solid;
  if (behind.empty() || cv::countNonZero(thin) == 0) return solid;
  cv::Mat pieces;
  const int n = cv::connectedComponents(thin, pieces, 8, CV_32S);
  std::vector<int> pixels(n, 0), onBehind(n, 0);
  for (int y = 0; y < pieces.rows; ++y) {
    const int* p = pieces.ptr<int>(y);
    const uchar* b = behind.ptr<uchar>(y);
    for (int x = 0; x < pieces.cols; ++x)
      if (p[x] > 0) {
        ++pixels[p[x]];
        if (b[x]) ++onBehind[p[x]];
      }
  }
  cv::Mat out = solid.clone();
  for (int y = 0; y < pieces.rows; ++y) {
    const int* p = pieces.ptr<int>(y);
    uchar* o = out.ptr<uchar>(y);
    for (int x = 0; x < pieces.cols; ++x)
      if (p[x] > 0 && 2 * onBehind[p[x]] > pixels[p[x]]) o[x] = 255;
  }
  return out;
}

cv::Mat inferFrame(const AmodalInput& input, const Track& track, const std::vector<cv::Mat>& evidence,
                   const std::vector<MotionFit>& fits, const AmodalHypothesis& h, int reach,
                   const cv::Mat& background, const std::vector<cv::Mat>& allBehind, int t,
                   const ClassicAmodalSettings& settings, double& support) {
  const cv::Mat behind = allBehind.empty() ? cv::Mat() : allBehind[t];
  const cv::Mat& visible = track.masks[t];
  // The background cue is trusted only near the visible silhouette (see misfitBand).
  const cv::Mat bare = background.empty() ? cv::Mat() : cv::Mat(background & misfitBand(visible, settings.misfitReach));
  const cv::Mat share = collectVotes(track, evidence, fits, t, reach, bare, allBehind, settings);
  support = 1;
  cv::Mat added = (share >= h.threshold) & ~visible & hidingCue(input, t, track);
  if (!bare.empty()) added &= ~bare;
  added = besideVisible(withoutMisfitBands(added, behind, settings), visible);
  cv::Mat result = visible | added;
  if (h.convexCompletion) result = convexFill(result, share);
  if (cv::countNonZero(added) > 0) support = cv::mean(share, added)[0];
  return result;
}

// Adds to the full-size modal mask only what the working-size result adds beyond
// the working-size visible mask: the upscaled visible silhouette itself strays a
// pixel or two past the true one all along the outline. Next to an added part the
// upscaled result is kept whole, so no seam opens between it and the visible one.
Mask toFullSize(const cv::Mat& small, const cv::Mat& smallVisible, const Mask& modal) {
  cv::Mat up, upVisible;
  cv::resize(small, up, modal.size(), 0, 0, cv::INTER_LINEAR);
  cv::resize(smallVisible, upVisible, modal.size(), 0, 0, cv::INTER_LINEAR);
  cv::Mat added = (up > 127) & (upVisible <= 127), seam;
  cv::dilate(added, seam, cv::getStructuringElement(cv::MORPH_ELLIPSE, {5, 5}));
  return Mask::fromMat(modal.toMat() | ((up > 127) & seam));
}

// The IoU of each frame's result against its predecessor's carried forward by the
// object's motion, summed over the frames [from, to) (local): jittery hypotheses
// score low.
struct Stability {
  double sum = 0;
  int frames = 0;
};

void addStability(const std::vector<cv::Mat>& small, const std::vector<MotionFit>& fits, int from, int to,
                  Stability& out) {
  cv::Mat warped;
  for (int t = std::max(1, from); t < to; ++t) {
    if (cv::countNonZero(small[t]) == 0 && cv::countNonZero(small[t - 1]) == 0) continue;
    cv::warpAffine(small[t - 1], warped, fits[t - 1].transform, small[t].size(), cv::INTER_NEAREST);
    const double inter = cv::countNonZero(warped & small[t]), uni = cv::countNonZero(warped | small[t]);
    out.sum += uni > 0 ? inter / uni : 1;
    ++out.frames;
  }
}

// One hypothesis over the whole clip, filled window by window.
struct HypothesisResult {
  AmodalSample sample;
  Stability stability;
  double support = 0;  // summed over frames
};

// Runs hypothesis `h` on one window's track and keeps the frames of `keep`.
void inferWindow(const AmodalInput& input, const Track& track, const AmodalHypothesis& h, Span keep,
                 const ClassicAmodalSettings& settings, HypothesisResult& result, const std::function<void()>& passDone) {
  const auto& fits = h.model == MotionModel::Affine ? track.affine : track.similarity;
  const int count = static_cast<int>(track.masks.size());
  // Each pass votes with the previous pass's shapes, so a shape seen whole far
  // away reaches frames whose neighbours are themselves half hidden. The first
  // pass, a rough start from the modal masks, looks half as far, which keeps three
  // passes within the stage's time budget.
  std::vector<cv::Mat> evidence = asEvidence(track.masks), small(count), previous = track.masks;
  std::vector<double> frameSupport(count, 1);
  std::vector<cv::Mat> background(count);
  // Frames where the object is hidden whole observe nothing: they vote for no one,
  // and their shapes come from the path of the object around them.
  std::vector<bool> hidden(count);
  for (int t = 0; t < count; ++t) {
    hidden[t] = cv::countNonZero(track.masks[t]) == 0;
    if (hidden[t]) small[t] = cv::Mat::zeros(track.small, CV_8U);
  }
  const std::vector<cv::Mat> behind = occluderRegions(input, track);
  for (int pass = 0; pass < kPasses; ++pass) {
    forEachIndex(0, count, [&](int t) {
      if (hidden[t]) return;
      // After the first pass, pixels that frames without the object there (by the
      // first pass's shapes: later ones barely change it) show as plain background
      // are no hidden part.
      // Not beyond an edge where a still occluder cuts the object (occlusion_edges.h).
      if (pass == 1 && h.backgroundCue) {
        background[t] = explainedByBackground(track.colours, previous, track.camera, t) &
                        ~beyondOcclusionEdges(track.masks, track.similarity, track.camera, t, settings.misfitReach);
        if (!behind.empty()) background[t] &= ~behind[t];  // another object, not background
      }
      const int reach = pass == 0 ? std::max(1, h.reach / 2) : h.reach;
      small[t] = inferFrame(input, track, evidence, fits, h, reach, background[t], behind, t, settings, frameSupport[t]);
    });
    // The hidden frames' shapes mark where the object is for the background cue.
    const std::vector<double> confidence = fillHiddenFrames(small, hidden, track.similarity, behind, h.path);
    for (int t = 0; t < count; ++t)
      if (hidden[t]) frameSupport[t] = confidence[t];
    passDone();
    evidence = asEvidence(small);
    for (int t = 0; t < count; ++t)
      if (hidden[t]) evidence[t] = cv::Mat();
    previous = small;
  }
  const int from = keep.first - track.first, to = keep.end - track.first;
  forEachIndex(from, to, [&](int t) {
    result.sample.masks[track.first + t] = toFullSize(small[t], track.masks[t], input.modal[track.first + t]);
  });
  result.support += std::accumulate(frameSupport.begin() + from, frameSupport.begin() + to, 0.0);
  addStability(small, track.similarity, from, to, result.stability);
}

}  // namespace

std::vector<AmodalHypothesis> ClassicAmodalMasker::hypotheses(int k, std::uint64_t seed) {
  // The first three carry the three paths an object hidden whole may take.
  std::vector<AmodalHypothesis> base = {
      {MotionModel::Similarity, 12, 0.3, false, true, HiddenPath::Interpolated,
       "similarity, ±12 frames, vote ≥ 0.3, background cue"},
      {MotionModel::Affine, 12, 0.3, false, true, HiddenPath::Still, "affine, ±12 frames, vote ≥ 0.3, background cue"},
      {MotionModel::Similarity, 6, 0.4, true, false, HiddenPath::Extrapolated,
       "similarity, ±6 frames, vote ≥ 0.4, convex completion"},
      {MotionModel::Similarity, 24, 0.6, false, true, HiddenPath::Interpolated,
       "similarity, ±24 frames, vote ≥ 0.6, background cue"},
      {MotionModel::Affine, 6, 0.35, true, false, HiddenPath::Interpolated,
       "affine, ±6 frames, vote ≥ 0.35, convex completion"},
  };
  for (AmodalHypothesis& h : base) h.label += std::string(", hidden whole: ") + hiddenPathName(h.path);
  std::mt19937_64 rng(seed);
  std::vector<AmodalHypothesis> out;
  for (int i = 0; i < k; ++i) {
    AmodalHypothesis h = base[i % base.size()];
    if (seed != 0 || i >= static_cast<int>(base.size())) {  // other seeds explore around the set
      std::uniform_real_distribution<double> jitter(-0.12, 0.12);
      h.threshold = std::clamp(h.threshold + jitter(rng), 0.2, 0.85);
      h.reach = std::max(3, h.reach + static_cast<int>(rng() % 9) - 4);
      h.label += " (seed " + std::to_string(seed) + ")";
    }
    out.push_back(h);
  }
  return out;
}

std::vector<AmodalSample> ClassicAmodalMasker::infer(const AmodalInput& input, const AmodalOptions& options,
                                                     JobContext& context) {
  validateAmodalInput(input);
  const auto hyps = hypotheses(std::max(1, options.topK), options.seed);
  const bool needAffine =
      std::any_of(hyps.begin(), hyps.end(), [](const auto& h) { return h.model == MotionModel::Affine; });
  const bool needBackground = std::any_of(hyps.begin(), hyps.end(), [](const auto& h) { return h.backgroundCue; });
  const int count = static_cast<int>(input.modal.size());
  // A frame's result depends on the frames each pass reaches from it.
  int reach = 0;
  for (const auto& h : hyps) reach = std::max(reach, h.reach);
  const auto windows = windowsOf(count, kPasses * reach + kMarginSlack);

  std::int64_t total = 0, done = 0;
  for (const auto& w : windows) total += static_cast<std::int64_t>(w.read.end - w.read.first) * (1 + kPasses * hyps.size());
  std::vector<HypothesisResult> results(hyps.size());
  for (size_t k = 0; k < hyps.size(); ++k) {
    results[k].sample.label = hyps[k].label;
    results[k].sample.masks.resize(count);
  }
  for (const auto& w : windows) {
    const int frames = w.read.end - w.read.first;
    const Track track = measureMotion(input, w.read, needAffine, needBackground, settings_, [&] {
      context.report(++done, total, "frames");
    });
    for (size_t k = 0; k < hyps.size(); ++k)
      inferWindow(input, track, hyps[k], w.keep, settings_, results[k], [&] {
        done += frames;
        context.report(done, total, "amodal");
      });
  }
  std::vector<AmodalSample> samples;
  for (auto& r : results) {
    const double stability = r.stability.frames ? r.stability.sum / r.stability.frames : 1;
    r.sample.score = 0.5 * stability + 0.5 * (count ? r.support / count : 1);
    samples.push_back(std::move(r.sample));
  }
  std::stable_sort(samples.begin(), samples.end(),
                   [](const AmodalSample& a, const AmodalSample& b) { return a.score > b.score; });
  return samples;
}

}  // namespace permanence
