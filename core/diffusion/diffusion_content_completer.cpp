#include "diffusion/diffusion_content_completer.h"

#include <opencv2/imgproc.hpp>

#include "diffusion/reference_resize.h"
#include "errors.h"

namespace permanence::diffusion {
namespace {

// An 8-bit image (H, W, C) as a float tensor (C, H, W) in [-1, 1].
torch::Tensor toSigned(const cv::Mat& image) {
  cv::Mat unit;
  image.convertTo(unit, CV_32F, 2.0 / 255.0, -1.0);
  return torch::from_blob(unit.data, {unit.rows, unit.cols, unit.channels()}, torch::kFloat32)
      .permute({2, 0, 1})
      .clone();
}

cv::Mat toLayer(const cv::Mat& bgr, const cv::Mat& alpha, int feather) {
  cv::Mat a = alpha;
  if (feather > 0) cv::GaussianBlur(alpha, a, cv::Size(), feather / 2.0);
  std::vector<cv::Mat> planes;
  cv::split(bgr, planes);
  planes.push_back(a);
  cv::Mat layer;
  cv::merge(planes, layer);
  layer.setTo(cv::Scalar::all(0), a == 0);
  return layer;
}

// Running sums of one sample's score terms.
struct ScoreSums {
  double visibleError = 0, hiddenChange = 0;
  int visibleFrames = 0, hiddenPairs = 0;
  cv::Mat previous, previousHidden;
  double score() const {
    const double evidence = visibleFrames ? 1.0 - visibleError / visibleFrames : 1.0;
    const double stability = hiddenPairs ? 1.0 - hiddenChange / hiddenPairs : 1.0;
    return 0.5 * evidence + 0.5 * stability;
  }
};

double meanAbsDiff(const cv::Mat& a, const cv::Mat& b, const cv::Mat& where) {
  if (cv::countNonZero(where) == 0) return 0;
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  const cv::Scalar mean = cv::mean(diff, where);
  return (mean[0] + mean[1] + mean[2]) / (3.0 * 255.0);
}

}  // namespace

DiffusionContentCompleter::DiffusionContentCompleter(DiffusionBackendConfig config)
    : config_(std::move(config)), folder_(VasPipelineFolder::open(config_.pipelineFolder)) {}

std::vector<CompletionSample> DiffusionContentCompleter::complete(const CompletionInput& input,
                                                                  const CompletionOptions& options,
                                                                  const LayerSink& sink, JobContext& context) {
  validateCompletionInput(input);
  if (options.topK < 1) throw InputError("complete: --topk must be at least 1");
  if (!models_) models_.emplace(VasModels::load(folder_, config_.device));
  const auto& s = config_.settings;
  const cv::Size work(static_cast<int>(s.width), static_cast<int>(s.height));
  const int count = input.frames->frameCount();
  const cv::Size size = input.frames->frameSize();

  VasPipeline pipeline(*models_, s);
  auto source = [&](int64_t f) {
    cv::Mat frame = resizeLikeReference(input.frames->readFrame(static_cast<int>(f)), work);
    cv::cvtColor(frame, frame, cv::COLOR_BGR2RGB);
    const cv::Mat modal = resizeLikeReference(input.modal[f].toMat(), work);
    cv::Mat amodal;
    cv::resize(input.amodal[f].toMat() | input.modal[f].toMat(), amodal, work, 0, 0, cv::INTER_NEAREST);
    cv::Mat onWhite(work, CV_8UC3, cv::Scalar::all(255));
    frame.copyTo(onWhite, modal > 127);
    cv::Mat amodal3;
    cv::cvtColor(amodal, amodal3, cv::COLOR_GRAY2RGB);
    torch::Tensor condition = toSigned(onWhite);
    return VasConditionFrame{condition, toSigned(amodal3), condition};
  };
  const VasConditioning conditioning = pipeline.encode(count, source, options.seed, context);

  std::vector<std::uint64_t> seeds;
  for (int k = 0; k < options.topK; ++k) seeds.push_back(options.seed + static_cast<std::uint64_t>(k));
  std::vector<ScoreSums> sums(seeds.size());
  auto layerSink = [&](int k, int64_t f, const torch::Tensor& rgb) {
    cv::Mat generated, bgr;
    cv::cvtColor(cv::Mat(work, CV_8UC3, rgb.data_ptr()), bgr, cv::COLOR_RGB2BGR);
    cv::resize(bgr, generated, size, 0, 0, cv::INTER_LINEAR);
    const cv::Mat original = input.frames->readFrame(static_cast<int>(f));
    const cv::Mat visible = input.modal[f].toMat();
    const cv::Mat alpha = input.amodal[f].toMat() | visible;
    const cv::Mat hidden = alpha & ~visible;
    ScoreSums& score = sums[k];
    if (cv::countNonZero(visible)) {
      score.visibleError += meanAbsDiff(generated, original, visible);
      ++score.visibleFrames;
    }
    if (!score.previous.empty()) {
      score.hiddenChange += meanAbsDiff(generated, score.previous, hidden & score.previousHidden);
      ++score.hiddenPairs;
    }
    score.previous = generated.clone();
    score.previousHidden = hidden;
    original.copyTo(generated, visible);
    sink(k, static_cast<int>(f), toLayer(generated, alpha, options.featherPixels));
  };
  pipeline.generate(conditioning, seeds, layerSink, context);

  std::vector<CompletionSample> samples(seeds.size());
  for (size_t k = 0; k < seeds.size(); ++k) samples[k] = {sums[k].score(), "diffusion seed " + std::to_string(seeds[k])};
  return samples;
}

}  // namespace permanence::diffusion
