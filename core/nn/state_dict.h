#pragma once
// Strict loading of safetensors weights into torch::nn modules by parameter name.
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "nn/safetensors_file.h"
#include "nn/tensor_io.h"

namespace permanence::nn {

// Strict load: missing, unexpected and shape-mismatched keys are all reported by name
// in one InputError naming the source. Values are copied into the module's existing
// parameters and buffers (their dtype and device are kept).
void loadStateDict(torch::nn::Module& module, const TensorMap& tensors, const std::string& sourceName);

// Same from a file: keys and shapes are checked before anything is read; the module's
// parameters and buffers become dtype tensors on device.
void loadStateDict(torch::nn::Module& module, const std::string& safetensorsPath,
                   torch::Dtype dtype = torch::kFloat32, torch::Device device = torch::kCPU);

// Same from the shards of one checkpoint, named `source` in errors.
void loadStateDict(torch::nn::Module& module, const std::vector<SafetensorsFile>& shards, const std::string& source,
                   torch::Dtype dtype = torch::kFloat32, torch::Device device = torch::kCPU);

// Which shard holds each tensor; throws InputError when a name is in two shards.
std::map<std::string, const SafetensorsFile*> tensorOwners(const std::vector<SafetensorsFile>& shards);

}  // namespace permanence::nn
