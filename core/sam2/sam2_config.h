#pragma once
// The architecture of a SAM 2.1 model: what the four published sizes (tiny, small,
// base+, large; sam2/configs/sam2.1/*.yaml of facebookresearch/sam2) differ in, and
// the image size it runs at. Every behaviour flag is the 2.1 video predictor's as
// build_sam2_video_predictor(apply_postprocessing=True) sets it (see sam2_model.h);
// nothing here switches them.
#include <cstdint>
#include <string>
#include <vector>

namespace permanence::sam2 {

// The Hiera trunk (sam2/modeling/backbones/hieradet.py). q_pool 3, q_stride (2, 2) and
// the doubling of width and heads at each stage are the same in every size.
struct HieraConfig {
  int64_t embedDim = 96;
  int64_t numHeads = 1;
  std::vector<int64_t> stages = {1, 2, 7, 2};           // blocks per stage
  std::vector<int64_t> globalAttentionBlocks = {5, 7, 9};  // blocks without windows
  std::vector<int64_t> windowSpec = {8, 4, 14, 7};      // window side per stage
  std::vector<int64_t> backgroundPosEmbedSize = {7, 7};  // pos_embed grid (h, w)

  int64_t depth() const;                       // total blocks
  std::vector<int64_t> stageEnds() const;      // index of each stage's last block
  std::vector<int64_t> stageChannels() const;  // width of each stage, highest resolution first
};

struct Sam2Config {
  std::string name;  // "tiny", "small", "base_plus", "large", or a description
  HieraConfig trunk;
  int64_t hiddenDim = 256;          // FPN neck d_model = prompt/decoder/memory attention width
  int64_t memoryDim = 64;           // memory encoder out_dim (= memory tokens' width)
  int64_t memoryAttentionLayers = 4;
  int64_t memoryAttentionFeedForward = 2048;
  int64_t memoryAttentionHeads = 1;
  int64_t numMaskMemories = 7;      // num_maskmem: 1 conditioning slot + 6 previous frames
  int64_t maxObjectPointers = 16;   // max_obj_ptrs_in_encoder
  int64_t imageSize = 1024;         // side of the square the frames are resized to

  // Stride of the image embedding (backbone_stride) and of the low-res masks.
  static constexpr int64_t kBackboneStride = 16;
  static constexpr int64_t kLowResStride = 4;
  int64_t embeddingSide() const { return imageSize / kBackboneStride; }
  int64_t lowResSide() const { return imageSize / kLowResStride; }

  // One of the published sizes at image size 1024; throws std::invalid_argument for
  // other names.
  static Sam2Config forSize(const std::string& size);
  // The published size names, smallest first.
  static std::vector<std::string> sizeNames();
};

}  // namespace permanence::sam2
