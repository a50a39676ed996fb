#pragma once
// Video frames and PNG layers hold sRGB-encoded values; OpenEXR files, and the
// compositors that read them (Nuke, Fusion), expect linear light. The transfer
// function is sRGB's (IEC 61966-2-1), which is also how those applications'
// "sRGB" input transform decodes 8-bit footage.
#include <opencv2/core.hpp>

#include <vector>

namespace permanence {

// An sRGB-encoded value in 0..1 to linear light in 0..1.
float srgbToLinear(float encoded);

// 8-bit sRGB (BGR or BGRA; alpha is ignored) to linear light: one CV_32FC1 plane
// per colour channel, in the order R, G, B.
std::vector<cv::Mat> linearRgbPlanes(const cv::Mat& bgr8);

}  // namespace permanence
