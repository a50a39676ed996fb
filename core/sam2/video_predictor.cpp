#include "sam2/video_predictor.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace permanence::sam2 {
namespace {

namespace F = torch::nn::functional;

constexpr double kPrevLogitClamp = 32.0;  // prev_sam_mask_logits clamp
constexpr int64_t kBoxTopLeftLabel = 2, kBoxBottomRightLabel = 3;
constexpr double kMaskThreshold = 0.5;  // add_new_mask's binarisation after resizing

torch::Tensor resizeBilinear(const torch::Tensor& x, int64_t h, int64_t w, bool antialias = false) {
  return F::interpolate(x, F::InterpolateFuncOptions()
                               .size(std::vector<int64_t>{h, w})
                               .mode(torch::kBilinear)
                               .align_corners(false)
                               .antialias(antialias));
}

}  // namespace

VideoPredictor::VideoPredictor(Sam2Model model, FrameLoader loader, int numFrames, int videoHeight, int videoWidth,
                               VideoPredictorOptions options)
    : model_(std::move(model)),
      loader_(std::move(loader)),
      numFrames_(numFrames),
      videoHeight_(videoHeight),
      videoWidth_(videoWidth),
      options_(options) {
  if (numFrames <= 0 || videoHeight <= 0 || videoWidth <= 0)
    throw std::invalid_argument("SAM 2 video predictor: empty clip");
}

size_t VideoPredictor::storedFrames() const {
  return cond_.size() + nonCond_.size() + tempCond_.size() + tempNonCond_.size();
}

void VideoPredictor::checkFrame(int frame) const {
  if (frame < 0 || frame >= numFrames_)
    throw std::out_of_range("SAM 2 video predictor: frame " + std::to_string(frame) + " of " +
                            std::to_string(numFrames_));
}

const BackboneFeatures& VideoPredictor::features(int frame) {
  checkFrame(frame);
  if (frame != cachedFrame_) {
    cachedFeatures_ = model_->forwardImage(loader_(frame));
    cachedFrame_ = frame;
  }
  return cachedFeatures_;
}

void VideoPredictor::setFeatures(int frame, BackboneFeatures features) {
  checkFrame(frame);
  cachedFeatures_ = std::move(features);
  cachedFrame_ = frame;
}

MemoryFrames VideoPredictor::memoryOf(const Outputs& outputs) {
  MemoryFrames frames;
  for (const auto& [t, out] : outputs)
    if (out.maskmemFeatures.defined()) frames.emplace(t, FrameMemory{out.maskmemFeatures, out.objPtr});
  return frames;
}

VideoPredictor::Output VideoPredictor::runSingleFrame(int frame, bool isInitCondFrame, const PointInputs* points,
                                                      const torch::Tensor& mask, bool reverse, bool runMemoryEncoder,
                                                      const torch::Tensor& prevMaskLogits) {
  const BackboneFeatures& f = features(frame);
  SamHeadsOutput sam;
  if (mask.defined()) {
    sam = model_->useMaskAsOutput(f, mask);
  } else {
    torch::Tensor pixFeat =
        model_->conditionOnMemory(frame, isInitCondFrame, f, memoryOf(cond_), memoryOf(nonCond_), numFrames_, reverse);
    const int64_t numPoints = points ? points->labels.size(1) : 0;
    sam = model_->forwardSamHeads(pixFeat, points ? points->coords : torch::Tensor(),
                                  points ? points->labels : torch::Tensor(), prevMaskLogits, f,
                                  Sam2ModelImpl::useMultimask(numPoints));
  }
  Output out;
  out.predMasks = sam.lowResMasks;
  out.objPtr = sam.objPtr;
  out.objectScoreLogits = sam.objectScoreLogits;
  if (runMemoryEncoder) {
    out.maskmemFeatures =
        model_->encodeNewMemory(f.visionFeatures,
                                sam.highResMasks.defined() ? sam.highResMasks : model_->upsampleMasks(sam.lowResMasks),
                                sam.objectScoreLogits, points != nullptr)
            .to(torch::kBFloat16);
  } else {
    out.visionFeatures = f.visionFeatures;  // for the memory encoder when propagation starts
  }
  return out;
}

FrameResult VideoPredictor::resultOf(int frame, bool isCond, const Output& out) const {
  FrameResult r;
  r.frame = frame;
  r.isCond = isCond;
  r.predMasks = out.predMasks;
  r.videoResMasks = resizeBilinear(out.predMasks, videoHeight_, videoWidth_);
  r.objPtr = out.objPtr;
  r.objectScoreLogits = out.objectScoreLogits;
  r.maskmemFeatures = out.maskmemFeatures;
  return r;
}

FrameResult VideoPredictor::addPoints(int frame, const torch::Tensor& points, const torch::Tensor& labels,
                                      const torch::Tensor& box, bool clearOldPoints) {
  torch::NoGradGuard noGrad;
  checkFrame(frame);
  const bool hasPoints = points.defined() && points.numel() > 0;
  if (!hasPoints && !box.defined()) throw std::invalid_argument("SAM 2: a prompt needs points or a box");
  if (hasPoints && (points.dim() != 2 || points.size(1) != 2 || labels.numel() != points.size(0)))
    throw std::invalid_argument("SAM 2: points must be (N, 2) with N labels");
  if (box.defined() && !clearOldPoints)
    throw std::invalid_argument("SAM 2: a box must come before any point (add it with clearOldPoints)");
  // Prepared on the CPU (a handful of numbers), then moved to the model's device.
  torch::Tensor coords = hasPoints ? points.to(torch::kCPU, torch::kFloat32) : torch::zeros({0, 2});
  torch::Tensor pointLabels =
      hasPoints ? labels.to(torch::kCPU, torch::kInt64).reshape({-1}) : torch::zeros({0}, torch::kInt64);
  if (box.defined()) {
    // A box is its two corners, labelled 2 and 3, before the points.
    coords = torch::cat({box.to(torch::kCPU, torch::kFloat32).reshape({2, 2}), coords});
    pointLabels = torch::cat({torch::tensor({kBoxTopLeftLabel, kBoxBottomRightLabel}), pointLabels});
  }
  const double size = static_cast<double>(model_->config.imageSize);
  coords = coords / torch::tensor({static_cast<float>(videoWidth_), static_cast<float>(videoHeight_)}) * size;
  const torch::Device device = model_->maskmem_tpos_enc.device();
  PointInputs inputs{coords.unsqueeze(0).to(device), pointLabels.unsqueeze(0).to(device)};
  const auto previous = pointInputs_.find(frame);
  if (!clearOldPoints && previous != pointInputs_.end())
    inputs = {torch::cat({previous->second.coords, inputs.coords}, 1),
              torch::cat({previous->second.labels, inputs.labels}, 1)};
  pointInputs_[frame] = inputs;
  maskInputs_.erase(frame);

  const bool isInitCondFrame = !framesTracked_.count(frame);
  const bool reverse = isInitCondFrame ? false : framesTracked_[frame];
  const bool isCond = isInitCondFrame || options_.addAllFramesToCorrectAsCond;
  Outputs& temp = isCond ? tempCond_ : tempNonCond_;
  // The frame's latest logits (pending, conditioning or tracked) join the new clicks.
  torch::Tensor prevMaskLogits;
  for (const Outputs* outputs : {&temp, &cond_, &nonCond_}) {
    const auto it = outputs->find(frame);
    if (it == outputs->end()) continue;
    prevMaskLogits = torch::clamp(it->second.predMasks, -kPrevLogitClamp, kPrevLogitClamp);
    break;
  }
  temp[frame] = runSingleFrame(frame, isInitCondFrame, &pointInputs_[frame], {}, reverse, false, prevMaskLogits);
  return resultOf(frame, isCond, temp[frame]);
}

FrameResult VideoPredictor::addMask(int frame, const torch::Tensor& mask) {
  torch::NoGradGuard noGrad;
  checkFrame(frame);
  if (mask.dim() != 2) throw std::invalid_argument("SAM 2: a mask prompt must be (H, W)");
  const int64_t size = model_->config.imageSize;
  torch::Tensor input = (mask != 0).to(model_->maskmem_tpos_enc.device(), torch::kFloat32).unsqueeze(0).unsqueeze(0);
  if (mask.size(0) != size || mask.size(1) != size)
    input = (resizeBilinear(input, size, size, true) >= kMaskThreshold).to(torch::kFloat32);
  maskInputs_[frame] = input;
  pointInputs_.erase(frame);

  const bool isInitCondFrame = !framesTracked_.count(frame);
  const bool reverse = isInitCondFrame ? false : framesTracked_[frame];
  const bool isCond = isInitCondFrame || options_.addAllFramesToCorrectAsCond;
  Outputs& temp = isCond ? tempCond_ : tempNonCond_;
  temp[frame] = runSingleFrame(frame, isInitCondFrame, nullptr, input, reverse, false, {});
  return resultOf(frame, isCond, temp[frame]);
}

void VideoPredictor::preflight() {
  for (auto [temp, main] : {std::pair{&tempNonCond_, &nonCond_}, std::pair{&tempCond_, &cond_}}) {
    for (auto& [frame, out] : *temp) {
      if (!out.maskmemFeatures.defined()) {
        // Encoded from the stored low-res logits upsampled again, binarised (the user's input).
        out.maskmemFeatures =
            model_->encodeNewMemory(out.visionFeatures, model_->upsampleMasks(out.predMasks), out.objectScoreLogits, true)
                .to(torch::kBFloat16);
        out.visionFeatures = torch::Tensor();
      }
      (*main)[frame] = out;
    }
    temp->clear();
  }
  if (cond_.empty()) throw std::invalid_argument("SAM 2: no prompt yet: add points, a box or a mask first");
  for (const auto& entry : cond_) nonCond_.erase(entry.first);
}

void VideoPredictor::dropFarMemories(int frame) {
  for (auto it = nonCond_.begin(); it != nonCond_.end();)
    it = std::abs(it->first - frame) > kRetainedFrames ? nonCond_.erase(it) : std::next(it);
}

void VideoPredictor::propagate(const std::function<void(const FrameResult&)>& onFrame, std::optional<int> start,
                               std::optional<int> maxFrames, bool reverse) {
  torch::NoGradGuard noGrad;
  preflight();
  const int first = start.value_or(cond_.begin()->first);
  const int count = maxFrames.value_or(numFrames_);
  std::vector<int> order;
  if (reverse) {
    const int end = std::max(first - count, 0);
    if (first > 0)
      for (int t = first; t >= end; --t) order.push_back(t);
  } else {
    const int end = std::min(first + count, numFrames_ - 1);
    for (int t = first; t <= end; ++t) order.push_back(t);
  }
  for (int frame : order) {
    const auto condIt = cond_.find(frame);
    const bool isCond = condIt != cond_.end();
    if (!isCond) nonCond_[frame] = runSingleFrame(frame, false, nullptr, {}, reverse, true, {});
    framesTracked_[frame] = reverse;
    const FrameResult result = resultOf(frame, isCond, isCond ? condIt->second : nonCond_[frame]);
    dropFarMemories(frame);
    onFrame(result);
  }
}

}  // namespace permanence::sam2
