// permanence-cli track: an object's visible mask on every frame, from a mask or from
// clicks on one or more frames. One PNG (0/255) per frame, named after the frame.
#include "commands.h"
#include "errors.h"
#include "mask/mask_io.h"
#include "media/frame_source.h"
#include "track/mask_track.h"
#include "track/segmenter.h"
#include "track/tracker.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <regex>

namespace fs = std::filesystem;

namespace permanence::cli {
namespace {

struct TrackArguments {
  std::string frames;
  std::string initMask;
  int initFrame = 0;
  std::vector<std::string> clicks;
  std::vector<std::string> negativeClicks;
  std::string out;
};

struct FrameClick {
  int frame = 0;
  Click click;
};

// "X,Y" or "X,Y@FRAME".
FrameClick parseClick(const std::string& text, bool positive, int defaultFrame) {
  static const std::regex pattern(R"(\s*(-?\d+)\s*,\s*(-?\d+)\s*(?:@\s*(-?\d+))?\s*)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern))
    throw InputError("click '" + text + "': expected X,Y or X,Y@FRAME");
  FrameClick result;
  result.click = {{std::stoi(match[1]), std::stoi(match[2])}, positive};
  result.frame = match[3].matched ? std::stoi(match[3]) : defaultFrame;
  return result;
}

void checkFrameIndex(int frame, const FrameSource& source, const std::string& what) {
  if (frame < 0 || frame >= source.frameCount())
    throw InputError(what + ": frame " + std::to_string(frame) + " is outside " + source.path() +
                     " (0.." + std::to_string(source.frameCount() - 1) + ")");
}

// Keyframes from the initial mask and the clicks (clicks on the mask's frame refine it).
MaskTrack buildKeyframes(FrameSource& source, const TrackArguments& args) {
  MaskTrack track(source.frameCount(), source.frameSize());
  std::map<int, SegmentRequest> requests;
  if (!args.initMask.empty()) {
    checkFrameIndex(args.initFrame, source, "--init-frame");
    const Mask mask = loadMaskPng(args.initMask);
    if (mask.size() != source.frameSize())
      throw InputError(args.initMask + ": mask is " + std::to_string(mask.width()) + "x" +
                       std::to_string(mask.height()) + ", frames of " + source.path() + " are " +
                       std::to_string(source.frameSize().width) + "x" + std::to_string(source.frameSize().height));
    if (mask.isEmpty()) throw InputError(args.initMask + ": mask is empty (no object pixel)");
    track.setKeyframe(args.initFrame, mask);
  }
  for (const auto* list : {&args.clicks, &args.negativeClicks})
    for (const std::string& text : *list) {
      const FrameClick fc = parseClick(text, list == &args.clicks, args.initFrame);
      checkFrameIndex(fc.frame, source, "click '" + text + "'");
      requests[fc.frame].clicks.push_back(fc.click);
    }
  const Segmenter segmenter;
  for (auto& [frame, request] : requests) {
    if (track.isKeyframe(frame)) request.previous = track.keyframeMask(frame);
    const bool hasPositive = std::any_of(request.clicks.begin(), request.clicks.end(),
                                         [](const Click& c) { return c.positive; });
    if (!hasPositive && request.previous.isNull())
      throw InputError("frame " + std::to_string(frame) + " has only negative clicks: add a positive click or a mask");
    track.setKeyframe(frame, segmenter.segment(source.readFrame(frame), request));
  }
  if (track.keyframes().empty()) throw InputError("track needs --init-mask or at least one --click");
  return track;
}

// A fresh folder next to `out`, so the final rename stays on one file system.
fs::path makeStagingFolder(const fs::path& out) {
  const fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
  const fs::path staging = parent / ("." + out.filename().string() + ".partial-" + std::to_string(::getpid()));
  fs::remove_all(staging);
  fs::create_directories(staging);
  return staging;
}

// Moves the staged masks into `out` (created when missing); other files there stay.
void publish(const fs::path& staging, const fs::path& out) {
  if (!fs::exists(out)) {
    fs::rename(staging, out);
    return;
  }
  if (!fs::is_directory(out)) throw InputError(out.string() + ": exists and is not a folder");
  for (const auto& entry : fs::directory_iterator(staging)) fs::rename(entry.path(), out / entry.path().filename());
  fs::remove_all(staging);
}

// One PNG per frame, encoded on two threads (even and odd frames).
void writeMasks(const MaskTrack& track, const FrameSource& source, const fs::path& folder) {
  auto writeEvery = [&](int first) {
    for (int frame = first; frame < track.frameCount(); frame += 2)
      saveMaskPng((folder / (source.frameName(frame) + ".png")).string(), track.mask(frame));
  };
  auto odd = std::async(std::launch::async, writeEvery, 1);
  writeEvery(0);
  odd.get();
}

int runTrack(const TrackArguments& args) {
  const auto start = std::chrono::steady_clock::now();
  if (args.initMask.empty() && args.clicks.empty())
    throw InputError("track needs --init-mask or at least one --click");
  const fs::path out(args.out);
  if (fs::exists(out) && !fs::is_directory(out)) throw InputError(args.out + ": exists and is not a folder");
  auto source = openFrameSource(args.frames);
  MaskTrack track = buildKeyframes(*source, args);

  ProgressPrinter printer;
  JobContext context(std::make_shared<CancelToken>(), printer.callback());
  const FrameRange all{0, track.frameCount() - 1};
  track.setMasks(0, Tracker().propagate(*source, track, all, context));
  printer.finish();

  const fs::path staging = makeStagingFolder(out);
  try {
    writeMasks(track, *source, staging);
    double area = 0;
    int visibleFrames = 0;
    for (int frame = 0; frame < track.frameCount(); ++frame) {
      const Mask& mask = track.mask(frame);
      area += static_cast<double>(mask.area()) / (mask.width() * static_cast<double>(mask.height()));
      visibleFrames += mask.isEmpty() ? 0 : 1;
    }
    publish(staging, out);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    printSummary({{"command", "track"},
                  {"frames", track.frameCount()},
                  {"width", track.frameSize().width},
                  {"height", track.frameSize().height},
                  {"keyframes", track.keyframes()},
                  {"visible_frames", visibleFrames},
                  {"mean_area_fraction", area / track.frameCount()},
                  {"seconds", seconds},
                  {"fps", track.frameCount() / seconds},
                  {"out", args.out}});
  } catch (...) {
    std::error_code ec;
    fs::remove_all(staging, ec);
    throw;
  }
  return 0;
}

void registerTrackCommand(CLI::App& app, CommandAction& action) {
  auto* cmd = app.add_subcommand("track", "follow an object's visible mask through the clip");
  auto args = std::make_shared<TrackArguments>();
  cmd->add_option("--frames", args->frames, "video file or folder of frames")->required();
  cmd->add_option("--init-mask", args->initMask, "PNG mask of the object on --init-frame");
  cmd->add_option("--init-frame", args->initFrame, "frame of --init-mask and of clicks without @FRAME");
  cmd->add_option("--click", args->clicks, "positive click X,Y[@FRAME] (repeatable)");
  cmd->add_option("--neg-click", args->negativeClicks, "negative click X,Y[@FRAME] (repeatable)");
  cmd->add_option("--out", args->out, "folder for one PNG mask per frame")->required();
  cmd->callback([&action, args] { action = [args] { return runTrack(*args); }; });
}

const CommandRegistration registration("track", registerTrackCommand);

}  // namespace
}  // namespace permanence::cli
