// permanence-cli amodal: stage 1, amodal masks from modal masks.
#include "amodal/amodal_masker.h"
#include "backend_options.h"
#include "commands.h"
#include "exit_status.h"
#include "interrupt.h"
#include "mask/mask_sequence.h"
#include "media/image_sequence_writer.h"
#include "output_folder.h"

namespace permanence::cli {
namespace {

struct AmodalArgs {
  ModelBackendSettings backendSettings;
  std::string frames, masks, out, backend = "classic";
  int topK = 1;
  std::uint64_t seed = 0;
  bool force = false;
};

int runAmodal(const AmodalArgs& args) {
  auto frames = openFrameSource(args.frames);
  AmodalInput input;
  input.frames = frames.get();
  input.modal = loadMaskSequence(args.masks, *frames);
  auto masker = makeAmodalMasker(args.backend, args.backendSettings);
  const std::vector<std::string> names = frameNames(*frames);
  OutputFolder out(args.out, {"amodal", "--out", args.force, {args.frames, args.masks}});
  out.refuseExisting(sequenceEntries(names, args.topK));

  ProgressPrinter progress;
  JobContext context(interruptToken(), progress.callback());
  const auto samples = atStage("amodal", args.masks, [&] { return masker->infer(input, {args.topK, args.seed}, context); });
  progress.finish();

  // Every sample goes to sample_k/ when there are several; the best (samples come
  // ranked) is then copied into the folder itself.
  ImageSequenceWriter writer(out.staging().string(), ImageSequenceWriter::Placement::Direct);
  const bool many = samples.size() > 1;
  nlohmann::json scores = nlohmann::json::array();
  for (size_t k = 0; k < samples.size(); ++k) {
    const std::string prefix = many ? "sample_" + std::to_string(k + 1) + "/" : "";
    for (int i = 0; i < frames->frameCount(); ++i) {
      context.throwIfCancelled();
      writer.write(prefix + names[i], samples[k].masks[i].toMat());
    }
    scores.push_back({{"sample", k + 1}, {"score", samples[k].score}, {"hypothesis", samples[k].label}});
  }
  writer.finish();
  if (many) copyBestSample(out.staging().string(), "sample_1");
  out.publish();
  printSummary({{"command", "amodal"},
                {"backend", masker->name()},
                {"frames", frames->frameCount()},
                {"topk", samples.size()},
                {"samples", scores},
                {"out", args.out}});
  return 0;
}

void registerAmodalCommand(CLI::App& app, CommandAction& action) {
  auto* cmd = app.add_subcommand("amodal", "infer full (amodal) masks from visible (modal) masks");
  auto args = std::make_shared<AmodalArgs>();
  cmd->add_option("--frames", args->frames, "video file or folder of frames")->required();
  cmd->add_option("--masks", args->masks, "folder of modal mask PNGs named after the frames")->required();
  cmd->add_option("--out", args->out, "output folder (best sample; sample_k/ when --topk > 1)")->required();
  cmd->add_option("--topk", args->topK, "number of ranked hypotheses")->check(CLI::Range(1, 16));
  cmd->add_option("--backend", args->backend, "classic (default), diffusion");
  cmd->add_flag("--force", args->force, "replace masks of the same names in --out");
  addBackendOptions(cmd, args->backendSettings);
  cmd->add_option("--seed", args->seed, "seed of the hypotheses (0: the documented default set)");
  cmd->callback([&action, args] { action = [args] { return runAmodal(*args); }; });
}

const CommandRegistration registration("amodal", registerAmodalCommand);

}  // namespace
}  // namespace permanence::cli
