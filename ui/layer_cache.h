#pragma once
// The completed layers the viewer draws, decoded ahead of the playhead. A layer is a
// whole-frame RGBA PNG: decoding one at 720p took the biggest share of the GUI
// thread's time per frame when playing a de-occluded object (harness_playback,
// perf), so while the clip plays a worker thread decodes the next frames' layers and
// the GUI thread finds them ready. Keeps the most recent few; thread-safe.
#include "object_session.h"

#include <QImage>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace permanence::ui {

class LayerCache {
 public:
  LayerCache();
  ~LayerCache();
  LayerCache(const LayerCache&) = delete;
  LayerCache& operator=(const LayerCache&) = delete;

  // Frame `frame`'s layer of `samples`' sample `sample`, premultiplied (null when the
  // frame has none); decoded here when the worker has not done it yet.
  QImage layer(const ObjectSamples& samples, int sample, int frame);
  // Has the worker decode frames first..last of that sample (replaces the last request).
  void prefetch(const ObjectSamples& samples, int sample, int first, int last);

 private:
  struct Entry {
    ObjectSamples samples;  // held, so that its address names it as long as it is kept
    int sample;
    int frame;
    QImage image;
  };
  static QImage decode(const ObjectSamples& samples, int sample, int frame);
  // The cached image, or nullptr. Caller holds mutex_.
  const QImage* find(const ObjectSamples& samples, int sample, int frame) const;
  void store(Entry entry);  // caller holds mutex_
  void run();

  std::deque<Entry> entries_;  // newest last
  ObjectSamples wanted_;       // the request: frames next_..last_ of sample wantedSample_
  int wantedSample_ = 0;
  int next_ = 0;
  int last_ = -1;
  bool stopping_ = false;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace permanence::ui
