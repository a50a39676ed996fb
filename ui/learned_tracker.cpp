#include "learned_tracker.h"

#include <exception>

namespace permanence::ui {

LearnedTracker::LearnedTracker(std::string backend, TrackingBackendSettings settings)
    : backend_(std::move(backend)), settings_(std::move(settings)) {}

PromptTracker* LearnedTracker::get() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (!tried_) {
    tried_ = true;
    try {
      tracker_ = makePromptTracker(backend_, settings_);
    } catch (const std::exception& e) {
      failure_ = e.what();
    }
  }
  return tracker_.get();
}

PromptTracker* LearnedTracker::ifStarted() {
  const std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  return lock.owns_lock() ? tracker_.get() : nullptr;
}

std::string LearnedTracker::failure() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return failure_;
}

}  // namespace permanence::ui
