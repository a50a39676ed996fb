// permanence-cli run: the whole pipeline in one go: track -> amodal -> complete ->
// background plate -> compose -> export. Writes DIR/NAME.permanence (the project),
// DIR/composite.mp4 and DIR/objects/NAME/{modal,amodal,rgba}/.
//
// Which click belongs to which object: each --click makes a new object, unless an
// --object NAME came before it; then every following --click and --neg-click
// belongs to NAME until the next --object. A --neg-click without --object belongs
// to the object of the click before it.
#include "amodal/amodal_masker.h"
#include "backend_options.h"
#include "commands.h"
#include "complete/background_plate.h"
#include "complete/content_completer.h"
#include "compose/project_export.h"
#include "errors.h"
#include "media/frame_source.h"
#include "media/image_sequence_writer.h"
#include "project/project_store.h"
#include "track/mask_track.h"
#include "track/segmenter.h"
#include "track/tracker.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <regex>

namespace fs = std::filesystem;

namespace permanence::cli {
namespace {

struct RunArguments {
  std::string video, out;
  int topK = 1;
  std::vector<std::string> moves, hides;
  std::string order;
  bool force = false;
  std::string backend = "classic";              // amodal + complete backend
  ModelBackendSettings backendSettings;         // --weights-dir etc. for --backend diffusion
  std::vector<std::string> clicks, negativeClicks, names;  // as given
  // Clicks grouped per object, in the order the objects were named.
  std::vector<std::pair<std::string, std::vector<ClickPrompt>>> objects;
};

ClickPrompt parseClick(const std::string& text, bool positive) {
  static const std::regex pattern(R"(\s*(-?\d+)\s*,\s*(-?\d+)\s*(?:@\s*(-?\d+))?\s*)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern)) throw InputError("click '" + text + "': expected X,Y or X,Y@FRAME");
  return {match[3].matched ? std::stoi(match[3]) : 0, double(std::stoi(match[1])), double(std::stoi(match[2])), positive};
}

// Groups --click / --neg-click by --object following the order on the command line.
void groupClicks(CLI::App& cmd, RunArguments& args) {
  std::map<std::string, size_t> named;
  std::string current;
  size_t clickIndex = 0, negIndex = 0, objectIndex = 0;
  const auto& clicks = args.clicks;
  const auto& negs = args.negativeClicks;
  const auto& names = args.names;
  auto objectFor = [&](bool newUnnamed) -> std::vector<ClickPrompt>& {
    if (current.empty() && (newUnnamed || args.objects.empty())) {
      if (!newUnnamed) throw InputError("--neg-click given before any --click or --object");
      args.objects.push_back({"obj" + std::to_string(args.objects.size() + 1), {}});
      return args.objects.back().second;
    }
    if (current.empty()) return args.objects.back().second;
    if (!named.count(current)) {
      named[current] = args.objects.size();
      args.objects.push_back({current, {}});
    }
    return args.objects[named[current]].second;
  };
  for (const CLI::Option* option : cmd.parse_order()) {
    if (option->get_name() == "--object") current = names.at(objectIndex++);
    if (option->get_name() == "--click") objectFor(true).push_back(parseClick(clicks.at(clickIndex++), true));
    if (option->get_name() == "--neg-click") objectFor(false).push_back(parseClick(negs.at(negIndex++), false));
  }
}

void checkClick(const ClickPrompt& c, const FrameSource& source) {
  const cv::Size size = source.frameSize();
  if (c.frame < 0 || c.frame >= source.frameCount() || c.x < 0 || c.y < 0 || c.x >= size.width || c.y >= size.height)
    throw InputError("click " + std::to_string(int(c.x)) + "," + std::to_string(int(c.y)) + "@" +
                     std::to_string(c.frame) + " is outside " + source.path() + " (" + std::to_string(size.width) +
                     "x" + std::to_string(size.height) + ", " + std::to_string(source.frameCount()) + " frames)");
}

std::vector<Mask> trackObject(FrameSource& source, const ObjectTrack& object, JobContext& job) {
  MaskTrack track(source.frameCount(), source.frameSize());
  std::map<int, SegmentRequest> requests;
  for (const ClickPrompt& c : object.clicks) {
    checkClick(c, source);
    requests[c.frame].clicks.push_back({{int(c.x), int(c.y)}, c.positive});
  }
  const Segmenter segmenter;
  for (auto& [frame, request] : requests) {
    if (std::none_of(request.clicks.begin(), request.clicks.end(), [](const Click& c) { return c.positive; }))
      throw InputError("object '" + object.name + "': frame " + std::to_string(frame) + " has only negative clicks");
    const Mask mask = segmenter.segment(source.readFrame(frame), request);
    if (mask.isEmpty())
      throw InputError("object '" + object.name + "': the click on frame " + std::to_string(frame) + " of " +
                       source.path() + " selects nothing (empty area?)");
    track.setKeyframe(frame, mask);
  }
  return Tracker().propagate(source, track, {0, source.frameCount() - 1}, job);
}

void writeMasks(const std::vector<Mask>& masks, const FrameSource& source, const fs::path& folder) {
  ImageSequenceWriter writer(folder.string());
  for (size_t i = 0; i < masks.size(); ++i) writer.write(source.frameName(int(i)), masks[i].toMat());
  writer.finish();
}

Layer* findLayer(Project& project, const std::string& name, const std::string& option) {
  for (Layer& layer : project.layers)
    if (project.findObject(layer.objectId)->name == name) return &layer;
  throw InputError(option + ": unknown object '" + name + "'");
}

// The object names --move, --hide and --order refer to, checked before any work.
void checkObjectNames(const RunArguments& args) {
  static const std::regex moveName(R"(([^:]+):.*)");
  const auto check = [&](const std::string& name, const std::string& option) {
    if (std::none_of(args.objects.begin(), args.objects.end(), [&](const auto& o) { return o.first == name; }))
      throw InputError(option + ": unknown object '" + name + "'");
  };
  for (const std::string& move : args.moves) {
    std::smatch m;
    if (!std::regex_match(move, m, moveName)) throw InputError("--move '" + move + "': expected OBJ:DX,DY[@FRAME]");
    check(m[1], "--move");
  }
  for (const std::string& name : args.hides) check(name, "--hide");
  std::stringstream order(args.order);
  for (std::string name; std::getline(order, name, ',');) check(name, "--order");
}

// --order, --hide and --move, applied to the inferred layers.
void arrangeLayers(Project& project, const RunArguments& args) {
  if (!args.order.empty()) {
    std::vector<Layer> ordered;
    std::stringstream names(args.order);
    for (std::string name; std::getline(names, name, ',');) ordered.push_back(*findLayer(project, name, "--order"));
    for (const Layer& layer : project.layers)
      if (std::none_of(ordered.begin(), ordered.end(), [&](const Layer& l) { return l.objectId == layer.objectId; }))
        ordered.insert(ordered.begin(), layer);  // objects not named stay at the back
    project.layers = ordered;
  }
  for (const std::string& name : args.hides) findLayer(project, name, "--hide")->visible = false;
  static const std::regex movePattern(R"(([^:]+):\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*(?:@\s*(\d+))?)");
  for (const std::string& move : args.moves) {
    std::smatch m;
    if (!std::regex_match(move, m, movePattern)) throw InputError("--move '" + move + "': expected OBJ:DX,DY[@FRAME]");
    Layer* layer = findLayer(project, m[1], "--move");
    TransformKeyframe to;
    to.frame = m[4].matched ? std::stoi(m[4]) : 0;
    to.translateX = std::stod(m[2]);
    to.translateY = std::stod(m[3]);
    layer->keyframes.clear();
    // With @FRAME the object glides from its place at frame 0 to the offset at FRAME.
    if (to.frame > 0) layer->keyframes.push_back(TransformKeyframe{0, 0, 0, 1, 0, 1, Interpolation::EaseInOut});
    layer->keyframes.push_back(to);
  }
}

// Tracks, infers and completes every object into the project folder; returns the
// union of the objects' visible masks per frame: what the background plate removes.
// Their hidden parts stay: there the plate shows what hides them.
std::vector<Mask> buildObjects(Project& project, FrameSource& source, const fs::path& folder,
                               const RunArguments& args, JobContext& job) {
  auto masker = makeAmodalMasker(project.backends.amodal, args.backendSettings);
  auto completer = makeContentCompleter(project.backends.complete, args.backendSettings);
  const cv::Size size = source.frameSize();
  std::vector<Mask> remove(source.frameCount(), Mask(size.width, size.height));
  for (ObjectTrack& object : project.objects) {
    const std::vector<Mask> modal = trackObject(source, object, job);
    writeMasks(modal, source, folder / object.modalDir);
    const auto amodalSamples = masker->infer({&source, modal, {}, {}}, {args.topK, 0}, job);
    for (size_t k = 0; k < amodalSamples.size(); ++k) {
      const std::string sampleDir = "objects/" + object.id + "/sample_" + std::to_string(k + 1);
      writeMasks(amodalSamples[k].masks, source, folder / sampleDir / "amodal");
      ImageSequenceWriter rgba((folder / sampleDir / "rgba").string());
      completer->complete({&source, modal, amodalSamples[k].masks}, {1, 0, 0},
                          [&](int, int t, const cv::Mat& layer) { rgba.write(source.frameName(t), layer); }, job);
      rgba.finish();
      object.samples.push_back({amodalSamples[k].score, sampleDir + "/amodal", sampleDir + "/rgba"});
    }
    object.chosenSample = 0;  // samples come sorted by score
    for (int i = 0; i < source.frameCount(); ++i)
      remove[i] = Mask::fromMat(remove[i].toMat() | modal[i].toMat());
  }
  return remove;
}

void buildBackground(Project& project, FrameSource& source, const std::vector<Mask>& remove,
                     const fs::path& folder, JobContext& job) {
  project.backgroundDir = "background";
  ImageSequenceWriter writer((folder / project.backgroundDir).string());
  fillBackground(source, remove, {}, [&](int t, const cv::Mat& bgr) { writer.write(source.frameName(t), bgr); }, job);
  writer.finish();
}

// Moves every file and object folder the export wrote into `out`, replacing what
// a previous run left there.
void publishExports(const fs::path& exports, const fs::path& out) {
  for (const auto& entry : fs::directory_iterator(exports)) {
    if (entry.path().filename() != "objects") {
      fs::rename(entry.path(), out / entry.path().filename());
      continue;
    }
    fs::create_directories(out / "objects");
    for (const auto& object : fs::directory_iterator(entry.path())) {
      const fs::path target = out / "objects" / object.path().filename();
      fs::remove_all(target);
      fs::rename(object.path(), target);
    }
  }
}

// A fresh hidden folder next to the final project folder: the project appears only
// when everything is done.
fs::path makeStaging(const fs::path& projectFolder) {
  const fs::path staging = projectFolder.parent_path() /
                           ("." + projectFolder.filename().string() + ".partial-" + std::to_string(::getpid()));
  fs::remove_all(staging);
  fs::create_directories(staging);
  return staging;
}

int runRun(const RunArguments& args) {
  const auto start = std::chrono::steady_clock::now();
  if (args.objects.empty()) throw InputError("run needs at least one --click");
  checkObjectNames(args);
  auto source = openFrameSource(args.video);
  const fs::path out = fs::absolute(args.out);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || ::access(out.c_str(), W_OK) != 0) throw InputError(args.out + ": output folder is not writable");
  const fs::path projectFolder = out / (fs::path(args.video).stem().string() + ".permanence");
  if (fs::exists(projectFolder) && !args.force)
    throw InputError(projectFolder.string() + ": a project exists already (use --force to replace it)");

  Project project;
  project.source = fs::absolute(args.video).string();
  project.backends.topK = args.topK;
  project.backends.amodal = project.backends.complete = args.backend;
  for (const auto& [name, clicks] : args.objects) {
    ObjectTrack object;
    object.id = project.newObjectId();
    object.name = name;
    object.clicks = clicks;
    for (const ClickPrompt& c : clicks)
      if (std::find(object.keyframes.begin(), object.keyframes.end(), c.frame) == object.keyframes.end())
        object.keyframes.push_back(c.frame);
    object.modalDir = "objects/" + object.id + "/modal";
    project.objects.push_back(object);
  }
  project.exportSettings.pngLayers = true;

  const fs::path staging = makeStaging(projectFolder);
  try {
    ProgressPrinter printer;
    JobContext job(std::make_shared<CancelToken>(), printer.callback());
    const std::vector<Mask> remove = buildObjects(project, *source, staging, args, job);
    buildBackground(project, *source, remove, staging, job);
    for (const std::string& id : inferLayerOrder(project, staging)) project.layers.push_back({id, true, {}});
    arrangeLayers(project, args);
    // The exports go into the staging folder too, and move out only when all is done.
    const fs::path exports = staging / ".exports";
    fs::create_directories(exports);
    exportProject(project, staging, job, exports);
    saveProject(project, staging);
    printer.finish();
    publishExports(exports, out);
    fs::remove_all(exports);
    if (fs::exists(projectFolder)) fs::remove_all(projectFolder);
    fs::rename(staging, projectFolder);
  } catch (...) {
    fs::remove_all(staging, ec);
    throw;
  }
  nlohmann::json order = nlohmann::json::array();
  for (const Layer& layer : project.layers) order.push_back(project.findObject(layer.objectId)->name);
  printSummary({{"command", "run"},
                {"frames", source->frameCount()},
                {"objects", project.objects.size()},
                {"order_back_to_front", order},
                {"project", projectFolder.string()},
                {"composite", (out / project.exportSettings.compositePath).string()},
                {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()}});
  return 0;
}

void registerRunCommand(CLI::App& app, CommandAction& action) {
  auto* cmd = app.add_subcommand("run", "track, de-occlude, re-compose and export in one go");
  auto args = std::make_shared<RunArguments>();
  cmd->add_option("--video", args->video, "video file or folder of frames")->required();
  cmd->add_option("--click", args->clicks, "positive click X,Y[@FRAME]; a new object unless --object came before (repeatable)");
  cmd->add_option("--neg-click", args->negativeClicks, "negative click X,Y[@FRAME] for the current object (repeatable)");
  cmd->add_option("--object", args->names, "name the object the following clicks belong to (repeatable)");
  cmd->add_option("--out", args->out, "output folder")->required();
  cmd->add_option("--topk", args->topK, "number of ranked samples per object")->check(CLI::Range(1, 16));
  cmd->add_option("--move", args->moves, "move an object: OBJ:DX,DY[@FRAME] (repeatable)");
  cmd->add_option("--order", args->order, "stacking order back to front: OBJ,OBJ,...");
  cmd->add_option("--hide", args->hides, "hide an object (repeatable)");
  cmd->add_flag("--force", args->force, "replace an existing project in --out");
  cmd->add_option("--backend", args->backend, "amodal and completion backend: classic (default), diffusion");
  addBackendOptions(cmd, args->backendSettings);
  cmd->callback([&action, args, cmd] {
    groupClicks(*cmd, *args);
    action = [args] { return runRun(*args); };
  });
}

const CommandRegistration registration("run", registerRunCommand);

}  // namespace
}  // namespace permanence::cli
