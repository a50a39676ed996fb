#pragma once
// SAM's prompt encoder (sam2/modeling/sam/prompt_encoder.py): points (and box corners)
// become sparse tokens, a low-res mask becomes a dense embedding.
#include <torch/torch.h>

#include <utility>

#include "nn/layers.h"
#include "sam2/position_encoding.h"

namespace permanence::sam2 {

// Point labels: 1 positive, 0 negative, 2 / 3 a box's top-left / bottom-right
// corner, -1 padding.
constexpr int64_t kPaddingLabel = -1;

struct PromptEncoderImpl : torch::nn::Module {
  // embedDim: the decoder width; embeddingSide: the image embedding's side
  // (imageSize / 16); imageSize: the model's input side.
  PromptEncoderImpl(int64_t embedDim, int64_t embeddingSide, int64_t imageSize);

  // Sparse (B, N + 1, C) for points (B, N, 2) in model pixels with labels (B, N)
  // (a padding point is appended, as SAM2Base never passes boxes separately), and
  // dense (B, C, side, side): the mask logits (B, 1, 4 side, 4 side) embedded, or
  // no_mask_embed when masks is undefined.
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& coords, const torch::Tensor& labels,
                                                  const torch::Tensor& masks);
  // The positional encoding of the image embedding's grid, (1, C, side, side).
  torch::Tensor denseEmbedding() const;

  int64_t embedDim, embeddingSide, imageSize;
  RandomPositionEmbedding pe_layer{nullptr};
  torch::nn::ModuleList point_embeddings;
  torch::nn::Embedding not_a_point_embed{nullptr}, no_mask_embed{nullptr};
  torch::nn::Conv2d maskConv1{nullptr}, maskConv2{nullptr}, maskConv3{nullptr};
  nn::LayerNorm2d maskNorm1{nullptr}, maskNorm2{nullptr};

 private:
  torch::Tensor embedPoints(const torch::Tensor& coords, const torch::Tensor& labels);
  torch::Tensor embedMask(const torch::Tensor& masks);
};
TORCH_MODULE(PromptEncoder);

}  // namespace permanence::sam2
