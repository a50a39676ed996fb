#pragma once
// The editor's learned tracker (the sam2 backend), reached only through the plugin
// interface (backends/prompt_tracker.h), so the editor does not link libtorch. It is
// opened on first use by whichever worker thread needs it (loading the weights takes
// seconds, never on the GUI thread) and shared by the click worker and the track jobs.
// A tracker that cannot start (no plugin, a file that is not SAM 2.1 weights) is tried
// once; failure() then says why and the classic tier is used.
#include "backends/prompt_tracker.h"

#include <memory>
#include <mutex>
#include <string>

namespace permanence::ui {

class LearnedTracker {
 public:
  LearnedTracker(std::string backend, TrackingBackendSettings settings);
  const std::string& backend() const { return backend_; }
  // The tracker, opened now if it is not yet; null when it cannot start.
  PromptTracker* get();
  // The tracker if it has started, else null; never waits (for the GUI thread).
  PromptTracker* ifStarted();
  // Why get() returned null, in one line naming the file; empty before or on success.
  std::string failure() const;

 private:
  const std::string backend_;
  const TrackingBackendSettings settings_;
  mutable std::mutex mutex_;
  bool tried_ = false;
  std::unique_ptr<PromptTracker> tracker_;
  std::string failure_;
};

}  // namespace permanence::ui
