#pragma once
// Writes tensors as a safetensors file (float32), the format SafetensorsFile reads.
// Used to write random weights in the published layouts: tests, benchmarks.
#include <string>

#include "nn/tensor_io.h"

namespace permanence::nn {

// Every tensor is stored as F32, names sorted; throws MediaError when the file cannot
// be written.
void saveSafetensors(const std::string& path, const TensorMap& tensors);

// The parameters and buffers of a module by their state_dict names.
TensorMap moduleStateDict(torch::nn::Module& module);

}  // namespace permanence::nn
