// permanence-cli track: an object's visible mask on every frame, from keyframe masks,
// clicks and boxes on one or more frames. One PNG (0/255) per frame, named after the
// frame. --backend sam2 tracks with SAM 2.1 (the plugin permanence_sam2_backend.so);
// without its weights the classic tier tracks, and one line says why.
#include "commands.h"
#include "errors.h"
#include "exit_status.h"
#include "interrupt.h"
#include "mask/mask_io.h"
#include "media/frame_source.h"
#include "object_prompts.h"
#include "output_folder.h"
#include "tracking_backend.h"

#include <chrono>
#include <filesystem>
#include <future>

namespace fs = std::filesystem;

namespace permanence::cli {
namespace {

struct TrackArguments {
  std::string frames;
  std::string initMask;
  int initFrame = 0;
  std::vector<std::string> keyframes;
  std::vector<std::string> clicks;
  std::vector<std::string> negativeClicks;
  std::vector<std::string> boxes;
  std::string backend = "classic";
  TrackingBackendSettings backendSettings;
  std::string out;
  bool force = false;
};

// Every option parsed and checked; nothing read but the option values.
ObjectPrompts parsePrompts(const TrackArguments& args) {
  ObjectPrompts object{"tracked", {}, {}, {}};
  if (!args.initMask.empty()) object.masks.push_back({args.initFrame, args.initMask});
  for (const std::string& text : args.keyframes) object.masks.push_back(parseKeyframe(text, "--keyframe"));
  for (const std::string& text : args.clicks) object.clicks.push_back(parseClick(text, true, args.initFrame, "--click"));
  for (const std::string& text : args.negativeClicks)
    object.clicks.push_back(parseClick(text, false, args.initFrame, "--neg-click"));
  for (const std::string& text : args.boxes) object.boxes.push_back(parseBox(text, args.initFrame, "--box"));
  if (object.masks.empty() && object.clicks.empty() && object.boxes.empty())
    throw InputError("track needs a --keyframe N:PNG (or --init-mask), a --box or at least one --click");
  checkTrackingBackend(args.backend, "--backend");
  return object;
}

// One PNG per frame, encoded on two threads (even and odd frames).
void writeMasks(const MaskTrack& track, const FrameSource& source, const fs::path& folder) {
  auto writeEvery = [&](int first) {
    for (int frame = first; frame < track.frameCount(); frame += 2) {
      interruptToken()->throwIfCancelled();
      saveMaskPng((folder / (source.frameName(frame) + ".png")).string(), track.mask(frame));
    }
  };
  auto odd = std::async(std::launch::async, writeEvery, 1);
  writeEvery(0);
  odd.get();
}

nlohmann::json summaryOf(const MaskTrack& track, const TrackArguments& args, double seconds) {
  double area = 0;
  int visibleFrames = 0;
  for (int frame = 0; frame < track.frameCount(); ++frame) {
    const Mask& mask = track.mask(frame);
    area += static_cast<double>(mask.area()) / (mask.width() * static_cast<double>(mask.height()));
    visibleFrames += mask.isEmpty() ? 0 : 1;
  }
  return {{"command", "track"},
          {"frames", track.frameCount()},
          {"width", track.frameSize().width},
          {"height", track.frameSize().height},
          {"keyframes", track.keyframes()},
          {"visible_frames", visibleFrames},
          {"mean_area_fraction", area / track.frameCount()},
          {"seconds", seconds},
          {"fps", track.frameCount() / seconds},
          {"out", args.out}};
}

int runTrack(const TrackArguments& args) {
  const auto start = std::chrono::steady_clock::now();
  const ObjectPrompts object = parsePrompts(args);
  auto source = openFrameSource(args.frames);
  const std::map<int, Mask> masks = checkPrompts(object, *source);
  OutputFolder out(args.out, {"track", "--out", args.force, {args.frames}});
  out.refuseExisting(sequenceEntries(frameNames(*source), 1));
  const std::unique_ptr<PromptTracker> learned = openLearnedTracker(args.backend, args.backendSettings, "--weights");
  MaskTrack track = atStage("tracking", source->path(), [&] {
    ProgressPrinter printer;
    JobContext context(interruptToken(), printer.callback());
    MaskTrack result = trackObject(*source, object, masks, learned.get(), context);
    printer.finish();
    return result;
  });
  writeMasks(track, *source, out.staging());
  out.publish();
  nlohmann::json summary =
      summaryOf(track, args, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  summary["backend"] = learned ? learned->name() : "classic";
  printSummary(summary);
  return 0;
}

void registerTrackCommand(CLI::App& app, CommandAction& action) {
  auto* cmd = app.add_subcommand("track", "follow an object's visible mask through the clip");
  auto args = std::make_shared<TrackArguments>();
  cmd->add_option("--frames", args->frames, "video file or folder of frames")->required();
  cmd->add_option("--keyframe", args->keyframes,
                  "N:PNG: the object's mask on frame N, kept exactly (repeatable: corrections, an imported roto)");
  cmd->add_option("--init-mask", args->initMask, "PNG mask of the object on --init-frame (= --keyframe N:PNG)");
  cmd->add_option("--init-frame", args->initFrame, "frame of --init-mask and of clicks without @FRAME")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--click", args->clicks, "positive click X,Y[@FRAME] (repeatable)");
  cmd->add_option("--neg-click", args->negativeClicks, "negative click X,Y[@FRAME] (repeatable)");
  cmd->add_option("--box", args->boxes, "box X0,Y0,X1,Y1[@FRAME] around the object (one per frame)");
  cmd->add_option("--backend", args->backend, "classic (default) or sam2 (SAM 2.1, needs --weights)");
  cmd->add_option("--weights", args->backendSettings.weights,
                  "sam2: SAM 2.1 safetensors (packaging/convert_sam2_checkpoint.py makes it from the official .pt)");
  cmd->add_option("--device", args->backendSettings.device, "sam2: cpu (default), cuda or cuda:N");
  cmd->add_option("--out", args->out, "folder for one PNG mask per frame")->required();
  cmd->add_flag("--force", args->force, "replace masks of the same names in --out");
  cmd->callback([&action, args] { action = [args] { return runTrack(*args); }; });
}

const CommandRegistration registration("track", registerTrackCommand);

}  // namespace
}  // namespace permanence::cli
