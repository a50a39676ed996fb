#pragma once
// The SAM 2 video predictor (sam2/sam2_video_predictor.py) for one object, with frames
// streamed: the caller hands over each frame when it is needed, the image features of
// the last frame are kept (as the reference does), and only the memories that can
// still be read are kept (see kRetainedFrames), so memory does not grow with the clip.
//
// Reproduced behaviour of the reference, quirks included:
// - prompts on a frame not tracked yet make it a conditioning frame; prompts on a
//   tracked frame are corrections, stored as a non-conditioning output unless
//   addAllFramesToCorrectAsCond, so the next propagate() recomputes that frame without
//   its prompts (facebookresearch/sam2 #719, #731);
// - a correction click feeds the frame's previous low-res logits (clamped to +-32) as
//   the mask prompt; a new click replaces the frame's earlier points;
// - memories of prompted frames are encoded when propagation starts, from the stored
//   low-res logits upsampled again and binarised;
// - memory features are rounded to bfloat16 when stored;
// - frames between a conditioning frame and a later one see the later one's spatial
//   memory but not its object pointer.
#include <torch/torch.h>

#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "sam2/sam2_model.h"

namespace permanence::sam2 {

// A frame as the model takes it: (1, 3, S, S) float32, normalised (sam2_preprocess.h).
using FrameLoader = std::function<torch::Tensor(int frame)>;

struct FrameResult {
  int frame = 0;
  bool isCond = false;
  torch::Tensor videoResMasks;      // (1, 1, H, W) logits at the video's size; > 0 is the object
  torch::Tensor predMasks;          // (1, 1, S/4, S/4) low-res logits
  torch::Tensor objPtr;             // (1, C)
  torch::Tensor objectScoreLogits;  // (1, 1)
  torch::Tensor maskmemFeatures;    // (1, memoryDim, s, s) bfloat16; undefined for prompt results
};

struct VideoPredictorOptions {
  // add_all_frames_to_correct_as_cond: a correction becomes a conditioning frame.
  bool addAllFramesToCorrectAsCond = false;
};

class VideoPredictor {
 public:
  // Non-conditioning memories farther than this from the frame being tracked are
  // dropped: 15 = max(num_maskmem - 1, max_obj_ptrs_in_encoder - 1), the farthest any
  // frame reads. A pass in the other direction, or a correction far from the last
  // tracked frame, therefore no longer sees frames the reference would still hold.
  static constexpr int kRetainedFrames = 15;

  VideoPredictor(Sam2Model model, FrameLoader loader, int numFrames, int videoHeight, int videoWidth,
                 VideoPredictorOptions options = {});

  // add_new_points_or_box: points (N, 2) as (x, y) in video pixels with labels (N)
  // (1 positive, 0 negative); box (4) x0, y0, x1, y1 or undefined; points or box may
  // be empty but not both.
  FrameResult addPoints(int frame, const torch::Tensor& points, const torch::Tensor& labels,
                        const torch::Tensor& box = {}, bool clearOldPoints = true);
  // add_new_mask: mask (H, W), nonzero = object.
  FrameResult addMask(int frame, const torch::Tensor& mask);
  // propagate_in_video: from start (default: the first conditioning frame) for up to
  // maxFrames frames (default: to the clip's end or start), calling onFrame for each.
  void propagate(const std::function<void(const FrameResult&)>& onFrame, std::optional<int> start = std::nullopt,
                 std::optional<int> maxFrames = std::nullopt, bool reverse = false);

  // Hands over a frame's image features computed ahead (forwardImage of the frame the
  // loader gives): they become the kept features, as if the predictor had computed them.
  void setFeatures(int frame, BackboneFeatures features);

  int numFrames() const { return numFrames_; }
  // Stored outputs (for the memory bound's test).
  size_t storedFrames() const;

 private:
  struct Output {
    torch::Tensor maskmemFeatures;  // bfloat16; undefined until encoded
    torch::Tensor predMasks, objPtr, objectScoreLogits;
    torch::Tensor visionFeatures;   // kept only until maskmemFeatures is encoded
  };
  using Outputs = std::map<int, Output>;
  struct PointInputs {
    torch::Tensor coords, labels;  // (1, N, 2) in model pixels, (1, N)
  };

  void checkFrame(int frame) const;  // throws std::out_of_range
  const BackboneFeatures& features(int frame);
  Output runSingleFrame(int frame, bool isInitCondFrame, const PointInputs* points, const torch::Tensor& mask,
                        bool reverse, bool runMemoryEncoder, const torch::Tensor& prevMaskLogits);
  FrameResult promptResult(int frame, bool isCond, const Output& out) const;
  FrameResult resultOf(int frame, bool isCond, const Output& out) const;
  void preflight();
  void dropFarMemories(int frame);
  static MemoryFrames memoryOf(const Outputs& outputs);

  Sam2Model model_;
  FrameLoader loader_;
  int numFrames_, videoHeight_, videoWidth_;
  VideoPredictorOptions options_;
  std::map<int, PointInputs> pointInputs_;
  std::map<int, torch::Tensor> maskInputs_;
  Outputs cond_, nonCond_, tempCond_, tempNonCond_;
  std::map<int, bool> framesTracked_;  // frame -> tracked in reverse
  int cachedFrame_ = -1;
  BackboneFeatures cachedFeatures_;
};

}  // namespace permanence::sam2
