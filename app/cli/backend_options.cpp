#include "backend_options.h"

#include "arguments.h"

namespace permanence::cli {
namespace {

// The UNet halves the VAE's 1/8 latent three times, so each side is a multiple of
// 64; 2048 px keeps a 25-frame window's activations within a large GPU's memory.
constexpr int kWorkSizeStep = 64;
constexpr int kMaxWorkSide = 2048;

void setWorkSize(const std::string& text, ModelBackendSettings& settings) {
  const Size2 size = parseSize(text, "--work-size");
  for (const int side : {size.width, size.height})
    if (side < kWorkSizeStep || side > kMaxWorkSide || side % kWorkSizeStep != 0)
      throw CLI::ValidationError("--work-size", "'" + text + "': each side is a multiple of " +
                                                    std::to_string(kWorkSizeStep) + " from " +
                                                    std::to_string(kWorkSizeStep) + " to " + std::to_string(kMaxWorkSide));
  settings.workWidth = size.width;
  settings.workHeight = size.height;
}

}  // namespace

void addBackendOptions(CLI::App* command, ModelBackendSettings& settings) {
  command->add_option("--weights-dir", settings.weightsDir,
                      "diffusion: folder with diffusion-vas-amodal-segmentation/, diffusion-vas-content-completion/ "
                      "and depth_anything_v2_<encoder>.safetensors");
  command->add_option("--depth-weights", settings.depthWeights,
                      "diffusion: Depth Anything V2 safetensors (default: found in --weights-dir)");
  command->add_option("--device", settings.device, "diffusion: cpu, cuda, cuda:N, optionally +fp16/+bf16; sam2: cpu, cuda, cuda:N");
  command->add_option("--steps", settings.steps, "diffusion: denoising steps (default 25)")->check(CLI::Range(2, 1000));
  command->add_option("--window-stride", settings.windowStride,
                      "diffusion: frames between the starts of overlapping 25-frame windows (default 4)")
      ->check(CLI::Range(1, 25));
  command
      ->add_option_function<std::string>(
          "--work-size",
          [&settings](const std::string& text) { setWorkSize(text, settings); },
          "diffusion: working resolution WIDTHxHEIGHT (default 512x256, the reference's)");
  command->add_option("--fps-id", settings.fpsId, "diffusion: added time id for the frame rate (default 7)")
      ->check(CLI::Range(0, 1000));
  command->add_flag("--corrected", settings.correctedVariant,
                    "diffusion: CLIP context laid out as in training instead of as in the reference code");
}

}  // namespace permanence::cli
