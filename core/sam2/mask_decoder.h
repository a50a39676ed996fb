#pragma once
// SAM 2's mask decoder (sam2/modeling/sam/mask_decoder.py) as SAM2Base builds it: 3
// multimask outputs + 1 single-mask output, an IoU head with sigmoid, an object score
// MLP head, high-resolution features from the image encoder's levels 0 and 1, and the
// dynamic fall-back to the best multimask when the single mask is unstable.
#include <torch/torch.h>

#include "nn/layers.h"
#include "sam2/mlp.h"
#include "sam2/two_way_transformer.h"

namespace permanence::sam2 {

struct MaskPrediction {  // predict_masks
  torch::Tensor masks;              // (B, 4, 4 side, 4 side) logits, token 0 = single mask
  torch::Tensor iouPred;            // (B, 4)
  torch::Tensor maskTokensOut;      // (B, 4, C)
  torch::Tensor objectScoreLogits;  // (B, 1)
  torch::Tensor transformerQueries, transformerKeys;  // the TwoWayTransformer's outputs
};

struct DecoderOutput {  // forward
  torch::Tensor masks;              // (B, 3 or 1, 4 side, 4 side)
  torch::Tensor iouPred;            // (B, 3 or 1)
  torch::Tensor samTokensOut;       // (B, 3 or 1, C): the tokens object pointers come from
  torch::Tensor objectScoreLogits;  // (B, 1)
};

struct MaskDecoderImpl : torch::nn::Module {
  explicit MaskDecoderImpl(int64_t dim);

  // highRes0 / highRes1: levels 0 and 1 of the image encoder after conv_s0 / conv_s1.
  MaskPrediction predictMasks(const torch::Tensor& imageEmbeddings, const torch::Tensor& imagePe,
                              const torch::Tensor& sparse, const torch::Tensor& dense, const torch::Tensor& highRes0,
                              const torch::Tensor& highRes1);
  DecoderOutput forward(const torch::Tensor& imageEmbeddings, const torch::Tensor& imagePe, const torch::Tensor& sparse,
                        const torch::Tensor& dense, bool multimask, const torch::Tensor& highRes0,
                        const torch::Tensor& highRes1);
  // area(logit > 0.05) / area(logit > -0.05) per mask of (..., h, w), 1 where empty.
  static torch::Tensor stabilityScores(const torch::Tensor& maskLogits);

  int64_t dim;
  TwoWayTransformer transformer{nullptr};
  torch::nn::Embedding iou_token{nullptr}, mask_tokens{nullptr}, obj_score_token{nullptr};
  torch::nn::ConvTranspose2d upscale1{nullptr}, upscale2{nullptr};
  nn::LayerNorm2d upscaleNorm{nullptr};
  torch::nn::Conv2d conv_s0{nullptr}, conv_s1{nullptr};
  torch::nn::ModuleList output_hypernetworks_mlps;
  Mlp iou_prediction_head{nullptr}, pred_obj_score_head{nullptr};
};
TORCH_MODULE(MaskDecoder);

}  // namespace permanence::sam2
