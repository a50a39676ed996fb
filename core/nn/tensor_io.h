#pragma once
// Tensors out of a safetensors file (nn/safetensors_file.h).
#include <torch/torch.h>

#include <map>
#include <string>

#include "nn/safetensors_file.h"

namespace permanence::nn {

using TensorMap = std::map<std::string, torch::Tensor>;

// Copies the tensor out of the mapping, converted to dtype on device.
torch::Tensor loadTensor(const SafetensorsFile& file, const std::string& name, torch::Dtype dtype = torch::kFloat32,
                         torch::Device device = torch::kCPU);

// Every tensor of the file as float32 on the CPU (integer tensors too: test vectors
// store small indices and counts that way).
TensorMap loadAllTensors(const std::string& path);

}  // namespace permanence::nn
