#include "sam2/position_encoding.h"

#include <cmath>

namespace permanence::sam2 {
namespace {

constexpr double kTemperature = 10000.0;
constexpr double kNormalizeEps = 1e-6;  // PositionEmbeddingSine's normalisation epsilon

// temperature ** (2 * (i // 2) / n) for i < n, in float32 as the reference.
torch::Tensor sineFrequencies(int64_t n, const torch::TensorOptions& options) {
  torch::Tensor i = torch::arange(n, options.dtype(torch::kFloat32));
  return torch::pow(kTemperature, 2 * torch::div(i, 2, "floor") / static_cast<double>(n));
}

// (..., n) angles -> sin of the even entries and cos of the odd ones, interleaved back.
torch::Tensor interleavedSinCos(const torch::Tensor& angles) {
  using torch::indexing::Slice;
  torch::Tensor sines = angles.index({"...", Slice(0, torch::indexing::None, 2)}).sin();
  torch::Tensor cosines = angles.index({"...", Slice(1, torch::indexing::None, 2)}).cos();
  return torch::stack({sines, cosines}, -1).flatten(-2);
}

}  // namespace

torch::Tensor sinePositionEmbedding(int64_t numPosFeats, int64_t height, int64_t width,
                                    const torch::TensorOptions& options) {
  const int64_t perAxis = numPosFeats / 2;
  const auto f32 = options.dtype(torch::kFloat32);
  const double scale = 2 * M_PI;
  torch::Tensor y = torch::arange(1, height + 1, f32);
  torch::Tensor x = torch::arange(1, width + 1, f32);
  // Divided by (last + eps) added in float32, as the reference does.
  y = y / (y.slice(0, height - 1) + kNormalizeEps) * scale;
  x = x / (x.slice(0, width - 1) + kNormalizeEps) * scale;
  torch::Tensor frequencies = sineFrequencies(perAxis, options);
  torch::Tensor posY = interleavedSinCos(y.unsqueeze(-1) / frequencies);  // (H, F)
  torch::Tensor posX = interleavedSinCos(x.unsqueeze(-1) / frequencies);  // (W, F)
  torch::Tensor gridY = posY.t().unsqueeze(2).expand({perAxis, height, width});
  torch::Tensor gridX = posX.t().unsqueeze(1).expand({perAxis, height, width});
  return torch::cat({gridY, gridX}, 0).unsqueeze(0);
}

torch::Tensor sinePositionEmbedding1d(const torch::Tensor& positions, int64_t dim) {
  torch::Tensor angles = positions.unsqueeze(-1) / sineFrequencies(dim / 2, positions.options());
  return torch::cat({angles.sin(), angles.cos()}, -1);
}

RandomPositionEmbeddingImpl::RandomPositionEmbeddingImpl(int64_t numPosFeats) {
  positional_encoding_gaussian_matrix = register_buffer("positional_encoding_gaussian_matrix", torch::randn({2, numPosFeats}));
}

torch::Tensor RandomPositionEmbeddingImpl::encode(const torch::Tensor& unitCoords) const {
  torch::Tensor coords = torch::matmul(2 * unitCoords - 1, positional_encoding_gaussian_matrix);
  coords = 2 * M_PI * coords;
  return torch::cat({coords.sin(), coords.cos()}, -1);
}

torch::Tensor RandomPositionEmbeddingImpl::dense(int64_t height, int64_t width) const {
  const auto options = positional_encoding_gaussian_matrix.options();
  torch::Tensor grid = torch::ones({height, width}, options);
  torch::Tensor y = (grid.cumsum(0) - 0.5) / static_cast<double>(height);
  torch::Tensor x = (grid.cumsum(1) - 0.5) / static_cast<double>(width);
  return encode(torch::stack({x, y}, -1)).permute({2, 0, 1});
}

torch::Tensor RandomPositionEmbeddingImpl::withCoords(const torch::Tensor& coords, int64_t imageHeight,
                                                      int64_t imageWidth) const {
  torch::Tensor unit = torch::stack({coords.select(-1, 0) / static_cast<double>(imageWidth),
                                     coords.select(-1, 1) / static_cast<double>(imageHeight)},
                                    -1);
  return encode(unit.to(torch::kFloat32));
}

torch::Tensor axialRotaryTable(int64_t headDim, int64_t endX, int64_t endY, double theta) {
  const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
  torch::Tensor exponents = torch::arange(0, headDim, 4, torch::kInt64).slice(0, 0, headDim / 4).to(torch::kFloat32);
  torch::Tensor frequencies = 1.0 / torch::pow(theta, exponents / static_cast<double>(headDim));
  torch::Tensor t = torch::arange(endX * endY, f32);
  torch::Tensor tx = torch::remainder(t, static_cast<double>(endX));
  torch::Tensor ty = torch::div(t, static_cast<double>(endX), "floor");
  torch::Tensor angles = torch::cat({torch::outer(tx, frequencies), torch::outer(ty, frequencies)}, -1);
  return torch::polar(torch::ones_like(angles), angles);
}

torch::Tensor applyRotary(const torch::Tensor& x, const torch::Tensor& table) {
  const int64_t tokens = x.size(2), rows = table.size(0);
  TORCH_CHECK(tokens % rows == 0, "rotary encoding: ", tokens, " tokens are not a multiple of ", rows);
  torch::Tensor pairs = x.to(torch::kFloat32).reshape({x.size(0), x.size(1), tokens / rows, rows, -1, 2}).contiguous();
  torch::Tensor rotated = torch::view_as_real(torch::view_as_complex(pairs) * table);
  return rotated.reshape(x.sizes()).to(x.scalar_type());
}

}  // namespace permanence::sam2
