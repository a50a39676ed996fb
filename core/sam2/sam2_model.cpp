#include "sam2/sam2_model.h"

#include <algorithm>

#include "sam2/position_encoding.h"

namespace permanence::sam2 {
namespace {

namespace F = torch::nn::functional;

// Scale and bias of mask probabilities fed to the memory encoder
// (sigmoid_scale_for_mem_enc, sigmoid_bias_for_mem_enc) and of masks used as output.
constexpr double kMaskScale = 20.0, kMaskBias = -10.0;

torch::Tensor resizeBilinear(const torch::Tensor& x, int64_t h, int64_t w, bool antialias) {
  return F::interpolate(x, F::InterpolateFuncOptions()
                               .size(std::vector<int64_t>{h, w})
                               .mode(torch::kBilinear)
                               .align_corners(false)
                               .antialias(antialias));
}

// (B, C, h, w) -> (hw, B, C), the reference's sequence-first token layout.
torch::Tensor toTokens(const torch::Tensor& x) { return x.flatten(2).permute({2, 0, 1}); }

torch::Tensor fromTokens(const torch::Tensor& tokens, const torch::Tensor& like) {
  return tokens.permute({1, 2, 0}).reshape(like.sizes());
}

}  // namespace

Sam2ModelImpl::Sam2ModelImpl(const Sam2Config& c) : config(c) {
  const int64_t hidden = c.hiddenDim, mem = c.memoryDim;
  image_encoder = register_module("image_encoder", ImageEncoder(c));
  memory_attention = register_module(
      "memory_attention", MemoryAttention(hidden, mem, c.memoryAttentionLayers, c.memoryAttentionHeads,
                                          c.memoryAttentionFeedForward, c.embeddingSide()));
  memory_encoder = register_module("memory_encoder", MemoryEncoder(hidden, mem));
  sam_prompt_encoder = register_module("sam_prompt_encoder", PromptEncoder(hidden, c.embeddingSide(), c.imageSize));
  sam_mask_decoder = register_module("sam_mask_decoder", MaskDecoder(hidden));
  mask_downsample = register_module("mask_downsample", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 1, 4).stride(4)));
  obj_ptr_proj = register_module("obj_ptr_proj", Mlp(hidden, hidden, hidden, 3));
  obj_ptr_tpos_proj = register_module("obj_ptr_tpos_proj", torch::nn::Linear(hidden, mem));
  maskmem_tpos_enc = register_parameter("maskmem_tpos_enc", torch::zeros({c.numMaskMemories, 1, 1, mem}));
  no_mem_embed = register_parameter("no_mem_embed", torch::zeros({1, 1, hidden}));
  no_mem_pos_enc = register_parameter("no_mem_pos_enc", torch::zeros({1, 1, hidden}));
  no_obj_ptr = register_parameter("no_obj_ptr", torch::zeros({1, hidden}));
  no_obj_embed_spatial = register_parameter("no_obj_embed_spatial", torch::zeros({1, mem}));
}

BackboneFeatures Sam2ModelImpl::forwardImage(const torch::Tensor& image, ImageEncoderOutput* encoderOutput,
                                             ImageEncoderTrace* trace) {
  ImageEncoderOutput out = image_encoder->forward(image, trace);
  BackboneFeatures features;
  // Levels 0 and 1 are projected once here rather than on every click.
  features.highRes0 = sam_mask_decoder->conv_s0(out.backboneFpn[0]);
  features.highRes1 = sam_mask_decoder->conv_s1(out.backboneFpn[1]);
  features.visionFeatures = out.backboneFpn[2];
  features.visionPosEnc = out.visionPosEnc[2];
  if (encoderOutput) *encoderOutput = std::move(out);
  return features;
}

SamHeadsOutput Sam2ModelImpl::forwardSamHeads(const torch::Tensor& backbone, const torch::Tensor& pointCoords,
                                              const torch::Tensor& pointLabels, const torch::Tensor& maskInputs,
                                              const BackboneFeatures& features, bool multimask) {
  const int64_t b = backbone.size(0);
  const auto options = backbone.options();
  // No points: one padding point (label -1).
  torch::Tensor coords = pointCoords.defined() ? pointCoords : torch::zeros({b, 1, 2}, options);
  torch::Tensor labels =
      pointLabels.defined() ? pointLabels : torch::full({b, 1}, kPaddingLabel, options.dtype(torch::kInt64));
  torch::Tensor maskPrompt;
  if (maskInputs.defined()) {
    const int64_t side = 4 * config.embeddingSide();
    maskPrompt = maskInputs.size(2) == side && maskInputs.size(3) == side
                     ? maskInputs
                     : resizeBilinear(maskInputs.to(torch::kFloat32), side, side, true);
  }
  auto [sparse, dense] = sam_prompt_encoder(coords, labels, maskPrompt);
  DecoderOutput decoded = sam_mask_decoder(backbone, sam_prompt_encoder->denseEmbedding(), sparse, dense, multimask,
                                           features.highRes0, features.highRes1);
  torch::Tensor isObject = decoded.objectScoreLogits > 0;  // (B, 1)

  SamHeadsOutput out;
  // The mask kept for memory is a hard choice between object and no object.
  out.lowResMultimasks =
      torch::where(isObject.view({b, 1, 1, 1}), decoded.masks, torch::full({}, kNoObjectScore, decoded.masks.options()))
          .to(torch::kFloat32);
  out.ious = decoded.iouPred;
  torch::Tensor token = decoded.samTokensOut.select(1, 0);
  if (multimask) {
    torch::Tensor best = out.ious.argmax(-1);
    torch::Tensor batch = torch::arange(b, best.options());
    out.lowResMasks = out.lowResMultimasks.index({batch, best}).unsqueeze(1);
    if (decoded.samTokensOut.size(1) > 1) token = decoded.samTokensOut.index({batch, best});
  } else {
    out.lowResMasks = out.lowResMultimasks;
  }
  // fixed_no_obj_ptr: an absent object's pointer is no_obj_ptr itself.
  torch::Tensor appearing = isObject.to(torch::kFloat32);
  out.objPtr = appearing * obj_ptr_proj(token) + (1 - appearing) * no_obj_ptr;
  out.objectScoreLogits = decoded.objectScoreLogits;
  return out;
}

SamHeadsOutput Sam2ModelImpl::useMaskAsOutput(const BackboneFeatures& features, const torch::Tensor& mask) {
  torch::Tensor maskFloat = mask.to(torch::kFloat32);
  SamHeadsOutput out;
  out.highResMasks = maskFloat * kMaskScale + kMaskBias;
  out.lowResMasks = resizeBilinear(out.highResMasks, out.highResMasks.size(2) / 4, out.highResMasks.size(3) / 4, true);
  out.ious = torch::ones({mask.size(0), 1}, maskFloat.options());
  // The pointer comes from the decoder prompted with the mask.
  torch::Tensor objPtr =
      forwardSamHeads(features.visionFeatures, {}, {}, mask_downsample(maskFloat), features, false).objPtr;
  // Whether the object appears follows the mask, not the decoder's score.
  torch::Tensor appearing = (maskFloat.flatten(1) > 0).any(1, true).to(torch::kFloat32);
  out.objectScoreLogits = kMaskScale * appearing + kMaskBias;
  out.objPtr = appearing * objPtr + (1 - appearing) * no_obj_ptr;
  out.lowResMultimasks = out.lowResMasks;
  return out;
}

torch::Tensor Sam2ModelImpl::upsampleMasks(const torch::Tensor& lowRes) const {
  return resizeBilinear(lowRes, config.imageSize, config.imageSize, false);
}

torch::Tensor Sam2ModelImpl::maskmemPosEnc() const {
  const int64_t side = config.embeddingSide();
  return sinePositionEmbedding(config.memoryDim, side, side, maskmem_tpos_enc.options());
}

AssembledMemory Sam2ModelImpl::assembleMemory(int frameIdx, const MemoryFrames& condFrames,
                                              const MemoryFrames& nonCondFrames, int numFrames, bool reverse) {
  const int64_t hidden = config.hiddenDim, memDim = config.memoryDim;
  const int64_t numMaskmem = config.numMaskMemories;
  std::vector<torch::Tensor> memory, memoryPos;
  const torch::Tensor spatialPos = toTokens(maskmemPosEnc());  // (hw, 1, memDim)
  int64_t batch = 1;
  auto addSpatial = [&](const FrameMemory& frame, int64_t tposIndex) {
    torch::Tensor features = toTokens(frame.maskmemFeatures.to(torch::kFloat32));
    batch = features.size(1);
    memory.push_back(features);
    memoryPos.push_back((spatialPos + maskmem_tpos_enc[tposIndex]).expand_as(features));
  };
  // Conditioning frames first (max_cond_frames_in_attn -1: all of them), at t_pos 0.
  for (const auto& [t, frame] : condFrames) addSpatial(frame, numMaskmem - 1);
  // Then the previous num_maskmem - 1 frames, oldest first (t_rel = num_maskmem - t_pos).
  for (int64_t tPos = 1; tPos < numMaskmem; ++tPos) {
    const int64_t tRel = numMaskmem - tPos;
    const auto it = nonCondFrames.find(static_cast<int>(reverse ? frameIdx + tRel : frameIdx - tRel));
    if (it != nonCondFrames.end()) addSpatial(it->second, numMaskmem - tPos - 1);
  }

  // Object pointers: conditioning frames up to this one (only_obj_ptrs_in_the_past_for_eval),
  // at their signed distance, then up to max_obj_ptrs - 1 previous frames.
  const int maxPointers = std::min(numFrames, static_cast<int>(config.maxObjectPointers));
  std::vector<float> distances;
  std::vector<torch::Tensor> pointers;
  for (const auto& [t, frame] : condFrames) {
    if (reverse ? t < frameIdx : t > frameIdx) continue;
    distances.push_back(static_cast<float>(reverse ? t - frameIdx : frameIdx - t));
    pointers.push_back(frame.objPtr);
  }
  for (int tDiff = 1; tDiff < maxPointers; ++tDiff) {
    const int t = reverse ? frameIdx + tDiff : frameIdx - tDiff;
    if (t < 0 || t >= numFrames) break;
    const auto it = nonCondFrames.find(t);
    if (it == nonCondFrames.end()) continue;
    distances.push_back(static_cast<float>(tDiff));
    pointers.push_back(it->second.objPtr);
  }
  AssembledMemory out;
  if (!pointers.empty()) {
    const auto options = maskmem_tpos_enc.options();
    torch::Tensor ptrs = torch::stack(pointers, 0);  // (n, B, C)
    batch = ptrs.size(1);
    torch::Tensor positions = torch::tensor(distances, options) / static_cast<double>(maxPointers - 1);
    torch::Tensor ptrPos = obj_ptr_tpos_proj(sinePositionEmbedding1d(positions, hidden));  // (n, memDim)
    ptrPos = ptrPos.unsqueeze(1).expand({-1, batch, memDim});
    // Each C-wide pointer becomes C / memDim tokens of the memory width.
    const int64_t split = hidden / memDim;
    ptrs = ptrs.reshape({-1, batch, split, memDim}).permute({0, 2, 1, 3}).flatten(0, 1);
    ptrPos = ptrPos.repeat_interleave(split, 0);
    memory.push_back(ptrs);
    memoryPos.push_back(ptrPos);
    out.objectPointerTokens = ptrs.size(0);
  }
  out.memory = torch::cat(memory, 0);
  out.memoryPos = torch::cat(memoryPos, 0);
  return out;
}

torch::Tensor Sam2ModelImpl::conditionOnMemory(int frameIdx, bool isInitCondFrame, const BackboneFeatures& features,
                                               const MemoryFrames& condFrames, const MemoryFrames& nonCondFrames,
                                               int numFrames, bool reverse) {
  const torch::Tensor& current = features.visionFeatures;
  // directly_add_no_mem_embed: a first prompted frame sees no memory at all.
  if (isInitCondFrame) return fromTokens(toTokens(current) + no_mem_embed, current);
  TORCH_CHECK(!condFrames.empty(), "SAM 2: tracking frame ", frameIdx, " without a conditioning frame");
  AssembledMemory bank = assembleMemory(frameIdx, condFrames, nonCondFrames, numFrames, reverse);
  torch::Tensor out = memory_attention(toTokens(current), toTokens(features.visionPosEnc), bank.memory, bank.memoryPos,
                                       bank.objectPointerTokens);
  return fromTokens(out, current);
}

torch::Tensor Sam2ModelImpl::encodeNewMemory(const torch::Tensor& visionFeatures, const torch::Tensor& predMasksHighRes,
                                             const torch::Tensor& objectScoreLogits, bool isMaskFromPoints,
                                             MemoryEncoderTrace* trace) {
  // binarize_mask_from_pts_for_mem_enc: prompted frames are stored as the user saw them.
  torch::Tensor mask = isMaskFromPoints ? (predMasksHighRes > 0).to(torch::kFloat32) : torch::sigmoid(predMasksHighRes);
  mask = mask * kMaskScale;
  mask = mask + kMaskBias;
  torch::Tensor features = memory_encoder(visionFeatures, mask, trace).features;
  torch::Tensor appearing = (objectScoreLogits > 0).to(torch::kFloat32).view({-1, 1, 1, 1});
  return features + (1 - appearing) * no_obj_embed_spatial.view({1, -1, 1, 1}).expand_as(features);
}

}  // namespace permanence::sam2
