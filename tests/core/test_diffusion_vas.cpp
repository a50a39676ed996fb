// The Diffusion-VAS backends end to end on tiny random weights the test writes in the
// published folder layout (CPU).
#include <gtest/gtest.h>

#include <fstream>

#include "diffusion/diffusion_amodal_masker.h"
#include "diffusion/diffusion_backends.h"
#include "diffusion/diffusion_content_completer.h"
#include "diffusion/windowed_sampling.h"
#include "errors.h"
#include "media/memory_frame_source.h"
#include "synth/synthetic_scene.h"
#include "test_paths.h"
#include "diffusion/vas_random_weights.h"
#include "nn/safetensors_writer.h"

namespace permanence::diffusion {
namespace {

class DiffusionVas : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    weights = new test::TempDir();
    writeRandomVasWeights(weights->path(), VasArchitecture::Tiny);
  }
  static void TearDownTestSuite() {
    delete weights;
    weights = nullptr;
  }

  void SetUp() override {
    SyntheticSceneSpec spec;
    spec.width = 96;
    spec.height = 64;
    spec.frames = 6;
    scene = makeSyntheticScene(spec);
    source = std::make_unique<MemoryFrameSource>(scene.frames);
  }

  static DiffusionBackendConfig config(const char* folder) {
    DiffusionBackendConfig c;
    c.pipelineFolder = weights->path() / folder;
    c.depthWeights = weights->path() / "depth_anything_v2_vits.safetensors";
    c.settings = tinyVasSettings();
    c.depthInputSize = 56;
    return c;
  }

  AmodalInput amodalInput() const {
    AmodalInput input;
    input.frames = source.get();
    input.modal = scene.target.modal;
    return input;
  }

  static inline test::TempDir* weights = nullptr;
  SyntheticScene scene;
  std::unique_ptr<MemoryFrameSource> source;
};

bool contains(const Mask& outer, const Mask& inner) { return cv::countNonZero(inner.toMat() & ~outer.toMat()) == 0; }

TEST_F(DiffusionVas, Stage1GivesRankedSamplesThatContainTheModalMasks) {
  DiffusionAmodalMasker masker(config(kAmodalPipelineFolder));
  auto context = JobContext::detached();
  const auto samples = masker.infer(amodalInput(), {2, 7}, context);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_GE(samples[0].score, samples[1].score);
  for (const auto& sample : samples) {
    ASSERT_EQ(sample.masks.size(), scene.frames.size());
    EXPECT_GE(sample.score, 0.0);
    EXPECT_LE(sample.score, 1.0);
    for (size_t i = 0; i < sample.masks.size(); ++i) {
      EXPECT_EQ(sample.masks[i].size(), scene.frames[i].size());
      EXPECT_TRUE(contains(sample.masks[i], scene.target.modal[i])) << "frame " << i;
    }
  }
}

TEST_F(DiffusionVas, Stage1SameSeedSameMasks) {
  DiffusionAmodalMasker masker(config(kAmodalPipelineFolder));
  auto context = JobContext::detached();
  const auto a = masker.infer(amodalInput(), {1, 3}, context);
  const auto b = masker.infer(amodalInput(), {1, 3}, context);
  EXPECT_EQ(a[0].masks, b[0].masks);
  EXPECT_EQ(a[0].label, "diffusion seed 3");
}

TEST_F(DiffusionVas, Stage2KeepsVisiblePixelsAndUsesTheAmodalMaskAsAlpha) {
  DiffusionContentCompleter completer(config(kContentPipelineFolder));
  CompletionInput input;
  input.frames = source.get();
  input.modal = scene.target.modal;
  input.amodal = scene.target.amodal;
  int layers = 0;
  auto sink = [&](int sample, int frame, const cv::Mat& bgra) {
    ++layers;
    ASSERT_EQ(bgra.type(), CV_8UC4);
    ASSERT_EQ(bgra.size(), scene.frames[frame].size());
    std::vector<cv::Mat> planes;
    cv::split(bgra, planes);
    EXPECT_EQ(cv::countNonZero(planes[3] != scene.target.amodal[frame].toMat()), 0) << "sample " << sample;
    std::vector<cv::Mat> original;
    cv::split(scene.frames[frame], original);
    const cv::Mat differs = (planes[0] != original[0]) | (planes[1] != original[1]) | (planes[2] != original[2]);
    EXPECT_EQ(cv::countNonZero(differs & scene.target.modal[frame].toMat()), 0);
  };
  auto context = JobContext::detached();
  const auto samples = completer.complete(input, {2, 0, 0}, sink, context);
  EXPECT_EQ(layers, 2 * static_cast<int>(scene.frames.size()));
  ASSERT_EQ(samples.size(), 2u);
  for (const auto& s : samples) EXPECT_TRUE(s.score >= 0.0 && s.score <= 1.0);
}

TEST_F(DiffusionVas, SeedsDecideTheSamples) {
  const auto folder = VasPipelineFolder::open(weights->path() / kAmodalPipelineFolder);
  VasModels models = VasModels::load(folder, VasDevice::parse("cpu"));
  VasPipeline pipeline(models, tinyVasSettings());
  auto context = JobContext::detached();
  auto condition = [](int64_t f) {
    torch::Tensor image = torch::full({3, 32, 64}, 0.1 * static_cast<double>(f));
    return VasConditionFrame{image, -image, image};
  };
  const auto conditioning = pipeline.encode(5, condition, 0, context);
  auto run = [&](std::vector<std::uint64_t> seeds) {
    std::vector<torch::Tensor> frames;
    pipeline.generate(conditioning, seeds, [&](int, int64_t, const torch::Tensor& rgb) { frames.push_back(rgb.clone()); },
                      context);
    return torch::stack(frames);
  };
  const auto a = run({11, 12});
  EXPECT_TRUE(torch::equal(a, run({11, 12})));
  EXPECT_TRUE(torch::equal(a.slice(0, 0, 5), run({11}).slice(0, 0, 5)));
  EXPECT_FALSE(torch::equal(a.slice(0, 0, 5), a.slice(0, 5, 10)));

  // Samples denoised in one batch are the samples denoised one by one (up to rounding).
  VasSettings batched = tinyVasSettings();
  batched.samplesPerBatch = 2;
  VasPipeline together(models, batched);
  std::vector<torch::Tensor> frames;
  together.generate(conditioning, {11, 12}, [&](int, int64_t, const torch::Tensor& rgb) { frames.push_back(rgb.clone()); },
                    context);
  EXPECT_LE((torch::stack(frames).to(torch::kInt32) - a.to(torch::kInt32)).abs().max().item<int>(), 1);
}

// With the real UNet: the latents a window starts each step from are, on frames two
// windows share, the mean of what both windows produced in the step before.
TEST_F(DiffusionVas, SharedFramesAverageTheirWindowsAtEveryStep) {
  const auto folder = VasPipelineFolder::open(weights->path() / kAmodalPipelineFolder);
  VasModels models = VasModels::load(folder, VasDevice::parse("cpu"));
  VasPipeline pipeline(models, tinyVasSettings());
  auto context = JobContext::detached();
  auto condition = [](int64_t f) {
    torch::Tensor image = torch::rand({3, 32, 64}, at::detail::createCPUGenerator(f)) * 2 - 1;
    return VasConditionFrame{image, -image, image};
  };
  const auto conditioning = pipeline.encode(6, condition, 0, context);
  std::map<std::pair<int, int64_t>, torch::Tensor> inputs, outputs;  // (step, window start)
  WindowStep step = [&](const torch::Tensor& x, int64_t start, int i) {
    inputs[{i, start}] = x.clone();
    outputs[{i, start}] = pipeline.denoiseWindow(x, conditioning, start, i);
    return outputs[{i, start}];
  };
  torch::Tensor noise = torch::randn({1, 6, 4, 4, 8}, at::detail::createCPUGenerator(1)) * 10;
  sampleInWindows(noise, 3, 4, 2, step, context, "test");
  for (int i = 0; i + 1 < 3; ++i) {
    // Frames 2 and 3 are frames 2-3 of window 0 and frames 0-1 of window 2.
    torch::Tensor mean = (outputs[{i, 0}].slice(1, 2, 4) + outputs[{i, 2}].slice(1, 0, 2)) / 2;
    EXPECT_TRUE(torch::allclose(inputs[{i + 1, 0}].slice(1, 2, 4), mean, 1e-5, 1e-5)) << "step " << i;
    EXPECT_TRUE(torch::allclose(inputs[{i + 1, 2}].slice(1, 0, 2), mean, 1e-5, 1e-5)) << "step " << i;
    EXPECT_FALSE(torch::allclose(outputs[{i, 0}].slice(1, 2, 4), outputs[{i, 2}].slice(1, 0, 2)));
    EXPECT_TRUE(torch::equal(inputs[{i + 1, 0}].slice(1, 0, 2), outputs[{i, 0}].slice(1, 0, 2)));
  }
}

TEST_F(DiffusionVas, ClipContextFollowsTheReferenceOrTheCorrectedLayout) {
  const auto folder = VasPipelineFolder::open(weights->path() / kAmodalPipelineFolder);
  VasModels models = VasModels::load(folder, VasDevice::parse("cpu"));
  torch::Tensor e = torch::tensor({{1.f}, {2.f}});  // frames 0 and 1, D = 1
  VasSettings settings = tinyVasSettings();
  // Reference: [0, e0, 0, e1] read as (uncond f0, uncond f1, cond f0, cond f1).
  EXPECT_TRUE(torch::equal(VasPipeline(models, settings).clipContext(e, 1).flatten(),
                           torch::tensor({0.f, 1.f, 0.f, 2.f})));
  settings.correctedClipContext = true;
  EXPECT_TRUE(torch::equal(VasPipeline(models, settings).clipContext(e, 2).flatten(),
                           torch::tensor({0.f, 0.f, 0.f, 0.f, 1.f, 2.f, 1.f, 2.f})));
}

TEST_F(DiffusionVas, CancelMidSamplingThrowsAndDeliversNothing) {
  DiffusionAmodalMasker masker(config(kAmodalPipelineFolder));
  auto token = std::make_shared<CancelToken>();
  int denoisingReports = 0;
  JobContext context(token, [&](const Progress& p) {
    if (p.label.find("denoising") != std::string::npos && ++denoisingReports == 3) token->cancel();
  });
  EXPECT_THROW(masker.infer(amodalInput(), {1, 0}, context), Cancelled);
  EXPECT_EQ(denoisingReports, 3);
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no InputError)";
}

TEST_F(DiffusionVas, MissingOrWrongWeightsAreNamed) {
  test::TempDir broken;
  const auto pipeline = broken.path() / kAmodalPipelineFolder;
  writeRandomVasPipeline(pipeline, VasArchitecture::Tiny, 4);
  std::filesystem::copy_file(weights->path() / "depth_anything_v2_vits.safetensors",
                             broken.path() / "depth_anything_v2_vits.safetensors");
  ModelBackendSettings settings;
  settings.weightsDir = broken.path().string();
  settings.device = "cpu";
  auto open = [&] { DiffusionAmodalMasker masker(DiffusionBackendConfig::forAmodal(settings)); };

  EXPECT_NE(errorOf([&] { DiffusionBackendConfig::forAmodal({}); }).find("--weights-dir"), std::string::npos);
  EXPECT_NE(errorOf([&] { DiffusionContentCompleter(DiffusionBackendConfig::forCompletion(settings)); })
                .find(std::string(kContentPipelineFolder) + ": not a folder"),
            std::string::npos);
  EXPECT_EQ(errorOf(open), "(no InputError)");

  std::filesystem::rename(pipeline / "vae", broken.path() / "vae");
  EXPECT_NE(errorOf(open).find("component folders missing: vae"), std::string::npos);
  std::filesystem::rename(broken.path() / "vae", pipeline / "vae");

  std::filesystem::rename(pipeline / "unet" / "diffusion_pytorch_model.safetensors", broken / "unet.safetensors");
  EXPECT_NE(errorOf(open).find("no weights found"), std::string::npos);

  // A plain SVD UNet (no conv_in2) is not a Diffusion-VAS one.
  diffusion::UNetSpatioTemporalConditionModel svd(
      UNetConfig::fromJson(nlohmann::json::parse(std::ifstream(pipeline / "unet" / "config.json")), "unet"));
  nn::saveSafetensors((pipeline / "unet" / "diffusion_pytorch_model.safetensors").string(), nn::moduleStateDict(*svd));
  EXPECT_NE(errorOf(open).find("conv_in2.weight"), std::string::npos);

  // A key renamed: found by the strict load, before any weight is read.
  auto tensors = nn::loadAllTensors(broken / "unet.safetensors");
  tensors["conv_in2.weights"] = tensors.at("conv_in2.weight");
  tensors.erase("conv_in2.weight");
  tensors["conv_in2.weight"] = tensors.at("conv_in2.weights");
  tensors.erase("conv_out.bias");
  nn::saveSafetensors((pipeline / "unet" / "diffusion_pytorch_model.safetensors").string(), tensors);
  auto context = JobContext::detached();
  const std::string loadError = errorOf([&] {
    DiffusionAmodalMasker(DiffusionBackendConfig::forAmodal(settings)).infer(amodalInput(), {1, 0}, context);
  });
  EXPECT_NE(loadError.find("missing keys: conv_out.bias"), std::string::npos) << loadError;
  EXPECT_NE(loadError.find("unexpected keys: conv_in2.weights"), std::string::npos) << loadError;

  std::filesystem::remove(broken.path() / "depth_anything_v2_vits.safetensors");
  EXPECT_NE(errorOf(open).find("depth_anything_v2"), std::string::npos);
  settings.depthWeights = (broken / "unet.safetensors");
  EXPECT_NE(errorOf(open).find("not a Depth Anything V2 checkpoint"), std::string::npos);
}

TEST_F(DiffusionVas, UserSettingsReachThePipeline) {
  ModelBackendSettings settings;
  settings.weightsDir = weights->path().string();
  settings.device = "cpu";
  DiffusionBackendConfig defaults = DiffusionBackendConfig::forAmodal(settings);
  EXPECT_EQ(defaults.settings.steps, 25);
  EXPECT_EQ(defaults.settings.windowStride, 4);
  EXPECT_EQ(defaults.settings.width, 512);
  EXPECT_EQ(defaults.settings.fpsId, 7);
  EXPECT_FALSE(defaults.settings.correctedClipContext);
  EXPECT_EQ(defaults.depthWeights, weights->path() / "depth_anything_v2_vits.safetensors");
  settings.steps = 10;
  settings.windowStride = 8;
  settings.workWidth = 256;
  settings.workHeight = 128;
  settings.fpsId = 6;
  settings.correctedVariant = true;
  const DiffusionBackendConfig c = DiffusionBackendConfig::forCompletion(settings);
  EXPECT_EQ(c.pipelineFolder, weights->path() / kContentPipelineFolder);
  EXPECT_EQ(c.settings.steps, 10);
  EXPECT_EQ(c.settings.windowStride, 8);
  EXPECT_EQ(c.settings.width, 256);
  EXPECT_EQ(c.settings.height, 128);
  EXPECT_EQ(c.settings.fpsId, 6);
  EXPECT_TRUE(c.settings.correctedClipContext);
}

TEST_F(DiffusionVas, RegistersAsTheDiffusionBackend) {
  registerDiffusionBackends(BackendRegistry::instance());
  ModelBackendSettings settings;
  settings.weightsDir = weights->path().string();
  settings.device = "cpu";
  EXPECT_EQ(makeAmodalMasker("diffusion", settings)->name(), "diffusion");
  EXPECT_EQ(makeContentCompleter("diffusion", settings)->name(), "diffusion");
  settings.device = "tpu";
  EXPECT_THROW(makeAmodalMasker("diffusion", settings), InputError);
}

}  // namespace
}  // namespace permanence::diffusion
