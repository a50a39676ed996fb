#include "safetensors_test_files.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace permanence::test {
namespace {

std::string bytesOf(const torch::Tensor& t) {
  torch::Tensor c = t.contiguous();
  return std::string(static_cast<const char*>(c.data_ptr()), c.numel() * c.element_size());
}

torch::Dtype torchDtype(const std::string& dtype) {
  if (dtype == "F16") return torch::kFloat16;
  if (dtype == "BF16") return torch::kBFloat16;
  if (dtype == "I64") return torch::kInt64;
  return torch::kFloat32;
}

}  // namespace

void writeRawSafetensors(const std::string& path, const std::string& header, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xff));
  out << header << data;
}

void writeSafetensorsAs(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                        const std::string& dtype) {
  nlohmann::json header = {{"__metadata__", {{"format", "pt"}}}};
  std::string data;
  for (const auto& [name, t] : tensors) {
    std::string bytes = bytesOf(t.to(torchDtype(dtype)));
    header[name] = {{"dtype", dtype}, {"shape", t.sizes().vec()}, {"data_offsets", {data.size(), data.size() + bytes.size()}}};
    data += bytes;
  }
  writeRawSafetensors(path, header.dump(), data);
}

std::vector<std::pair<std::string, torch::Tensor>> paramsOf(TwoLayers& module) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& p : module.named_parameters()) out.emplace_back(p.key(), p.value().detach());
  return out;
}

}  // namespace permanence::test
