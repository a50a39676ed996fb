#pragma once
// Access to the reference vectors in ../shared/golden and the tolerance check the
// parity tests of the model tier share.
#include <torch/torch.h>

#include <filesystem>
#include <string>

#include "nn/tensor_io.h"

namespace permanence::test {

// ../shared/golden, or empty when ../shared is absent.
std::filesystem::path goldenDir();

// Reads <golden>/<component>.<kind>.safetensors (kind: weights, inputs, expected).
nn::TensorMap loadGolden(const std::string& component, const std::string& kind);

// gtest assertion: same shape and |actual - expected| <= atol + rtol |expected|
// everywhere; the message gives the max abs diff. Prints the max abs diff as well so
// parity figures can be read from the test log.
::testing::AssertionResult matchesGolden(const std::string& what, const torch::Tensor& actual,
                                         const torch::Tensor& expected, double atol, double rtol);

}  // namespace permanence::test
