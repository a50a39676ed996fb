#include "nn/safetensors_writer.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "errors.h"

namespace permanence::nn {

void saveSafetensors(const std::string& path, const TensorMap& tensors) {
  nlohmann::json header = nlohmann::json::object();
  std::vector<torch::Tensor> data;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    torch::Tensor values = tensor.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    const uint64_t bytes = static_cast<uint64_t>(values.numel()) * sizeof(float);
    header[name] = {{"dtype", "F32"}, {"shape", values.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    data.push_back(values);
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // keeps the data area 8-byte aligned
  std::ofstream out(path, std::ios::binary);
  if (!out) throw MediaError(path + ": cannot write");
  const uint64_t length = text.size();
  for (int i = 0; i < 8; ++i) out.put(static_cast<char>((length >> (8 * i)) & 0xff));
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  for (const auto& values : data)
    out.write(static_cast<const char*>(values.data_ptr()), static_cast<std::streamsize>(values.numel() * sizeof(float)));
  if (!out) throw MediaError(path + ": write failed");
}

TensorMap moduleStateDict(torch::nn::Module& module) {
  TensorMap out;
  for (const auto& item : module.named_parameters()) out.emplace(item.key(), item.value());
  for (const auto& item : module.named_buffers()) out.emplace(item.key(), item.value());
  return out;
}

}  // namespace permanence::nn
