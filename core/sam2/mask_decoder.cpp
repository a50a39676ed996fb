#include "sam2/mask_decoder.h"

namespace permanence::sam2 {
namespace {

constexpr int64_t kMultimaskOutputs = 3;
constexpr int64_t kMaskTokens = kMultimaskOutputs + 1;
constexpr int64_t kIouHeadHidden = 256, kIouHeadDepth = 3;
constexpr double kLayerNorm2dEps = 1e-6;
// build_sam2_video_predictor(apply_postprocessing=True): dynamic_multimask_via_stability.
constexpr double kStabilityDelta = 0.05, kStabilityThreshold = 0.98;

}  // namespace

MaskDecoderImpl::MaskDecoderImpl(int64_t dim) : dim(dim) {
  transformer = register_module("transformer", TwoWayTransformer(dim));
  iou_token = register_module("iou_token", torch::nn::Embedding(1, dim));
  mask_tokens = register_module("mask_tokens", torch::nn::Embedding(kMaskTokens, dim));
  obj_score_token = register_module("obj_score_token", torch::nn::Embedding(1, dim));
  // output_upscaling: ConvTranspose 2x2/2, LayerNorm2d, GELU, ConvTranspose 2x2/2, GELU.
  using torch::nn::ConvTranspose2dOptions;
  upscale1 = nn::registerIndexed(*this, "output_upscaling", 0,
                                 torch::nn::ConvTranspose2d(ConvTranspose2dOptions(dim, dim / 4, 2).stride(2)));
  upscaleNorm = nn::registerIndexed(*this, "output_upscaling", 1, nn::LayerNorm2d(dim / 4, kLayerNorm2dEps));
  upscale2 = nn::registerIndexed(*this, "output_upscaling", 3,
                                 torch::nn::ConvTranspose2d(ConvTranspose2dOptions(dim / 4, dim / 8, 2).stride(2)));
  conv_s0 = register_module("conv_s0", torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, dim / 8, 1)));
  conv_s1 = register_module("conv_s1", torch::nn::Conv2d(torch::nn::Conv2dOptions(dim, dim / 4, 1)));
  output_hypernetworks_mlps = register_module("output_hypernetworks_mlps", torch::nn::ModuleList());
  for (int64_t i = 0; i < kMaskTokens; ++i) output_hypernetworks_mlps->push_back(Mlp(dim, dim, dim / 8, 3));
  iou_prediction_head = register_module(
      "iou_prediction_head", Mlp(dim, kIouHeadHidden, kMaskTokens, kIouHeadDepth, Activation::Relu, true));
  pred_obj_score_head = register_module("pred_obj_score_head", Mlp(dim, dim, 1, 3));
}

MaskPrediction MaskDecoderImpl::predictMasks(const torch::Tensor& imageEmbeddings, const torch::Tensor& imagePe,
                                             const torch::Tensor& sparse, const torch::Tensor& dense,
                                             const torch::Tensor& highRes0, const torch::Tensor& highRes1) {
  const int64_t batch = sparse.size(0);
  torch::Tensor outputTokens = torch::cat({obj_score_token->weight, iou_token->weight, mask_tokens->weight}, 0);
  torch::Tensor tokens = torch::cat({outputTokens.unsqueeze(0).expand({batch, -1, -1}), sparse}, 1);
  TORCH_CHECK(imageEmbeddings.size(0) == batch, "mask decoder: image batch ", imageEmbeddings.size(0), " for ", batch,
              " prompts");
  torch::Tensor src = imageEmbeddings + dense;
  torch::Tensor posSrc = imagePe.expand({batch, -1, -1, -1});
  const int64_t c = src.size(1), h = src.size(2), w = src.size(3);

  auto [hs, keys] = transformer(src, posSrc, tokens);
  torch::Tensor iouTokenOut = hs.select(1, 1);
  torch::Tensor maskTokensOut = hs.slice(1, 2, 2 + kMaskTokens);

  torch::Tensor image = keys.transpose(1, 2).reshape({batch, c, h, w});
  torch::Tensor upscaled = torch::gelu(upscaleNorm(upscale1(image) + highRes1));
  upscaled = torch::gelu(upscale2(upscaled) + highRes0);

  std::vector<torch::Tensor> hyper;
  for (int64_t i = 0; i < kMaskTokens; ++i)
    hyper.push_back(output_hypernetworks_mlps[i]->as<Mlp>()->forward(maskTokensOut.select(1, i)));
  torch::Tensor hyperIn = torch::stack(hyper, 1);
  const int64_t uc = upscaled.size(1), uh = upscaled.size(2), uw = upscaled.size(3);
  torch::Tensor masks = torch::matmul(hyperIn, upscaled.view({batch, uc, uh * uw})).view({batch, -1, uh, uw});

  MaskPrediction out;
  out.masks = masks;
  out.iouPred = iou_prediction_head(iouTokenOut);
  out.maskTokensOut = maskTokensOut;
  out.objectScoreLogits = pred_obj_score_head(hs.select(1, 0));
  out.transformerQueries = hs;
  out.transformerKeys = keys;
  return out;
}

torch::Tensor MaskDecoderImpl::stabilityScores(const torch::Tensor& maskLogits) {
  torch::Tensor flat = maskLogits.flatten(-2);
  torch::Tensor intersection = (flat > kStabilityDelta).sum(-1).to(torch::kFloat32);
  torch::Tensor unionArea = (flat > -kStabilityDelta).sum(-1).to(torch::kFloat32);
  return torch::where(unionArea > 0, intersection / unionArea, torch::ones_like(intersection));
}

DecoderOutput MaskDecoderImpl::forward(const torch::Tensor& imageEmbeddings, const torch::Tensor& imagePe,
                                       const torch::Tensor& sparse, const torch::Tensor& dense, bool multimask,
                                       const torch::Tensor& highRes0, const torch::Tensor& highRes1) {
  MaskPrediction p = predictMasks(imageEmbeddings, imagePe, sparse, dense, highRes0, highRes1);
  DecoderOutput out;
  out.objectScoreLogits = p.objectScoreLogits;
  if (multimask) {
    out.masks = p.masks.slice(1, 1);
    out.iouPred = p.iouPred.slice(1, 1);
    out.samTokensOut = p.maskTokensOut.slice(1, 1);  // use_multimask_token_for_obj_ptr
    return out;
  }
  // _dynamic_multimask_via_stability: keep token 0 when stable, else the best of 1..3.
  torch::Tensor multiIou = p.iouPred.slice(1, 1);
  torch::Tensor best = multiIou.argmax(-1);
  torch::Tensor batchIndex = torch::arange(best.size(0), best.options());
  torch::Tensor bestMasks = p.masks.slice(1, 1).index({batchIndex, best}).unsqueeze(1);
  torch::Tensor bestIou = multiIou.index({batchIndex, best}).unsqueeze(1);
  torch::Tensor singleMasks = p.masks.slice(1, 0, 1), singleIou = p.iouPred.slice(1, 0, 1);
  torch::Tensor stable = stabilityScores(singleMasks) >= kStabilityThreshold;  // (B, 1)
  out.masks = torch::where(stable.unsqueeze(-1).unsqueeze(-1).expand_as(singleMasks), singleMasks, bestMasks);
  out.iouPred = torch::where(stable.expand_as(singleIou), singleIou, bestIou);
  // The pointer always comes from the single-mask token here, even after a fall-back.
  out.samTokensOut = p.maskTokensOut.slice(1, 0, 1);
  return out;
}

}  // namespace permanence::sam2
