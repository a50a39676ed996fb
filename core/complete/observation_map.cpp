#include "complete/observation_map.h"

#include <opencv2/imgproc.hpp>

namespace permanence {

ObservationMap::ObservationMap(cv::Size frameSize, int reach)
    : sources_(frameSize, CV_32S, cv::Scalar(-1)), reach_(reach) {}

void ObservationMap::advance(int t, const cv::Matx23d& previousIntoCurrent, const cv::Mat& seen) {
  if (started_) {
    cv::Mat moved;
    // Nearest neighbour: indices must not be blended.
    cv::warpAffine(sources_, moved, previousIntoCurrent, sources_.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT,
                   cv::Scalar(-1));
    const cv::Mat tooFar = (moved < t - reach_) | (moved > t + reach_);
    moved.setTo(-1, tooFar);
    sources_ = moved;
  }
  started_ = true;
  sources_.setTo(t, seen);
}

}  // namespace permanence
