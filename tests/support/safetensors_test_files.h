#pragma once
// Safetensors files written byte for byte (to test the reader on good and bad files)
// and a small module to load them into.
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace permanence::test {

// Writes a safetensors file from a header text and a data area, byte for byte.
void writeRawSafetensors(const std::string& path, const std::string& header, const std::string& data);

// A well-formed file holding the tensors converted to dtype ("F32", "F16", "BF16",
// "I64"), with a __metadata__ entry.
void writeSafetensorsAs(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                        const std::string& dtype = "F32");

// Two linear layers `a` (2 -> 3) and `b` (3 -> 1).
struct TwoLayers : torch::nn::Module {
  TwoLayers() {
    register_module("a", a);
    register_module("b", b);
  }
  torch::nn::Linear a{2, 3};
  torch::nn::Linear b{3, 1};
};

// Its parameters by name, in registration order.
std::vector<std::pair<std::string, torch::Tensor>> paramsOf(TwoLayers& module);

}  // namespace permanence::test
