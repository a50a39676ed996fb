#pragma once
// A Depth Anything V2 checkpoint converted to safetensors (packaging/
// convert_depth_anything_pth.py): its architecture is read from the tensor shapes, so
// any official encoder (vits, vitb, vitl) loads from the file alone.
#include <string>

#include "depth/depth_anything_v2.h"

namespace permanence::depth {

// Width from pretrained.cls_token, depth from the number of blocks, heads = width / 64
// (every official encoder), DPT widths from depth_head.projects.* and layer1_rn, the
// intermediate layers of the official encoder of that depth (12: vits/vitb, 24: vitl).
// Throws InputError naming the file and what does not fit; allocates nothing.
DepthAnythingV2Config depthConfigFromFile(const std::string& safetensorsPath);

// Builds and strictly loads the model (float32) on device, in eval mode.
DepthAnythingV2 loadDepthAnything(const std::string& safetensorsPath, torch::Device device = torch::kCPU);

}  // namespace permanence::depth
