#include "sam2/sam2_prompt_tracker.h"

#include <algorithm>
#include <chrono>
#include <opencv2/imgproc.hpp>

#include "errors.h"
#include "sam2/sam2_device.h"
#include "sam2/sam2_file.h"
#include "sam2/sam2_preprocess.h"
#include "sam2/video_predictor.h"

namespace permanence::sam2 {
namespace {

torch::Tensor frameTensor(const cv::Mat& bgr, int64_t imageSize, torch::Device device) {
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  torch::Tensor hwc = torch::from_blob(rgb.data, {rgb.rows, rgb.cols, 3}, torch::kUInt8);
  return prepareFrames(hwc.permute({2, 0, 1}).unsqueeze(0).to(device), imageSize);
}

torch::Tensor maskTensor(const Mask& mask) {
  cv::Mat image = mask.toMat();
  return torch::from_blob(image.data, {image.rows, image.cols}, torch::kUInt8).clone();
}

Mask maskOf(const torch::Tensor& logits) {
  torch::Tensor binary = (logits.squeeze() > 0).to(torch::kUInt8).mul(255).contiguous().cpu();
  cv::Mat image(static_cast<int>(binary.size(0)), static_cast<int>(binary.size(1)), CV_8UC1, binary.data_ptr());
  return Mask::fromMat(image);
}

void checkPrompt(const FramePrompt& prompt, const FrameSource& frames) {
  const std::string where = frames.path() + ": prompt on frame " + std::to_string(prompt.frame);
  if (prompt.frame < 0 || prompt.frame >= frames.frameCount())
    throw InputError(where + " is outside the " + std::to_string(frames.frameCount()) + " frames");
  if (prompt.mask && prompt.mask->size() != frames.frameSize()) throw InputError(where + ": the mask is not the frames' size");
  if (prompt.clicks.empty() && !prompt.box && !prompt.mask) throw InputError(where + " is empty");
}

// One tracked frame (image encoder, memory attention, decoder, memory encoder) against
// the image encoder alone: harness_sam2 --model tiny --threads 2 on the 2-core machine
// gave 50.8 / 27.8 s = 1.8 at 1024 and 12.1 / 8.0 s = 1.5 at 512; the larger ratio,
// so the estimate errs long.
constexpr double kTrackedFramePerEncoding = 1.8;

// A prompt's clicks (N, 2) in frame pixels with their labels (N), and its box (4) or
// undefined, on the device.
struct PromptTensors {
  torch::Tensor points, labels, box;
};

PromptTensors promptTensors(const FramePrompt& prompt, torch::Device device) {
  std::vector<float> xy;
  std::vector<int64_t> labels;
  for (const ClickPrompt& c : prompt.clicks) {
    xy.insert(xy.end(), {static_cast<float>(c.x), static_cast<float>(c.y)});
    labels.push_back(c.positive ? 1 : 0);
  }
  PromptTensors out{torch::tensor(xy).reshape({-1, 2}).to(device), torch::tensor(labels).to(device), {}};
  if (prompt.box) {
    const BoxPrompt& b = *prompt.box;
    out.box = torch::tensor({static_cast<float>(b.x), static_cast<float>(b.y), static_cast<float>(b.x + b.width),
                             static_cast<float>(b.y + b.height)})
                  .to(device);
  }
  return out;
}

}  // namespace

Sam2PromptTracker::Sam2PromptTracker(Sam2Model model) : model_(std::move(model)) {}

std::unique_ptr<Sam2PromptTracker> Sam2PromptTracker::open(const TrackingBackendSettings& settings) {
  if (settings.weights.empty()) throw InputError("sam2: no --weights file given");
  return std::make_unique<Sam2PromptTracker>(loadSam2(settings.weights, parseSam2Device(settings.device)));
}

std::vector<Mask> Sam2PromptTracker::track(FrameSource& frames, const std::vector<FramePrompt>& prompts,
                                           JobContext& context) {
  if (prompts.empty()) throw InputError(frames.path() + ": sam2 needs a click, a box or a mask on some frame");
  for (const FramePrompt& prompt : prompts) checkPrompt(prompt, frames);
  std::lock_guard<std::mutex> lock(mutex_);
  torch::NoGradGuard noGrad;
  const int count = frames.frameCount();
  const cv::Size size = frames.frameSize();
  const int64_t imageSize = model_->config.imageSize;
  const torch::Device device = model_->maskmem_tpos_enc.device();
  VideoPredictor predictor(
      model_, [&](int t) { return frameTensor(frames.readFrame(t), imageSize, device); }, count, size.height,
      size.width, VideoPredictorOptions{true});

  std::vector<FramePrompt> ordered = prompts;
  std::sort(ordered.begin(), ordered.end(), [](const FramePrompt& a, const FramePrompt& b) { return a.frame < b.frame; });
  for (const FramePrompt& prompt : ordered) {
    context.throwIfCancelled();
    if (prompt.mask) predictor.addMask(prompt.frame, maskTensor(*prompt.mask).to(device));
    if (prompt.clicks.empty() && !prompt.box) continue;
    const PromptTensors p = promptTensors(prompt, device);
    // Clicks after a mask on the same frame refine it: the mask's logits join them.
    predictor.addPoints(prompt.frame, p.points, p.labels, p.box);
  }

  std::vector<Mask> masks(count, Mask(size.width, size.height));
  int done = 0;
  auto store = [&](const FrameResult& r) {
    masks[r.frame] = maskOf(r.videoResMasks);
    context.report(++done, count, "sam2");
  };
  predictor.propagate(store);
  const int first = ordered.front().frame;
  done = count - first - 1;  // the backward pass repeats the first prompted frame
  predictor.propagate(store, first, std::nullopt, true);
  return masks;
}

void Sam2PromptTracker::prepare(FrameSource& frames, int frame) {
  std::lock_guard<std::mutex> lock(mutex_);
  prepareLocked(frames, frame);
}

void Sam2PromptTracker::prepareLocked(FrameSource& frames, int frame) {
  if (frame < 0 || frame >= frames.frameCount())
    throw InputError(frames.path() + ": frame " + std::to_string(frame) + " is outside the " +
                     std::to_string(frames.frameCount()) + " frames");
  if (prepared_.path == frames.path() && prepared_.frame == frame) return;
  torch::NoGradGuard noGrad;
  const auto start = std::chrono::steady_clock::now();
  const torch::Device device = model_->maskmem_tpos_enc.device();
  prepared_ = {frames.path(), frame,
               model_->forwardImage(frameTensor(frames.readFrame(frame), model_->config.imageSize, device))};
  encoderSeconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Mask Sam2PromptTracker::segment(FrameSource& frames, const FramePrompt& prompt) {
  checkPrompt(prompt, frames);
  if (prompt.clicks.empty() && !prompt.box)
    throw InputError(frames.path() + ": sam2 segments a frame from clicks or a box");
  std::lock_guard<std::mutex> lock(mutex_);
  prepareLocked(frames, prompt.frame);
  torch::NoGradGuard noGrad;
  const cv::Size size = frames.frameSize();
  const torch::Device device = model_->maskmem_tpos_enc.device();
  // A predictor of the clip that has seen nothing but this frame's features: the
  // prompt's frame is its first conditioning frame, as on a fresh click.
  VideoPredictor predictor(
      model_, [&](int t) { return frameTensor(frames.readFrame(t), model_->config.imageSize, device); },
      frames.frameCount(), size.height, size.width);
  predictor.setFeatures(prompt.frame, prepared_.features);
  const PromptTensors p = promptTensors(prompt, device);
  return maskOf(predictor.addPoints(prompt.frame, p.points, p.labels, p.box).videoResMasks);
}

double Sam2PromptTracker::estimateTrackSeconds(int frames) const {
  return encoderSeconds_ * kTrackedFramePerEncoding * frames;
}

bool Sam2PromptTracker::runsOnCpu() const { return model_->maskmem_tpos_enc.device().is_cpu(); }

}  // namespace permanence::sam2
