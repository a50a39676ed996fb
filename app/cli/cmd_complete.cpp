// permanence-cli complete: stage 2, the object's hidden pixels as RGBA layers, or
// with --background the plate with the object removed.
#include "backend_options.h"
#include "commands.h"
#include "complete/background_plate.h"
#include "complete/content_completer.h"
#include "errors.h"
#include "exit_status.h"
#include "interrupt.h"
#include "mask/mask_sequence.h"
#include "media/image_sequence_writer.h"
#include "output_folder.h"

#include <algorithm>
#include <numeric>

namespace permanence::cli {
namespace {

struct CompleteArgs {
  ModelBackendSettings backendSettings;
  std::string frames, masks, amodal, out, backend = "classic";
  int topK = 1;
  int feather = 0;
  std::uint64_t seed = 0;
  bool background = false;
  bool force = false;
};

int runBackground(const CompleteArgs& args, FrameSource& frames) {
  // The visible pixels go; the hidden part shows what hides it, which stays.
  const auto remove = loadMaskSequence(args.masks, frames);
  OutputFolder out(args.out, {"complete", "--out", args.force, {args.frames, args.masks}});
  out.refuseExisting(sequenceEntries(frameNames(frames), 1));
  ImageSequenceWriter writer(out.staging().string(), ImageSequenceWriter::Placement::Direct);
  ProgressPrinter progress;
  JobContext context(interruptToken(), progress.callback());
  atStage("background plate", args.frames, [&] {
    fillBackground(frames, remove, {}, [&](int t, const cv::Mat& bgr) { writer.write(frames.frameName(t), bgr); },
                   context);
  });
  progress.finish();
  writer.finish();
  out.publish();
  printSummary({{"command", "complete"}, {"mode", "background"}, {"frames", frames.frameCount()}, {"out", args.out}});
  return 0;
}

int runLayers(const CompleteArgs& args, FrameSource& frames) {
  if (args.amodal.empty()) throw InputError("complete: --amodal is required (or use --background)");
  CompletionInput input;
  input.frames = &frames;
  input.modal = loadMaskSequence(args.masks, frames);
  input.amodal = loadMaskSequence(args.amodal, frames);
  auto completer = makeContentCompleter(args.backend, args.backendSettings);
  OutputFolder out(args.out, {"complete", "--out", args.force, {args.frames, args.masks, args.amodal}});
  out.refuseExisting(sequenceEntries(frameNames(frames), args.topK));
  ImageSequenceWriter writer(out.staging().string(), ImageSequenceWriter::Placement::Direct);
  ProgressPrinter progress;
  JobContext context(interruptToken(), progress.callback());
  // Every sample goes to sample_k/ (k = sample order); the best one is copied into
  // the folder itself once the scores are known.
  const bool many = args.topK > 1;
  const auto samples = atStage("completion", args.frames, [&] {
    return completer->complete(
        input, {args.topK, args.seed, args.feather},
        [&](int k, int t, const cv::Mat& layer) {
          const std::string name = frames.frameName(t);
          writer.write(many ? "sample_" + std::to_string(k + 1) + "/" + name : name, layer);
        },
        context);
  });
  progress.finish();
  std::vector<int> order(samples.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return samples[a].score > samples[b].score; });
  nlohmann::json ranked = nlohmann::json::array();
  for (int k : order) ranked.push_back({{"sample", k + 1}, {"score", samples[k].score}, {"hypothesis", samples[k].label}});
  writer.finish();
  if (many) copyBestSample(out.staging().string(), "sample_" + std::to_string(order[0] + 1));
  out.publish();
  printSummary({{"command", "complete"},
                {"backend", completer->name()},
                {"frames", frames.frameCount()},
                {"topk", samples.size()},
                {"best_sample", order[0] + 1},
                {"samples", ranked},
                {"out", args.out}});
  return 0;
}

void registerCompleteCommand(CLI::App& app, CommandAction& action) {
  auto* cmd = app.add_subcommand("complete", "paint the hidden part of an object (RGBA layers) or the background plate");
  auto args = std::make_shared<CompleteArgs>();
  cmd->add_option("--frames", args->frames, "video file or folder of frames")->required();
  cmd->add_option("--masks", args->masks, "folder of modal mask PNGs named after the frames")->required();
  cmd->add_option("--amodal", args->amodal, "folder of amodal mask PNGs (stage 1 output)");
  cmd->add_option("--out", args->out, "output folder")->required();
  cmd->add_option("--topk", args->topK, "number of ranked samples")->check(CLI::Range(1, 16));
  cmd->add_option("--feather", args->feather, "soften the layer edge by this many pixels")->check(CLI::Range(0, 50));
  cmd->add_option("--seed", args->seed, "seed of the hypotheses (0: the documented default set)");
  cmd->add_option("--backend", args->backend, "classic (default), diffusion");
  cmd->add_flag("--force", args->force, "replace layers or frames of the same names in --out");
  addBackendOptions(cmd, args->backendSettings);
  cmd->add_flag("--background", args->background, "write the background plate with the object's visible pixels (--masks) removed");
  cmd->callback([&action, args] {
    action = [args] {
      auto frames = openFrameSource(args->frames);
      return args->background ? runBackground(*args, *frames) : runLayers(*args, *frames);
    };
  });
}

const CommandRegistration registration("complete", registerCompleteCommand);

}  // namespace
}  // namespace permanence::cli
