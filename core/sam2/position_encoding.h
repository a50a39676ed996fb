#pragma once
// The position encodings of SAM 2 (sam2/modeling/position_encoding.py and
// sam2_utils.get_1d_sine_pe), computed in float32 as the reference does.
#include <torch/torch.h>

#include <utility>

namespace permanence::sam2 {

// PositionEmbeddingSine(numPosFeats, temperature 10000, normalize, scale 2 pi) for an
// H x W map: (1, numPosFeats, H, W), the y half first.
torch::Tensor sinePositionEmbedding(int64_t numPosFeats, int64_t height, int64_t width,
                                    const torch::TensorOptions& options = {});

// get_1d_sine_pe: (n) positions -> (n, dim), [sin, cos] concatenated (not interleaved).
torch::Tensor sinePositionEmbedding1d(const torch::Tensor& positions, int64_t dim);

// PositionEmbeddingRandom: random spatial frequencies (buffer
// positional_encoding_gaussian_matrix, (2, numPosFeats)) -> 2 * numPosFeats channels.
struct RandomPositionEmbeddingImpl : torch::nn::Module {
  explicit RandomPositionEmbeddingImpl(int64_t numPosFeats);
  // forward(size): (2F, h, w) for the pixel centres of an h x w grid.
  torch::Tensor dense(int64_t height, int64_t width) const;
  // forward_with_coords: coords (B, N, 2) as (x, y) in pixels of an image of
  // imageHeight x imageWidth -> (B, N, 2F).
  torch::Tensor withCoords(const torch::Tensor& coords, int64_t imageHeight, int64_t imageWidth) const;
  torch::Tensor positional_encoding_gaussian_matrix;

 private:
  torch::Tensor encode(const torch::Tensor& unitCoords) const;  // coords in [0, 1]
};
TORCH_MODULE(RandomPositionEmbedding);

// Axial rotary encoding (compute_axial_cis) for tokens of an endX x endY map, x
// fastest: unit complex numbers e^(i angle), (endX * endY, headDim / 2) complex64; the
// first headDim / 4 pairs turn with x, the others with y.
torch::Tensor axialRotaryTable(int64_t headDim, int64_t endX, int64_t endY, double theta);

// apply_rotary_enc on x (B, heads, N, headDim): consecutive pairs (2i, 2i+1), taken as
// complex numbers, are multiplied by the table; N is a multiple of the table's length
// (its rows repeat for each block of tokens, as rope_k_repeat does for memory frames).
torch::Tensor applyRotary(const torch::Tensor& x, const torch::Tensor& table);

}  // namespace permanence::sam2
