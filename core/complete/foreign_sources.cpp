#include "complete/foreign_sources.h"

#include "complete/region_warp.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <set>

namespace permanence {
namespace {

enum class Match { Unknown, Same, Different };

// The mean colour of the (2 radius + 1)^2 pixels around (x, y), clipped to the frame:
// single pixels differ by their noise alone.
cv::Vec3f meanAround(const cv::Mat& bgr, int x, int y, int radius) {
  cv::Vec3f sum(0, 0, 0);
  int count = 0;
  for (int v = std::max(0, y - radius); v <= std::min(bgr.rows - 1, y + radius); ++v) {
    const cv::Vec3b* row = bgr.ptr<cv::Vec3b>(v);
    for (int u = std::max(0, x - radius); u <= std::min(bgr.cols - 1, x + radius); ++u, ++count)
      sum += cv::Vec3f(row[u][0], row[u][1], row[u][2]);
  }
  return sum / std::max(count, 1);
}

// Frame t around p against where s shows that point: unknown outside s or in its hole.
Match compare(const cv::Mat& frameT, cv::Point p, const SourceFrame& s, const ForeignSourceSettings& settings) {
  const double u = s.tIntoS(0, 0) * p.x + s.tIntoS(0, 1) * p.y + s.tIntoS(0, 2);
  const double v = s.tIntoS(1, 0) * p.x + s.tIntoS(1, 1) * p.y + s.tIntoS(1, 2);
  const int x = cvRound(u), y = cvRound(v);
  if (x < 0 || y < 0 || x >= s.frame->cols || y >= s.frame->rows || s.hole->at<uchar>(y, x)) return Match::Unknown;
  const cv::Vec3f a = meanAround(frameT, p.x, p.y, settings.meanRadius);
  const cv::Vec3f b = meanAround(*s.frame, x, y, settings.meanRadius);
  float difference = 0;
  for (int c = 0; c < 3; ++c) difference = std::max(difference, std::abs(a[c] - b[c]));
  return difference <= settings.tolerance ? Match::Same : Match::Different;
}

// Whether source s shows what frame t shows at the points of `band`: enough of them,
// located in s outside its hole, agree in colour.
bool agreesAround(const std::vector<cv::Point>& band, const cv::Mat& frameT, const SourceFrame& s,
                  const ForeignSourceSettings& settings) {
  int comparable = 0, agreeing = 0;
  for (const cv::Point& p : band) {
    const Match m = compare(frameT, p, s, settings);
    if (m == Match::Unknown) continue;
    ++comparable;
    if (m == Match::Same) ++agreeing;
  }
  return comparable < settings.minPoints || agreeing >= settings.minAgreement * comparable;
}

// The points of `band` where nothing passes at t: something passing differs from the
// frames on both sides of t at some distance (a uniform bar's inside only when it has
// moved off); the scene, or an object that comes to stay or goes, is the same on one side.
std::vector<cv::Point> steadyPoints(const std::vector<cv::Point>& band, const cv::Mat& frameT, int t,
                                    const SourceFrames& sourceOf, const ForeignSourceSettings& settings) {
  std::vector<std::pair<SourceFrame, SourceFrame>> sides;
  for (const int offset : settings.passingOffsets)
    if (const auto before = sourceOf(t - offset), after = sourceOf(t + offset); before && after)
      sides.emplace_back(*before, *after);
  std::vector<cv::Point> steady;
  for (const cv::Point& p : band) {
    // Neither side shows it alike, and one at least shows it otherwise (the other may
    // have it under its removed object).
    const bool passing = std::any_of(sides.begin(), sides.end(), [&](const auto& side) {
      const Match before = compare(frameT, p, side.first, settings), after = compare(frameT, p, side.second, settings);
      return before != Match::Same && after != Match::Same && (before == Match::Different || after == Match::Different);
    });
    if (!passing) steady.push_back(p);
  }
  return steady;
}

}  // namespace

void rejectForeignSources(cv::Mat& chosen, const cv::Rect& roi, int t, const SourceFrames& sourceOf,
                          const ForeignSourceSettings& settings) {
  const SourceFrame self = *sourceOf(t);
  const cv::Mat& frameT = *self.frame;
  const cv::Mat& holeT = *self.hole;
  const cv::Rect around = grow(roi, settings.band, holeT.size());
  cv::Mat labels;
  const int components = cv::connectedComponents(holeT(around), labels, 8, CV_32S);
  const cv::Point offset = roi.tl() - around.tl();  // roi's origin inside `around`
  const cv::Mat widen =
      cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * settings.band + 1, 2 * settings.band + 1});
  for (int label = 1; label < components; ++label) {
    const cv::Mat component = labels == label;
    cv::Mat band;
    cv::dilate(component, band, widen);
    band &= ~holeT(around);
    std::vector<cv::Point> points;
    for (int y = 0; y < band.rows; y += 2)
      for (int x = y % 4 / 2; x < band.cols; x += 2)
        if (band.at<uchar>(y, x)) points.push_back(cv::Point(x, y) + around.tl());
    points = steadyPoints(points, frameT, t, sourceOf, settings);
    // The sources this component takes pixels from.
    std::set<int> sources;
    for (int y = 0; y < chosen.rows; ++y)
      for (int x = 0; x < chosen.cols; ++x)
        if (const int s = chosen.at<int>(y, x); s >= 0 && component.at<uchar>(y + offset.y, x + offset.x))
          sources.insert(s);
    for (const int s : sources) {
      if (agreesAround(points, frameT, *sourceOf(s), settings)) continue;
      for (int y = 0; y < chosen.rows; ++y)
        for (int x = 0; x < chosen.cols; ++x)
          if (chosen.at<int>(y, x) == s && component.at<uchar>(y + offset.y, x + offset.x)) chosen.at<int>(y, x) = -1;
    }
  }
}

}  // namespace permanence
