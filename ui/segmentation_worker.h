#pragma once
// Click-to-mask segmentation off the GUI thread: a GrabCut on a 720p frame takes a
// few hundred milliseconds, far too long to block the event loop. One worker thread
// takes queued requests; a newer request for the same object and frame replaces a
// queued one (the latest click wins), and results come back on the GUI thread as
// `segmented`, tagged with the request's generation so the caller can drop stale ones.
// With a learned tracker (sam2) the clicks and the box are its prompts instead of
// GrabCut's, and prepare() has it compute a frame's embedding ahead of the click, so
// that the click on that frame answers at once.
#include "jobs/latest_request_worker.h"
#include "learned_tracker.h"
#include "media/frame_cache.h"
#include "media/frame_source.h"
#include "track/segmenter.h"

#include <QObject>

#include <memory>
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
  // Null: the classic segmenter (the default). Takes effect from the next request.
  void setLearnedTracker(std::shared_ptr<LearnedTracker> tracker);
  // Computes `frame`'s embedding for the learned tracker (the latest frame asked for
  // wins); nothing with the classic segmenter.
  void prepare(int frame);
  // Drops the queued requests and waits for the one in flight (at most one segmentation).
  void cancelAll();

 Q_SIGNALS:
  // On the GUI thread. A null mask and the reason when the frame could not be read.
  void segmented(int object, int frame, quint64 generation, const permanence::Mask& mask, const QString& error);
  // The learned tracker could not start (why, in one line); the classic segmenter runs.
  void learnedTrackerFailed(const QString& reason);

 private:
  struct Request {
    SegmentationJob job;
    bool prepareOnly = false;  // compute job.frame's embedding, no mask
    FrameSource* frames = nullptr;
    FrameCache* cache = nullptr;
    std::shared_ptr<LearnedTracker> learned;
  };
  using Key = std::pair<int, int>;  // (object, frame); the preparation has its own
  static constexpr Key kPrepareKey{-1, -1};
  void serve(const Request& request);
  // The learned tracker when it is set and starts, else null (reporting its failure once).
  PromptTracker* startedLearnedTracker(const std::shared_ptr<LearnedTracker>& learned);

  Segmenter segmenter_;  // used on the worker thread only
  FrameSource* frames_ = nullptr;
  FrameCache* cache_ = nullptr;
  std::shared_ptr<LearnedTracker> learned_;
  const LearnedTracker* failureReported_ = nullptr;  // whose failure was told (worker thread only)
  LatestRequestWorker<Request, Key> worker_;  // last member: its thread stops before the rest goes
};

}  // namespace permanence::ui
