#pragma once
// A frame kept as the rectangle where it differs from a base: transparent black for
// an object's layer and for masks, the source frame for the background plate. An
// object covers a small part of the frame, so a project stores its frames this way
// (patch_file.h): a 720p plate frame of 02_cups is 1 MB as a PNG, its patch 20 kB.
#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace permanence {

struct FramePatch {
  cv::Rect box;                   // in frame pixels; empty: the frame equals its base
  std::vector<std::uint8_t> png;  // the frame's pixels inside `box`; empty when `box` is
};

// The patch of `frame` over `base` (same size and type), or over zeros when `base`
// is empty: the tightest box holding every pixel that differs, so the frame comes
// back exactly (applyPatch).
FramePatch patchOf(const cv::Mat& frame, const cv::Mat& base);

// `base` with the patch pasted, or zeros of `size` x `channels` (8-bit) with it when
// `base` is empty. `name` names the frame in errors: throws MediaError when the patch
// does not decode to its box, or its box leaves the frame.
cv::Mat applyPatch(const FramePatch& patch, const cv::Mat& base, cv::Size size, int channels,
                   const std::string& name);

}  // namespace permanence
