#pragma once
// A learned tracker: follows one object through a clip from what the user says about
// it on one or more frames (clicks, a box, a mask). The classic tier fills the frames
// between keyframes (track/tracker.h); a prompt tracker takes the prompts themselves,
// so a model such as SAM 2 segments and tracks in one. Backends live in plugins (see
// backend_registry.h); makePromptTracker loads them.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jobs/job.h"
#include "mask/mask.h"
#include "media/frame_source.h"
#include "project/project.h"

namespace permanence {

// Everything the user gave on one frame. Each frame with a prompt becomes a
// conditioning frame of the track.
struct FramePrompt {
  int frame = 0;
  std::vector<ClickPrompt> clicks;  // in frame pixels
  std::optional<BoxPrompt> box;
  std::optional<Mask> mask;         // refined by the frame's clicks when both are given
};

// What a prompt tracker backend needs to start.
struct TrackingBackendSettings {
  std::string weights;  // the model file
  std::string device;   // "cpu", "cuda", "cuda:N"; empty: the backend's default
};

class PromptTracker {
 public:
  virtual ~PromptTracker() = default;
  virtual std::string name() const = 0;
  // A mask per frame of the clip. Reports progress per frame, throws Cancelled when
  // cancelled and InputError for prompts outside the frames.
  virtual std::vector<Mask> track(FrameSource& frames, const std::vector<FramePrompt>& prompts, JobContext& context) = 0;

  // The editor's click. prepare() computes and keeps the model's view of one frame (its
  // image embedding), ahead of the click and off the GUI thread, so that segment() on
  // that frame answers in milliseconds; segment() on another frame prepares it first.
  virtual void prepare(FrameSource& frames, int frame) = 0;
  // The mask of the prompt's frame from its clicks and box alone (no other frame).
  virtual Mask segment(FrameSource& frames, const FramePrompt& prompt) = 0;
  // Seconds a track over `frames` frames is expected to take on this machine, from
  // what prepare() took here; 0 before the first prepare().
  virtual double estimateTrackSeconds(int frames) const = 0;
  // True when the model runs on the CPU (a quality mode for short clips).
  virtual bool runsOnCpu() const = 0;
};

// The registered backend of that name, loading its plugin (permanence_<name>_backend.so)
// first. Throws InputError when there is none or it cannot start (its weights).
std::unique_ptr<PromptTracker> makePromptTracker(const std::string& backend, const TrackingBackendSettings& settings);

}  // namespace permanence
