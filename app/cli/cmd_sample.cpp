// permanence-cli sample: writes a generated clip with an occlusion (and its exact
// ground truth), for the demo and for trying the pipeline without footage.
#include "commands.h"
#include "interrupt.h"
#include "media/video_writer.h"
#include "output_folder.h"
#include "synth/synthetic_scene.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>

namespace permanence::cli {
namespace {

struct SampleArgs {
  std::string out;
  int width = 640, height = 360, frames = 50;
  std::uint64_t seed = 1;
  bool force = false;
};

// Where a user would click the object on frame 0: well inside it, on its body
// colour rather than on one of the thin lines drawn over it.
cv::Point suggestedClick(const cv::Mat& frame, const Mask& object) {
  const cv::Mat mask = object.toMat();
  cv::Mat depth, smooth;
  cv::distanceTransform(mask, depth, cv::DIST_L2, 3);
  double deepest = 0;
  cv::minMaxLoc(depth, nullptr, &deepest);
  cv::blur(frame, smooth, {5, 5});
  std::vector<uchar> channel[3];
  for (int y = 0; y < frame.rows; ++y)
    for (int x = 0; x < frame.cols; ++x)
      if (mask.at<uchar>(y, x))
        for (int c = 0; c < 3; ++c) channel[c].push_back(frame.at<cv::Vec3b>(y, x)[c]);
  cv::Vec3f body;
  for (int c = 0; c < 3; ++c) {
    std::nth_element(channel[c].begin(), channel[c].begin() + channel[c].size() / 2, channel[c].end());
    body[c] = channel[c][channel[c].size() / 2];
  }
  cv::Point best;
  double bestDistance = 1e9;
  for (int y = 0; y < frame.rows; ++y)
    for (int x = 0; x < frame.cols; ++x)
      if (depth.at<float>(y, x) >= 0.5 * deepest) {
        const double d = cv::norm(cv::Vec3f(smooth.at<cv::Vec3b>(y, x)) - body);
        if (d < bestDistance) {
          bestDistance = d;
          best = {x, y};
        }
      }
  return best;
}

int runSample(const SampleArgs& args) {
  SyntheticSceneSpec spec;
  spec.width = args.width;
  spec.height = args.height;
  spec.frames = args.frames;
  spec.seed = args.seed;
  OutputFolder out(args.out, {"sample", "--out", args.force, {}});
  out.refuseExisting({"sample.mp4", "truth"});
  const SyntheticScene scene = makeSyntheticScene(spec);
  VideoWriterOptions options;
  options.crf = 16;
  VideoWriter writer((out.staging() / "sample.mp4").string(), {args.width, args.height}, {25, 1}, options);
  for (const auto& frame : scene.frames) {
    interruptToken()->throwIfCancelled();
    writer.write(frame);
  }
  writer.finish();
  writeSyntheticScene(scene, (out.staging() / "truth").string());
  const cv::Point click = suggestedClick(scene.frames[0], scene.target.modal[0]);
  out.publish();
  const std::string video = (out.path() / "sample.mp4").string();
  printSummary({{"command", "sample"},
                {"video", video},
                {"truth", (out.path() / "truth").string()},
                {"frames", args.frames},
                {"click", std::to_string(click.x) + "," + std::to_string(click.y)}});
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
  cmd->add_flag("--force", args->force, "replace sample.mp4 and truth/ of an earlier sample in --out");
  cmd->callback([&action, args] { action = [args] { return runSample(*args); }; });
}

const CommandRegistration registration("sample", registerSampleCommand);

}  // namespace
}  // namespace permanence::cli
