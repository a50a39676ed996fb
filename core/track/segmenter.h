#pragma once
// Click-to-mask on one frame: positive and negative clicks, optionally a box or a
// previous mask to refine, give the object's binary mask. Classic tier: GrabCut's
// colour GMMs and graph cut on the SLIC superpixels of a downscaled frame, then per
// pixel in a band at the object's edge (SuperpixelGrabCut). Deterministic. Measured
// with bench/harness_click_segment (DAVIS, shared 2-core machine): a click answers
// in a median of 24-42 ms at 1280x720, a box in about the same; the per-pixel
// GrabCut it replaced took 270-334 ms.
#include "mask/mask.h"
#include "track/superpixel_grab_cut.h"

#include <opencv2/core.hpp>

#include <optional>
#include <vector>

namespace permanence {

struct Click {
  cv::Point point;  // frame pixels
  bool positive = true;
};

struct SegmentRequest {
  std::vector<Click> clicks;
  std::optional<cv::Rect> box;  // the object lies inside
  Mask previous;                // a mask to refine (null when none)
};

struct SegmenterOptions {
  int workLongSide = 320;    // the cut runs at this long side
  // Likely-object disk around a positive click, fraction of the long side (also the
  // reach of a negative click's colour region). Measured with
  // bench/harness_click_segment (DAVIS one-click IoU): 0.06-0.1 give 0.58-0.60, 0.12
  // 0.56, 0.16 0.51 (the disk taught the object model too much background). On
  // 02_cups.mp4 a click on a cup took the shirt as well from 0.1 up: hence 0.08.
  double seedRadius = 0.08;
  int iterations = 3;  // GrabCut iterations (learn the colour models, cut)
  SuperpixelGrabCutOptions superpixelCut;
  // A clicks-only answer must be at least this share of pixels near the clicked
  // colour (within colourTolerance, Lab units), else smaller seeds are tried, the last
  // the click's colour region (flood fill, colourTolerance per BGR channel). Measured
  // with bench/harness_click_segment on the superpixel cut: at 0.03 a click on the
  // small ball of 02_cups.mp4 took the table around it (48000 px); at 0.1 it gives
  // the ball (4100 px) and DAVIS one-click IoU is 0.583 (0.594 at 0.03, 0.456 at 0.3).
  // A negative click's region is found the same way.
  double minClickedColourShare = 0.1;
  double colourTolerance = 30;
};

class Segmenter {
 public:
  explicit Segmenter(SegmenterOptions options = {});

  // `frame` 8-bit BGR. Throws InputError when a click lies outside the frame, the
  // previous mask's size differs from the frame's, or nothing says where the object is
  // (no positive click, box or non-empty previous mask).
  Mask segment(const cv::Mat& frame, const SegmentRequest& request) const;

  // OpenCV builds its Lab conversion tables on first use (~110 ms); an editor calls
  // this off the GUI thread before the first click, so that click answers as fast as
  // the next ones.
  static void prepare();

 private:
  SegmenterOptions options_;
};

}  // namespace permanence
