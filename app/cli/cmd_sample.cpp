// permanence-cli sample: writes a generated clip with an occlusion (and its exact
// ground truth), for the demo and for trying the pipeline without footage.
#include "commands.h"
#include "media/video_writer.h"
#include "synth/synthetic_scene.h"

#include <filesystem>

namespace permanence::cli {
namespace {

struct SampleArgs {
  std::string out;
  int width = 640, height = 360, frames = 50;
  std::uint64_t seed = 1;
};

int runSample(const SampleArgs& args) {
  SyntheticSceneSpec spec;
  spec.width = args.width;
  spec.height = args.height;
  spec.frames = args.frames;
  spec.seed = args.seed;
  const SyntheticScene scene = makeSyntheticScene(spec);
  std::filesystem::create_directories(args.out);
  const std::string video = (std::filesystem::path(args.out) / "sample.mp4").string();
  VideoWriterOptions options;
  options.crf = 16;
  VideoWriter writer(video, {args.width, args.height}, {25, 1}, options);
  for (const auto& frame : scene.frames) writer.write(frame);
  writer.finish();
  writeSyntheticScene(scene, (std::filesystem::path(args.out) / "truth").string());
  // The target's centre on frame 0: where a user would click it.
  const cv::Rect box = scene.target.modal[0].boundingBox();
  printSummary({{"command", "sample"},
                {"video", video},
                {"truth", (std::filesystem::path(args.out) / "truth").string()},
                {"frames", args.frames},
                {"click", std::to_string(box.x + box.width / 2) + "," + std::to_string(box.y + box.height / 2)}});
  return 0;
}

void registerSampleCommand(CLI::App& app, CommandAction& action) {
  auto* cmd = app.add_subcommand("sample", "write a generated clip with an occlusion and its ground truth");
  auto args = std::make_shared<SampleArgs>();
  cmd->add_option("--out", args->out, "output folder (sample.mp4 and truth/)")->required();
  cmd->add_option("--width", args->width)->check(CLI::Range(64, 4096));
  cmd->add_option("--height", args->height)->check(CLI::Range(64, 4096));
  cmd->add_option("--frames", args->frames)->check(CLI::Range(2, 10000));
  cmd->add_option("--seed", args->seed);
  cmd->callback([&action, args] { action = [args] { return runSample(*args); }; });
}

const CommandRegistration registration("sample", registerSampleCommand);

}  // namespace
}  // namespace permanence::cli
