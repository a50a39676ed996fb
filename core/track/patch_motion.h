#pragma once
// Where an object's pixels went between two frames, found by matching them: the
// previous frame's pixels under the mask, compared (sum of squared differences) with
// the next frame at every shift within a radius. Optical flow is smooth across the
// object's edge, so on a small or low-contrast object it takes the background's
// motion: on the generated small-hazy clips the mask moved with the panning
// background and was lost on the first frame (J 0.01-0.13).
#include <opencv2/core.hpp>

#include <optional>

namespace permanence {

// Shifts around `centre` up to `radius` px. `previousMask` 0/255 of `previous`'s size.
// Empty when the mask is empty or the search leaves the frame. Matches at a reduced
// scale when the object's box is larger than matchSide px, so the cost stays bounded.
// The best shift, sub-pixel.
std::optional<cv::Point2f> matchPatch(const cv::Mat& previous, const cv::Mat& previousMask, const cv::Mat& next,
                                     cv::Point2f centre, int radius);

// The mean squared colour difference (summed over the channels) of the masked pixels
// shifted by `motion` (rounded) against the next frame; infinite where the shift leaves
// the frame.
double patchCost(const cv::Mat& previous, const cv::Mat& previousMask, const cv::Mat& next, cv::Point2f motion);

}  // namespace permanence
