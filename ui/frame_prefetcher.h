#pragma once
// Decodes the frames just ahead of the playhead into the FrameCache on a worker
// thread, so playback and stepping find them there instead of decoding on the GUI
// thread. A new request replaces the previous one.
#include "media/frame_cache.h"
#include "media/frame_source.h"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace permanence::ui {

class FramePrefetcher {
 public:
  FramePrefetcher();
  ~FramePrefetcher();
  FramePrefetcher(const FramePrefetcher&) = delete;
  FramePrefetcher& operator=(const FramePrefetcher&) = delete;

  // Reads frames [first, first + count) of `source` (clipped to the clip) into `cache`.
  void prefetch(FrameSource* source, FrameCache* cache, int first, int count);
  // Drops the request and waits for the frame being read (call before the source goes).
  void cancel();

 private:
  void run();

  FrameSource* source_ = nullptr;
  FrameCache* cache_ = nullptr;
  int next_ = 0;
  int end_ = 0;
  bool busy_ = false;
  bool stopping_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::thread thread_;
};

}  // namespace permanence::ui
