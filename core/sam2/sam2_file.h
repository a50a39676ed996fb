#pragma once
// A SAM 2.1 checkpoint converted to safetensors (packaging/convert_sam2_checkpoint.py),
// under the official key names. Its size is read from the tensor shapes: the trunk's
// width and blocks per stage pick one of the published sizes, which fixes what the
// shapes cannot show (heads, global attention blocks, windows); the widths of the
// neck, memory and memory attention are read from the shapes as well.
#include <torch/torch.h>

#include <string>

#include "sam2/sam2_model.h"

namespace permanence::sam2 {

// Reads only the header. Throws InputError naming the file and what does not fit a
// published SAM 2.1 size; allocates no tensor.
Sam2Config sam2ConfigFromFile(const std::string& safetensorsPath, int64_t imageSize = 1024);

// Builds the model of that size and strictly loads it (float32) on device, in eval
// mode: every name and shape is checked against the header before any value is read.
Sam2Model loadSam2(const std::string& safetensorsPath, torch::Device device = torch::kCPU, int64_t imageSize = 1024);

}  // namespace permanence::sam2
