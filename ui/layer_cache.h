#pragma once
// The completed layers the viewer draws, decoded ahead of the playhead. A layer is a
// whole-frame RGBA PNG: decoding one at 720p took the biggest share of the GUI
// thread's time per frame when playing a de-occluded object (harness_playback,
// perf), so while the clip plays a worker thread decodes the next frames' layers and
// the GUI thread finds them ready. Keeps the most recent few; thread-safe.
#include "jobs/latest_request_worker.h"
#include "object_session.h"

#include <QImage>

#include <deque>
#include <mutex>

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
  struct Request {
    ObjectSamples samples;
    int sample = 0;
    int first = 0;
    int last = -1;
  };
  void decodeAhead(const Request& request, const Superseded& superseded);

  std::deque<Entry> entries_;  // newest last
  mutable std::mutex mutex_;
  LatestRequestWorker<Request> worker_;  // last member: its thread stops before the rest goes
};

}  // namespace permanence::ui
