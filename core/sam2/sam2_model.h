#pragma once
// SAM 2.1 (sam2/modeling/sam2_base.py, SAM2Base) with the official checkpoint's
// parameter names: the image encoder, the SAM prompt encoder and mask decoder, the
// memory encoder and memory attention, and the learned embeddings that tie them
// together. Behaviour is that of the 2.1 video predictor (configs/sam2.1/*.yaml with
// build_sam2_video_predictor(apply_postprocessing=True)): high-resolution decoder
// features, multimask output for 0-1 points and while tracking, object score and
// pointer heads (MLP), fixed no-object pointer, no-object spatial embedding, signed
// and projected temporal encoding of pointers, only past pointers in evaluation,
// masks given as input used as output, binarised masks of prompted frames in memory.
// Hole filling (fill_hole_area 8) is not reproduced: the reference only runs it with
// its CUDA extension and silently skips it otherwise.
#include <torch/torch.h>

#include <map>
#include <vector>

#include "sam2/image_encoder.h"
#include "sam2/mask_decoder.h"
#include "sam2/memory_attention.h"
#include "sam2/memory_encoder.h"
#include "sam2/mlp.h"
#include "sam2/prompt_encoder.h"
#include "sam2/sam2_config.h"

namespace permanence::sam2 {

// The placeholder logit of masks where the object is absent (NO_OBJ_SCORE).
constexpr float kNoObjectScore = -1024.0f;

// One frame's image features as the heads use them (forward_image then
// _prepare_backbone_features).
struct BackboneFeatures {
  torch::Tensor highRes0, highRes1;  // FPN levels 0 and 1 after conv_s0 / conv_s1
  torch::Tensor visionFeatures;      // level 2, (B, C, s, s)
  torch::Tensor visionPosEnc;        // its position encoding, (B, C, s, s)
};

// What a frame leaves in the memory bank.
struct FrameMemory {
  torch::Tensor maskmemFeatures;  // (1, memoryDim, s, s), stored in bfloat16 as the reference does
  torch::Tensor objPtr;           // (1, C)
};
using MemoryFrames = std::map<int, FrameMemory>;

// The SAM heads' outputs (_forward_sam_heads / _use_mask_as_output). The reference
// also upsamples every candidate to S x S; here only the chosen mask is, and only when
// its memory is encoded (upsampleMasks): a click needs just the low-res logits.
struct SamHeadsOutput {
  torch::Tensor lowResMultimasks, ious;  // all candidates, (B, M, S/4, S/4) and (B, M)
  torch::Tensor lowResMasks;             // the chosen one, (B, 1, S/4, S/4)
  torch::Tensor highResMasks;            // (B, 1, S, S) from a mask used as output; else undefined
  torch::Tensor objPtr;                  // (B, C)
  torch::Tensor objectScoreLogits;       // (B, 1)
};

// The memory the current frame attends to (_prepare_memory_conditioned_features).
struct AssembledMemory {
  torch::Tensor memory, memoryPos;  // (M, B, memoryDim)
  int64_t objectPointerTokens = 0;  // the last entries of memory
};

struct Sam2ModelImpl : torch::nn::Module {
  explicit Sam2ModelImpl(const Sam2Config& config);

  // image (B, 3, S, S), normalised -> features (forward_image). encoderOutput, when
  // given, receives the image encoder's own outputs (before conv_s0 / conv_s1).
  BackboneFeatures forwardImage(const torch::Tensor& image, ImageEncoderOutput* encoderOutput = nullptr,
                                ImageEncoderTrace* trace = nullptr);

  // _forward_sam_heads. pointCoords (B, N, 2) in model pixels and pointLabels (B, N),
  // or undefined for none; maskInputs (B, 1, h, w) logits or undefined.
  SamHeadsOutput forwardSamHeads(const torch::Tensor& backbone, const torch::Tensor& pointCoords,
                                 const torch::Tensor& pointLabels, const torch::Tensor& maskInputs,
                                 const BackboneFeatures& features, bool multimask);
  // _use_mask_as_output: a binary mask (B, 1, S, S) taken as the output, +-10 logits.
  SamHeadsOutput useMaskAsOutput(const BackboneFeatures& features, const torch::Tensor& mask);
  // Low-res logits (B, 1, S/4, S/4) bilinearly upsampled to the image, (B, 1, S, S).
  torch::Tensor upsampleMasks(const torch::Tensor& lowRes) const;

  // The memory bank for frameIdx: conditioning frames, the previous num_maskmem - 1
  // frames (following ones when tracking in reverse) and the object pointers.
  AssembledMemory assembleMemory(int frameIdx, const MemoryFrames& condFrames, const MemoryFrames& nonCondFrames,
                                 int numFrames, bool reverse);
  // _prepare_memory_conditioned_features -> (B, C, s, s).
  torch::Tensor conditionOnMemory(int frameIdx, bool isInitCondFrame, const BackboneFeatures& features,
                                  const MemoryFrames& condFrames, const MemoryFrames& nonCondFrames, int numFrames,
                                  bool reverse);
  // _encode_new_memory: (B, memoryDim, s, s) float32 (not yet rounded to bfloat16).
  torch::Tensor encodeNewMemory(const torch::Tensor& visionFeatures, const torch::Tensor& predMasksHighRes,
                                const torch::Tensor& objectScoreLogits, bool isMaskFromPoints,
                                MemoryEncoderTrace* trace = nullptr);
  // The memories' spatial position encoding, the same for every frame, (1, memoryDim, s, s).
  torch::Tensor maskmemPosEnc() const;
  // _use_multimask: three candidates for 0 or 1 point (a box counts as two).
  static bool useMultimask(int64_t numPoints) { return numPoints <= 1; }

  Sam2Config config;
  ImageEncoder image_encoder{nullptr};
  MemoryAttention memory_attention{nullptr};
  MemoryEncoder memory_encoder{nullptr};
  PromptEncoder sam_prompt_encoder{nullptr};
  MaskDecoder sam_mask_decoder{nullptr};
  torch::nn::Conv2d mask_downsample{nullptr};
  Mlp obj_ptr_proj{nullptr};
  torch::nn::Linear obj_ptr_tpos_proj{nullptr};
  torch::Tensor maskmem_tpos_enc, no_mem_embed, no_mem_pos_enc, no_obj_ptr, no_obj_embed_spatial;
};
TORCH_MODULE(Sam2Model);

}  // namespace permanence::sam2
