#include <gtest/gtest.h>

#include "diffusion_golden.h"

#include <iostream>
#include <sstream>

#include "test_paths.h"

namespace permanence::test {

std::filesystem::path goldenDir() {
  auto shared = sharedDir();
  return shared.empty() ? shared : shared / "golden";
}

nn::TensorMap loadGolden(const std::string& component, const std::string& kind) {
  return nn::loadAllTensors((goldenDir() / (component + "." + kind + ".safetensors")).string());
}

::testing::AssertionResult matchesGolden(const std::string& what, const torch::Tensor& actual,
                                         const torch::Tensor& expected, double atol, double rtol) {
  if (actual.sizes() != expected.sizes()) {
    std::ostringstream shapes;
    shapes << what << ": shape " << actual.sizes() << " vs expected " << expected.sizes();
    return ::testing::AssertionFailure() << shapes.str();
  }
  torch::Tensor a = actual.detach().to(torch::kFloat64).cpu(), e = expected.to(torch::kFloat64);
  torch::Tensor diff = (a - e).abs();
  double maxDiff = diff.numel() ? diff.max().item<double>() : 0.0;
  std::cout << "[parity] " << what << " max abs diff " << maxDiff << std::endl;
  if ((diff <= atol + rtol * e.abs()).all().item<bool>() && !a.isnan().any().item<bool>())
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << what << ": max abs diff " << maxDiff << " exceeds atol " << atol
                                       << " + rtol " << rtol << " |expected|";
}

}  // namespace permanence::test
