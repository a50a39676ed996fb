#include "nn/tensor_io.h"

#include <cstring>

namespace permanence::nn {
namespace {

torch::Dtype torchDtype(const std::string& dtype) {
  if (dtype == "F32") return torch::kFloat32;
  if (dtype == "F16") return torch::kFloat16;
  if (dtype == "I64") return torch::kInt64;
  return torch::kBFloat16;
}

}  // namespace

torch::Tensor loadTensor(const SafetensorsFile& file, const std::string& name, torch::Dtype dtype,
                         torch::Device device) {
  const TensorInfo& entry = file.info(name);
  // Copy rather than wrap: the mapping may be unaligned for the element type.
  torch::Tensor raw = torch::empty(entry.shape, torch::TensorOptions().dtype(torchDtype(entry.dtype)));
  if (entry.end > entry.begin) std::memcpy(raw.data_ptr(), file.bytes(name), entry.end - entry.begin);
  return raw.to(device, dtype);
}

TensorMap loadAllTensors(const std::string& path) {
  SafetensorsFile file = SafetensorsFile::open(path);
  TensorMap out;
  for (const auto& name : file.names()) out.emplace(name, loadTensor(file, name));
  return out;
}

}  // namespace permanence::nn
