#pragma once
// Sub-pixel registration of a source frame onto the frame being completed, before
// any colour is copied: the motion chained through the clip's frame-to-frame fits
// drifts by a pixel or two over a few frames (measured at a reduced size), which
// alone costs ~6 dB on a textured object. Refined by Gauss-Newton on the image
// intensities (a translation, coarse to fine) over the pixels both frames show of
// the object next to its hidden part.
#include <opencv2/core.hpp>

namespace permanence {

struct RegistrationSettings {
  double maxCorrection = 4;  // px: a larger correction is a wrong lock; the guess stands
  int band = 40;             // px around the hidden part whose visible pixels are matched
};

// The pixels of the target's region that registration compares: those that show the
// object within `band` px of its hidden part (all that show it, when those are few).
// `targetKnown`, `hidden`: 8-bit, region-sized.
cv::Mat pixelsToMatch(const cv::Mat& targetKnown, const cv::Mat& hidden, int band);

// `guess` maps source coordinates into target coordinates (full frames); `roi` is the
// region of the target it is used in, `match` (roi-sized, 8-bit) the pixels compared
// (pixelsToMatch). `targetGray`, `sourceGray`: CV_32F full frames; `sourceKnown` (full
// frame, 8-bit): source pixels that show the object. `startFine`: the guess is within
// a pixel (the previous frame's registration carried on), so the coarse level is
// skipped. Returns the refined map (the guess when there is too little texture to
// tell, or the correction would exceed maxCorrection).
cv::Matx23d refineRegistration(const cv::Mat& targetGray, const cv::Mat& sourceGray, const cv::Matx23d& guess,
                               const cv::Rect& roi, const cv::Mat& match, const cv::Mat& sourceKnown,
                               const RegistrationSettings& settings, bool startFine = false);

}  // namespace permanence
