#pragma once
// Where no frame shows a hidden pixel of an object, its texture is synthesised from
// the object's own known pixels: coherent patch synthesis, peeling the hole from its
// edge inwards. Each pixel takes the pixel of the known patch that best matches its
// already known neighbourhood, trying the continuations of its neighbours' sources
// (so texture is copied in coherent pieces) and a few random known places. A smooth
// fill (normalised convolution, Telea) would leave a flat or streaked blot.
#include <opencv2/core.hpp>

#include <cstdint>

namespace permanence {

// Fills the `holes` pixels of `image` (BGR 8-bit) from the pixels of `known` (8-bit,
// the object's pixels that may be copied). Pixels outside both are never read.
// Deterministic for a `seed`. Leaves the holes as they are when nothing is known.
void synthesiseTexture(cv::Mat& image, const cv::Mat& holes, const cv::Mat& known, std::uint64_t seed = 0);

}  // namespace permanence
