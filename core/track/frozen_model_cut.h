#pragma once
// GrabCut's graph cut with colour models that stay as they are
// (cv::grabCut(..., GC_EVAL_FREEZE_MODEL)), built over the undecided pixels only.
// cv::grabCut puts every pixel of the image into the graph and evaluates both
// mixtures at each, although a sure pixel cannot change: in the tracker most of the
// cut's box is sure object or sure background, and that call took 35% of `track`'s
// time (perf, blackswan). Here a sure pixel only pulls on its undecided neighbours
// through the smoothness term, which gives the same minimum cut.
#include <opencv2/core.hpp>

namespace permanence {

// `image` 8-bit BGR; `labels` cv::GC_* of the image's size, updated in place (only
// its GC_PR_* pixels change); the models as cv::grabCut learns them (1 x 65 doubles).
void cutWithFrozenModels(const cv::Mat& image, cv::Mat& labels, const cv::Mat& backgroundModel,
                         const cv::Mat& objectModel);

}  // namespace permanence
