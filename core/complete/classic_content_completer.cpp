#include "complete/classic_content_completer.h"

#include "complete/clip_motion.h"
#include "complete/frame_window.h"
#include "complete/region_warp.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include <algorithm>
#include <random>

namespace permanence {

cv::Mat propagateFromNeighbours(cv::Mat& out, const cv::Mat& need, int t, int count, int reach,
                                bool averageBothSides, const std::vector<MotionFit>& fits,
                                const std::function<cv::Mat(int)>& fetch,
                                const std::function<cv::Mat(int)>& visibleIn, const cv::Mat& reference,
                                int edgeErosion) {
  cv::Mat filled = cv::Mat::zeros(need.size(), CV_8U);
  const cv::Rect roi = grow(cv::boundingRect(need), 16, need.size());
  if (roi.empty()) return filled;
  cv::Mat warped, warpedVisible, pending = need(roi).clone();
  for (int d = 1; d <= reach && cv::countNonZero(pending) > 0; ++d) {
    cv::Mat sum = cv::Mat::zeros(roi.size(), CV_32FC3), hits = cv::Mat::zeros(roi.size(), CV_8U);
    for (int s : {t - d, t + d}) {
      if (s < 0 || s >= count) continue;
      const cv::Mat visible = visibleIn(s);
      if (visible.empty() || cv::countNonZero(visible) == 0) continue;
      const cv::Matx23d m = intoRoi(chain(fits, s, t).transform, roi);
      cv::warpAffine(fetch(s), warped, m, roi.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
      cv::warpAffine(visible, warpedVisible, m, roi.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
      // Edge pixels blend in what is next to the object.
      if (edgeErosion > 0)
        cv::erode(warpedVisible, warpedVisible, cv::Mat(), {-1, -1}, edgeErosion);
      const cv::Scalar gain = gainBetween(warped, out(roi), warpedVisible & reference(roi));
      cv::Mat corrected;
      warped.convertTo(corrected, CV_32FC3);
      cv::multiply(corrected, gain, corrected);
      const cv::Mat usable = warpedVisible & pending;
      cv::add(sum, corrected, sum, usable);
      cv::add(hits, 1, hits, usable);
      if (!averageBothSides) {
        // Nearest first: the later side only fills what the earlier side did not.
        cv::Mat taken = usable.clone();
        pending &= ~taken;
        cv::Mat colour;
        corrected.convertTo(colour, CV_8UC3);
        colour.copyTo(out(roi), taken);
        filled(roi) |= taken;
        sum.setTo(0, taken);
        hits.setTo(0, taken);
      }
    }
    if (averageBothSides) {
      const cv::Mat got = hits > 0;
      cv::Mat count3, colour;
      cv::Mat hitsF;
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

namespace {

// Fills `holes` from the object's own pixels only (normalised convolution at
// growing scales: each hole pixel takes the weighted mean of the nearest known
// object pixels), so the occluder's pixels are never pulled in.
void fillFromObject(cv::Mat& out, const cv::Mat& holes, const cv::Mat& object) {
  if (cv::countNonZero(holes) == 0 || cv::countNonZero(object & ~holes) == 0) return;
  const cv::Rect roi = grow(cv::boundingRect(object), 4, out.size());
  cv::Mat known, colour, pending = holes(roi).clone();
  cv::Mat(object(roi) & ~holes(roi)).convertTo(known, CV_32F, 1.0 / 255);
  out(roi).convertTo(colour, CV_32FC3);
  cv::Mat known3, weighted;
  cv::Mat planes[] = {known, known, known};
  cv::merge(planes, 3, known3);
  cv::multiply(colour, known3, weighted);
  for (double sigma = 2; sigma < 4 * std::max(roi.width, roi.height) && cv::countNonZero(pending) > 0; sigma *= 2) {
    cv::Mat w, c;
    cv::GaussianBlur(known, w, cv::Size(), sigma);
    cv::GaussianBlur(weighted, c, cv::Size(), sigma);
    const cv::Mat reached = (w > 1e-3f) & pending;
    cv::Mat w3, fill;
    cv::Mat wp[] = {w, w, w};
    cv::merge(wp, 3, w3);
    cv::divide(c, cv::max(w3, 1e-6), fill);
    fill.convertTo(fill, CV_8UC3);
    fill.copyTo(out(roi), reached);
    pending &= ~reached;
  }
}

// The same restriction with Telea's method: everything outside the object is
// marked unknown too, so the fill never reaches past the object's boundary.
void inpaintWithinObject(cv::Mat& out, const cv::Mat& holes, const cv::Mat& object) {
  if (cv::countNonZero(holes) == 0) return;
  const cv::Rect roi = grow(cv::boundingRect(object), 6, out.size());
  const cv::Mat unknown = holes(roi) | ~object(roi);
  if (cv::countNonZero(~unknown) == 0) return;  // nothing of the object visible to fill from
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
      {15, false, false, "nearest visible view first, ±15 frames, smooth fill"},
      {15, true, false, "average of nearest earlier and later views, ±15 frames, smooth fill"},
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
  const auto visibleIn = [&](int i) { return input.modal[i].toMat(); };
  const std::vector<MotionFit> fits = measureClipMotion(frames, visibleIn, context, "motion");
  const auto hyps = hypotheses(std::max(1, options.topK), options.seed);
  std::vector<CompletionSample> samples;
  int step = 0;
  for (size_t k = 0; k < hyps.size(); ++k) {
    const auto& h = hyps[k];
    double flickerSum = 0;
    int flickerFrames = 0;
    cv::Mat previous;
    FrameWindow window(frames, visibleIn, h.reach);
    for (int t = 0; t < count; ++t) {
      window.moveTo(t);
      const cv::Mat& visible = window.mask(t);
      const cv::Mat amodal = input.amodal[t].toMat() | visible;
      const cv::Mat hidden = amodal & ~visible;
      cv::Mat out = window.frame(t).clone();
      if (cv::countNonZero(hidden) > 0) {
        const cv::Mat filled = propagateFromNeighbours(
            out, hidden, t, count, h.reach, h.averageBothSides, fits, [&](int s) { return window.frame(s); },
            [&](int s) { return window.mask(s); }, visible, settings_.edgeErosion);
        if (h.telea) inpaintWithinObject(out, hidden & ~filled, visible | filled);
        else fillFromObject(out, hidden & ~filled, visible | filled);
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
