#pragma once
// Click-to-mask segmentation off the GUI thread: a GrabCut on a 720p frame takes a
// few hundred milliseconds, far too long to block the event loop. One worker thread
// takes queued requests; a newer request for the same object and frame replaces a
// queued one (the latest click wins), and results come back on the GUI thread as
// `segmented`, tagged with the request's generation so the caller can drop stale ones.
#include "jobs/latest_request_worker.h"
#include "media/frame_cache.h"
#include "media/frame_source.h"
#include "track/segmenter.h"

#include <QObject>

#include <utility>

namespace permanence::ui {

struct SegmentationJob {
  int object = 0;
  int frame = 0;
  quint64 generation = 0;
  SegmentRequest prompt;
};

class SegmentationWorker : public QObject {
  Q_OBJECT
 public:
  explicit SegmentationWorker(QObject* parent = nullptr);
  ~SegmentationWorker() override;

  // Frames are read through `cache` (thread-safe); both must outlive the requests
  // made with them: call cancelAll() before destroying them.
  void setSource(FrameSource* frames, FrameCache* cache);
  void request(SegmentationJob job);
  // Drops the queued requests and waits for the one in flight (at most one segmentation).
  void cancelAll();

 Q_SIGNALS:
  // On the GUI thread. A null mask and the reason when the frame could not be read.
  void segmented(int object, int frame, quint64 generation, const permanence::Mask& mask, const QString& error);

 private:
  struct Request {
    SegmentationJob job;
    FrameSource* frames = nullptr;
    FrameCache* cache = nullptr;
  };
  using Key = std::pair<int, int>;  // (object, frame)
  void segment(const Request& request);

  Segmenter segmenter_;  // used on the worker thread only
  FrameSource* frames_ = nullptr;
  FrameCache* cache_ = nullptr;
  LatestRequestWorker<Request, Key> worker_;  // last member: its thread stops before the rest goes
};

}  // namespace permanence::ui
