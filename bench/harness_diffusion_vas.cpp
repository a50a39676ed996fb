// Diffusion-VAS stage 1 (amodal masks) and stage 2 (content) end to end on random
// weights written in the published layout: per-stage time and peak memory.
//   harness_diffusion_vas                       tiny architecture, CPU, 25 frames at 64x32
//   harness_diffusion_vas --full --device cuda  full size (SVD-xt UNet, ViT-H CLIP, vitl depth),
//                                               25 frames at 512x256, bf16 UNet/CLIP, fp32 VAE
// Options: --device cpu|cuda[:N][+fp16|+bf16], --frames N, --topk K, --steps S, --keep DIR
// (write the weights once into DIR and reuse them). Each stage runs twice: the first
// run includes loading the models, the second is the steady-state figure.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "diffusion/diffusion_amodal_masker.h"
#include "diffusion/diffusion_content_completer.h"
#include "diffusion/vas_random_weights.h"
#include "media/memory_frame_source.h"
#include "synth/synthetic_scene.h"

namespace {

using namespace permanence;
using namespace permanence::diffusion;

double peakRssGiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / (1024.0 * 1024.0);
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Options {
  bool full = false;
  std::string device = "cpu";
  int frames = 25, topK = 1, steps = 25;
  std::string keep;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool hasValue = i + 1 < argc;
    if (arg == "--full") o.full = true;
    else if (arg == "--device" && hasValue) o.device = argv[++i];
    else if (arg == "--frames" && hasValue) o.frames = std::stoi(argv[++i]);
    else if (arg == "--topk" && hasValue) o.topK = std::stoi(argv[++i]);
    else if (arg == "--steps" && hasValue) o.steps = std::stoi(argv[++i]);
    else if (arg == "--keep" && hasValue) o.keep = argv[++i];
    else throw std::invalid_argument("usage: harness_diffusion_vas [--full] [--device D] [--frames N] [--topk K] "
                                     "[--steps S] [--keep DIR]");
  }
  return o;
}

DiffusionBackendConfig config(const Options& o, const std::filesystem::path& weights, const char* folder) {
  DiffusionBackendConfig c;
  c.pipelineFolder = weights / folder;
  c.depthWeights = weights / (o.full ? "depth_anything_v2_vitl.safetensors" : "depth_anything_v2_vits.safetensors");
  c.device = VasDevice::parse(o.device);
  c.settings = o.full ? VasSettings{} : tinyVasSettings();
  c.settings.windowFrames = 25;
  c.settings.steps = o.steps;
  c.settings.samplesPerBatch = o.topK;
  if (!o.full) c.depthInputSize = 56;
  return c;
}

void row(const char* stage, int run, double seconds, const Options& o) {
  std::printf("| %s | %d | %s | %s | %d | %d | %.2f | %.2f |\n", stage, run, o.full ? "full" : "tiny",
              o.device.c_str(), o.frames, o.topK, seconds, peakRssGiB());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    const auto architecture = o.full ? VasArchitecture::FullSize : VasArchitecture::Tiny;
    const std::filesystem::path weights =
        o.keep.empty() ? std::filesystem::temp_directory_path() /
                             (o.full ? "permanence-vas-harness-full" : "permanence-vas-harness-tiny")
                       : std::filesystem::path(o.keep);
    auto start = std::chrono::steady_clock::now();
    if (!std::filesystem::exists(weights / kAmodalPipelineFolder)) writeRandomVasWeights(weights, architecture);
    std::printf("weights in %s (%.1f s to write or find)\n\n", weights.c_str(), secondsSince(start));

    SyntheticSceneSpec spec;
    spec.width = o.full ? 854 : 160;
    spec.height = o.full ? 480 : 96;
    spec.frames = o.frames;
    const SyntheticScene scene = makeSyntheticScene(spec);
    MemoryFrameSource source(scene.frames);
    auto context = JobContext::detached();

    std::printf("| stage | run | model | device | frames | K | seconds | peak RSS GiB |\n|---|---|---|---|---|---|---|---|\n");
    DiffusionAmodalMasker masker(config(o, weights, kAmodalPipelineFolder));
    AmodalInput amodalInput{&source, scene.target.modal, {}, {}};
    std::vector<AmodalSample> shapes;
    for (int run = 1; run <= 2; ++run) {
      start = std::chrono::steady_clock::now();
      shapes = masker.infer(amodalInput, {o.topK, 0}, context);
      row("1 amodal", run, secondsSince(start), o);
    }
    DiffusionContentCompleter completer(config(o, weights, kContentPipelineFolder));
    CompletionInput completionInput{&source, scene.target.modal, shapes[0].masks};
    for (int run = 1; run <= 2; ++run) {
      start = std::chrono::steady_clock::now();
      completer.complete(completionInput, {o.topK, 0, 0}, [](int, int, const cv::Mat&) {}, context);
      row("2 content", run, secondsSince(start), o);
    }
    if (o.keep.empty()) std::filesystem::remove_all(weights);
    std::printf("\nthreads %d; run 1 includes loading the models; the goal is <= 5 s per stage per sample "
                "(full size, one H200, bf16)\n",
                torch::get_num_threads());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "harness_diffusion_vas: %s\n", e.what());
    return 1;
  }
  return 0;
}
