#include "diffusion/diffusion_amodal_masker.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

#include "depth/depth_anything_file.h"
#include "depth/depth_image.h"
#include "diffusion/reference_resize.h"
#include "errors.h"
#include "mask/metrics.h"

namespace permanence::diffusion {
namespace {

// A CV_32FC1 image in [0, 1] as 3 channels in [-1, 1], (3, H, W).
torch::Tensor threeChannels(const torch::Tensor& unit) { return (unit * 2 - 1).unsqueeze(0).repeat({3, 1, 1}); }

torch::Tensor fromMat32(const cv::Mat& image) {
  return torch::from_blob(image.data, {image.rows, image.cols}, torch::kFloat32).clone();
}

cv::Mat resizedUnitMask(const Mask& mask, cv::Size size) {
  cv::Mat unit;
  mask.toMat().convertTo(unit, CV_32F, 1.0 / 255.0);
  return resizeLikeReference(unit, size);
}

double temporalStability(const std::vector<Mask>& masks) {
  if (masks.size() < 2) return 1.0;
  double sum = 0;
  for (size_t i = 1; i < masks.size(); ++i) sum += iou(masks[i - 1], masks[i]);
  return sum / static_cast<double>(masks.size() - 1);
}

}  // namespace

DiffusionAmodalMasker::DiffusionAmodalMasker(DiffusionBackendConfig config)
    : config_(std::move(config)), folder_(VasPipelineFolder::open(config_.pipelineFolder)) {
  depth::depthConfigFromFile(config_.depthWeights.string());
}

void DiffusionAmodalMasker::loadModels() {
  if (models_) return;
  models_.emplace(VasModels::load(folder_, config_.device));
  depth_ = depth::loadDepthAnything(config_.depthWeights.string(), config_.device.device);
}

torch::Tensor DiffusionAmodalMasker::clipDepth(const AmodalInput& input, const std::vector<cv::Mat>& frames,
                                               JobContext& context) {
  torch::NoGradGuard noGrad;
  const auto& s = config_.settings;
  std::vector<torch::Tensor> maps;
  for (size_t i = 0; i < frames.size(); ++i) {
    context.report(static_cast<int64_t>(i), static_cast<int64_t>(frames.size()), "diffusion: depth");
    if (!input.nearness.empty()) {
      cv::Mat resized;
      cv::resize(input.nearness[i], resized, cv::Size(static_cast<int>(s.width), static_cast<int>(s.height)), 0, 0,
                 cv::INTER_LINEAR);
      maps.push_back(fromMat32(resized));
      continue;
    }
    torch::Tensor image = depth::depthPreprocess(frames[i], config_.depthInputSize).to(config_.device.device);
    torch::Tensor depth = depth_->forward(image).unsqueeze(1);
    depth = torch::nn::functional::interpolate(
        depth, torch::nn::functional::InterpolateFuncOptions()
                   .size(std::vector<int64_t>{s.height, s.width})
                   .mode(torch::kBilinear)
                   .align_corners(true));
    maps.push_back(depth[0][0].to(torch::kCPU));
  }
  return depth::normalizeDepthMinMax(torch::stack(maps));
}

std::vector<AmodalSample> DiffusionAmodalMasker::infer(const AmodalInput& input, const AmodalOptions& options,
                                                       JobContext& context) {
  validateAmodalInput(input);
  if (options.topK < 1) throw InputError("amodal: --topk must be at least 1");
  loadModels();
  const auto& s = config_.settings;
  const cv::Size work(static_cast<int>(s.width), static_cast<int>(s.height));
  const int count = input.frames->frameCount();
  const cv::Size size = input.frames->frameSize();

  std::vector<cv::Mat> frames(count), modal(count);
  for (int i = 0; i < count; ++i) {
    context.report(i, count, "diffusion: reading frames");
    frames[i] = resizeLikeReference(input.frames->readFrame(i), work);
    modal[i] = resizedUnitMask(input.modal[i], work);
  }
  const torch::Tensor depth = clipDepth(input, frames, context);

  VasPipeline pipeline(*models_, s);
  auto source = [&](int64_t f) {
    torch::Tensor mask = threeChannels(fromMat32(modal[f]));
    return VasConditionFrame{mask, threeChannels(depth[f]), mask};
  };
  const VasConditioning conditioning = pipeline.encode(count, source, options.seed, context);

  std::vector<std::uint64_t> seeds;
  for (int k = 0; k < options.topK; ++k) seeds.push_back(options.seed + static_cast<std::uint64_t>(k));
  std::vector<AmodalSample> samples(seeds.size());
  std::vector<double> coverage(seeds.size(), 0.0);
  std::vector<int> visibleFrames(seeds.size(), 0);
  for (auto& sample : samples) sample.masks.resize(count);
  auto sink = [&](int k, int64_t f, const torch::Tensor& rgb) {
    torch::Tensor predicted = (rgb.to(torch::kInt32).sum(-1) > 600).to(torch::kUInt8).mul(255).contiguous();
    cv::Mat raw;
    cv::resize(cv::Mat(work, CV_8UC1, predicted.data_ptr()), raw, size, 0, 0, cv::INTER_NEAREST);
    const cv::Mat visible = input.modal[f].toMat();
    if (const int area = cv::countNonZero(visible)) {
      coverage[k] += static_cast<double>(cv::countNonZero(raw & visible)) / area;
      ++visibleFrames[k];
    }
    samples[k].masks[f] = Mask::fromMat(raw | visible);
  };
  pipeline.generate(conditioning, seeds, sink, context);

  for (size_t k = 0; k < samples.size(); ++k) {
    const double evidence = visibleFrames[k] ? coverage[k] / visibleFrames[k] : 1.0;
    samples[k].score = 0.5 * temporalStability(samples[k].masks) + 0.5 * evidence;
    samples[k].label = "diffusion seed " + std::to_string(seeds[k]);
  }
  std::stable_sort(samples.begin(), samples.end(),
                   [](const AmodalSample& a, const AmodalSample& b) { return a.score > b.score; });
  return samples;
}

}  // namespace permanence::diffusion
