// permanence-cli run: the whole pipeline in one go: track -> amodal -> complete ->
// background plate -> compose -> export. Writes DIR/NAME.permanence (the project),
// DIR/composite.mp4 and DIR/objects/NAME/{modal,amodal,rgba}/ (full-frame PNGs; the
// project itself keeps them as patch files).
//
// Which prompt belongs to which object: each --click makes a new object, unless an
// --object NAME came before it; then every following --click, --neg-click and
// --keyframe belongs to NAME until the next --object. A --neg-click or --keyframe
// without --object belongs to the object of the click before it (a --keyframe
// before any click starts an object of its own).
#include "arguments.h"
#include "backend_options.h"
#include "commands.h"
#include "compose/project_export.h"
#include "errors.h"
#include "exit_status.h"
#include "interrupt.h"
#include "media/frame_source.h"
#include "mask/mask_sequence.h"
#include "media/patch_file.h"
#include "object_prompts.h"
#include "output_folder.h"
#include "pipeline/background_plate_job.h"
#include "pipeline/object_deocclusion.h"
#include "project/project_store.h"
#include "tracking_backend.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace permanence::cli {
namespace {

struct RunArguments {
  std::string video, out, fps;
  int topK = 1;
  std::vector<std::string> moves, hides;
  std::string order;
  bool force = false;
  std::string backend = "classic";              // amodal + complete backend
  ModelBackendSettings backendSettings;         // --weights-dir etc. for --backend diffusion
  std::string trackBackend = "classic";         // --track-backend
  std::string sam2Weights;                      // --sam2-weights
  std::vector<std::string> clicks, negativeClicks, keyframes, names;  // as given
};

// Every option parsed and checked, before any file is opened.
struct RunPlan {
  std::vector<ObjectPrompts> objects;  // in the order they were named
  std::vector<MoveArgument> moves;
  std::vector<std::string> hides, order;
  Rational folderRate = kDefaultFolderFrameRate;
};

// Groups --click / --neg-click / --keyframe by --object following the order on the
// command line.
std::vector<ObjectPrompts> groupPrompts(CLI::App& cmd, const RunArguments& args) {
  std::vector<ObjectPrompts> objects;
  std::map<std::string, size_t> named;
  std::string current;
  size_t clickIndex = 0, negIndex = 0, keyIndex = 0, objectIndex = 0;
  auto unnamed = [&]() -> ObjectPrompts& {
    objects.push_back({"obj" + std::to_string(objects.size() + 1), {}, {}, {}});
    return objects.back();
  };
  // The object a prompt belongs to; `starts` for a --click, which opens a new
  // unnamed object when no --object is in force.
  auto objectFor = [&](bool starts, const std::string& option) -> ObjectPrompts& {
    if (!current.empty()) {
      if (!named.count(current)) {
        named[current] = objects.size();
        objects.push_back({current, {}, {}, {}});
      }
      return objects[named[current]];
    }
    if (starts || (objects.empty() && option == "--keyframe")) return unnamed();
    if (objects.empty()) throw InputError(option + " given before any --click or --object");
    return objects.back();
  };
  for (const CLI::Option* option : cmd.parse_order()) {
    const std::string name = option->get_name();
    if (name == "--object") {
      current = args.names.at(objectIndex++);
      checkObjectName(current, "--object");
    } else if (name == "--click") {
      objectFor(true, name).clicks.push_back(parseClick(args.clicks.at(clickIndex++), true, 0, name));
    } else if (name == "--neg-click") {
      objectFor(false, name).clicks.push_back(parseClick(args.negativeClicks.at(negIndex++), false, 0, name));
    } else if (name == "--keyframe") {
      objectFor(false, name).masks.push_back(parseKeyframe(args.keyframes.at(keyIndex++), name));
    }
  }
  return objects;
}

RunPlan parsePlan(CLI::App& cmd, const RunArguments& args) {
  RunPlan plan;
  plan.objects = groupPrompts(cmd, args);
  checkTrackingBackend(args.trackBackend, "--track-backend");
  if (plan.objects.empty()) throw InputError("run needs at least one --click (or a --keyframe mask)");
  const auto check = [&](const std::string& name, const std::string& option) {
    if (std::none_of(plan.objects.begin(), plan.objects.end(), [&](const auto& o) { return o.name == name; }))
      throw InputError(option + ": unknown object '" + name + "'");
  };
  for (const std::string& text : args.moves) {
    plan.moves.push_back(parseMove(text));
    check(plan.moves.back().object, "--move");
  }
  for (const std::string& name : args.hides) check(name, "--hide");
  plan.hides = args.hides;
  std::stringstream order(args.order);
  for (std::string name; std::getline(order, name, ',');) {
    check(name, "--order");
    plan.order.push_back(name);
  }
  if (!args.fps.empty()) {
    const auto rate = parseFrameRate(args.fps);
    if (!rate) throw InputError("--fps '" + args.fps + "': expected a frame rate such as 25, 29.97 or 30000/1001");
    plan.folderRate = *rate;
  }
  return plan;
}

Layer& findLayer(Project& project, const std::string& name) {
  for (Layer& layer : project.layers)
    if (project.findObject(layer.objectId)->name == name) return layer;
  throw std::logic_error("no layer for object '" + name + "' (parsePlan checked the names)");
}

// --order, --hide and --move, applied to the inferred layers.
void arrangeLayers(Project& project, const RunPlan& plan) {
  if (!plan.order.empty()) {
    std::vector<Layer> ordered;
    for (const std::string& name : plan.order) ordered.push_back(findLayer(project, name));
    for (const Layer& layer : project.layers)
      if (std::none_of(ordered.begin(), ordered.end(), [&](const Layer& l) { return l.objectId == layer.objectId; }))
        ordered.insert(ordered.begin(), layer);  // objects not named stay at the back
    project.layers = ordered;
  }
  for (const std::string& name : plan.hides) findLayer(project, name).visible = false;
  for (const MoveArgument& move : plan.moves) {
    Layer& layer = findLayer(project, move.object);
    TransformKeyframe to;
    to.frame = move.frame;
    to.translateX = move.dx;
    to.translateY = move.dy;
    layer.keyframes.clear();
    // With @FRAME the object glides from its place at frame 0 to the offset at FRAME.
    if (to.frame > 0) layer.keyframes.push_back(TransformKeyframe{0, 0, 0, 1, 0, 1, Interpolation::EaseInOut});
    layer.keyframes.push_back(to);
  }
}


struct Backends {
  DeocclusionStages stages;
  std::unique_ptr<PromptTracker> tracker;  // null: the classic tier
};

// Writes each sample of one object into objects/<id>/sample_<k>/ (amodal/, rgba/)
// and names it in the project.
class SampleFolders : public DeocclusionSink {
 public:
  SampleFolders(ObjectTrack& object, const FrameSource& source, const fs::path& folder)
      : object_(object), source_(source), folder_(folder) {}

  void shape(int k, const AmodalSample& sample) override {
    const std::string dir = "objects/" + object_.id + "/sample_" + std::to_string(k + 1);
    const std::string amodalFile = dir + "/amodal" + kPatchFileExtension;
    rgbaFile_ = dir + "/rgba" + kPatchFileExtension;
    fs::create_directories(folder_ / dir);
    saveMaskSequence(folder_ / amodalFile, sample.masks, frameNames(source_));
    object_.samples.push_back({sample.score, amodalFile, rgbaFile_, sample.label});
    rgba_ = {source_.frameSize(), 4, PatchBase::Zero, frameNames(source_),
             std::vector<FramePatch>(source_.frameCount())};
  }
  void layer(int, int frame, const cv::Mat& bgra) override { rgba_.patches.at(frame) = patchOf(bgra, {}); }
  void sampleDone(int) override { writePatchFile(folder_ / rgbaFile_, rgba_); }

 private:
  ObjectTrack& object_;
  const FrameSource& source_;
  fs::path folder_;
  std::string rgbaFile_;
  PatchSequence rgba_;
};

// Tracks, infers and completes every object into the project folder; returns the
// objects' visible masks.
ObjectsMasks buildObjects(Project& project, FrameSource& source, const fs::path& folder, const RunPlan& plan,
                          const std::vector<std::map<int, Mask>>& keyframeMasks, const Backends& backends,
                          const RunArguments& args, JobContext& job) {
  // Every object is tracked first: each one's stage 1 sees the others as occluders.
  ObjectsMasks modal;
  for (size_t o = 0; o < project.objects.size(); ++o) {
    const MaskTrack track = trackObject(source, plan.objects[o], keyframeMasks[o], backends.tracker.get(), job);
    modal.emplace_back();
    for (int i = 0; i < source.frameCount(); ++i) modal.back().push_back(track.mask(i));
    fs::create_directories((folder / project.objects[o].modalPath).parent_path());
    saveMaskSequence(folder / project.objects[o].modalPath, modal.back(), frameNames(source));
  }
  for (size_t o = 0; o < project.objects.size(); ++o) {
    ObjectTrack& object = project.objects[o];
    SampleFolders samples(object, source, folder);
    deoccludeObject({&source, modal[o], otherObjectsMasks(modal, o), args.topK}, backends.stages, samples, job);
    object.chosenSample = 0;  // samples come sorted by score
  }
  return modal;
}

// The plate removes every object's visible mask. It is stored where it differs from
// the source: `clip` is a second reader of the source, read in order alongside the
// plate's own.
void buildBackground(Project& project, FrameSource& source, FrameSource& clip, const ObjectsMasks& objects,
                     const fs::path& folder, JobContext& job) {
  project.backgroundPath = std::string("background") + kPatchFileExtension;
  PatchSequence plate{source.frameSize(), 3, PatchBase::Source, frameNames(source),
                      std::vector<FramePatch>(source.frameCount())};
  makeBackgroundPlate(source, objects, [&](int t, const cv::Mat& bgr) {
    plate.patches.at(t) = patchOf(bgr, clip.readFrame(t));
  }, job);
  writePatchFile(folder / project.backgroundPath, plate);
}

Project newProject(const RunArguments& args, const RunPlan& plan, const FrameSource& source) {
  Project project;
  project.source = fs::absolute(args.video).string();
  if (fs::is_directory(args.video)) project.sourceFrameRate = source.frameRate().toString();
  project.backends.topK = args.topK;
  project.backends.amodal = project.backends.complete = args.backend;
  for (const ObjectPrompts& prompts : plan.objects) {
    ObjectTrack object;
    object.id = project.newObjectId();
    object.name = prompts.name;
    object.clicks = prompts.clicks;
    for (const ClickPrompt& c : prompts.clicks) object.keyframes.push_back(c.frame);
    for (const KeyframeMask& m : prompts.masks) object.keyframes.push_back(m.frame);
    std::sort(object.keyframes.begin(), object.keyframes.end());
    object.keyframes.erase(std::unique(object.keyframes.begin(), object.keyframes.end()), object.keyframes.end());
    object.modalPath = "objects/" + object.id + "/modal" + kPatchFileExtension;
    project.objects.push_back(object);
  }
  project.exportSettings.pngLayers = true;
  return project;
}

int runRun(const RunArguments& args, const RunPlan& plan) {
  const auto start = std::chrono::steady_clock::now();
  auto source = openFrameSource(args.video, plan.folderRate);
  std::vector<std::map<int, Mask>> keyframeMasks;
  for (const ObjectPrompts& object : plan.objects) keyframeMasks.push_back(checkPrompts(object, *source));
  for (const MoveArgument& move : plan.moves)
    if (move.frame >= source->frameCount())
      throw InputError("--move " + move.object + ": frame " + std::to_string(move.frame) + " is outside " +
                       source->path() + " (" + std::to_string(source->frameCount()) + " frames)");
  const std::string projectName = fs::path(args.video).lexically_normal().filename().stem().string() + ".permanence";
  Project project = newProject(args, plan, *source);
  const Backends backends{openDeocclusionStages({args.backend, args.backend, args.backendSettings}),
                          openLearnedTracker(args.trackBackend, {args.sam2Weights, args.backendSettings.device}, "--sam2-weights")};

  std::vector<fs::path> inputs;
  if (fs::is_directory(args.video)) inputs.push_back(args.video);
  OutputFolder out(args.out, {"run", "--out", args.force, inputs});
  std::vector<std::string> entries = {projectName, project.exportSettings.compositePath};
  for (const ObjectTrack& object : project.objects) entries.push_back("objects/" + object.name);
  out.refuseExisting(entries);

  const fs::path projectFolder = out.staging() / projectName;
  ProgressPrinter printer;
  JobContext job(interruptToken(), printer.callback());
  atStage("run", source->path(), [&] {
    const ObjectsMasks objects = buildObjects(project, *source, projectFolder, plan, keyframeMasks, backends, args, job);
    buildBackground(project, *source, *openFrameSource(args.video, plan.folderRate), objects, projectFolder, job);
    for (const std::string& id : inferLayerOrder(project, projectFolder)) project.layers.push_back({id, true, {}});
    arrangeLayers(project, plan);
    exportProject(project, projectFolder, job, out.staging());
    saveProject(project, projectFolder);
  });
  printer.finish();
  out.publish();

  nlohmann::json order = nlohmann::json::array();
  for (const Layer& layer : project.layers) order.push_back(project.findObject(layer.objectId)->name);
  printSummary({{"command", "run"},
                {"frames", source->frameCount()},
                {"objects", project.objects.size()},
                {"order_back_to_front", order},
                {"project", (out.path() / projectName).string()},
                {"composite", (out.path() / project.exportSettings.compositePath).string()},
                {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()}});
  return 0;
}

void registerRunCommand(CLI::App& app, CommandAction& action) {
  auto* cmd = app.add_subcommand("run", "track, de-occlude, re-compose and export in one go");
  auto args = std::make_shared<RunArguments>();
  cmd->add_option("--video", args->video, "video file or folder of frames")->required();
  cmd->add_option("--click", args->clicks, "positive click X,Y[@FRAME]; a new object unless --object came before (repeatable)");
  cmd->add_option("--neg-click", args->negativeClicks, "negative click X,Y[@FRAME] for the current object (repeatable)");
  cmd->add_option("--keyframe", args->keyframes, "N:PNG: the current object's mask on frame N, kept exactly (repeatable)");
  cmd->add_option("--object", args->names, "name the object the following prompts belong to (repeatable)");
  cmd->add_option("--out", args->out, "output folder")->required();
  cmd->add_option("--fps", args->fps, "frame rate of a folder of frames (default 25): 25, 29.97 or 30000/1001");
  cmd->add_option("--topk", args->topK, "number of ranked samples per object")->check(CLI::Range(1, 16));
  cmd->add_option("--move", args->moves, "move an object: OBJ:DX,DY[@FRAME] (repeatable)");
  cmd->add_option("--order", args->order, "stacking order back to front: OBJ,OBJ,...");
  cmd->add_option("--hide", args->hides, "hide an object (repeatable)");
  cmd->add_flag("--force", args->force, "replace the project, composite and object folders of an earlier run in --out");
  cmd->add_option("--backend", args->backend, "amodal and completion backend: classic (default), diffusion");
  cmd->add_option("--track-backend", args->trackBackend, "tracking: classic (default) or sam2 (needs --sam2-weights)");
  cmd->add_option("--sam2-weights", args->sam2Weights, "sam2: SAM 2.1 safetensors (runs on --device)");
  addBackendOptions(cmd, args->backendSettings);
  cmd->callback([&action, args, cmd] {
    const RunPlan plan = parsePlan(*cmd, *args);
    action = [args, plan] { return runRun(*args, plan); };
  });
}

const CommandRegistration registration("run", registerRunCommand);

}  // namespace
}  // namespace permanence::cli
