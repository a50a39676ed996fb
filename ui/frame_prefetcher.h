#pragma once
// Decodes frames for display on a worker thread, so neither scrubbing nor playback
// decodes on the GUI thread: a request names the frame to show (decoded first and
// announced by `targetReady`) and how many frames after it to read ahead into the
// FrameCache. A new request replaces the previous one; the frame being decoded
// when it comes is finished and still announced, so the viewer can show the newest
// decoded frame while the playhead moves on.
#include "jobs/latest_request_worker.h"
#include "media/frame_cache.h"
#include "media/frame_source.h"

#include <QObject>
#include <QString>

namespace permanence::ui {

class FramePrefetcher : public QObject {
  Q_OBJECT
 public:
  explicit FramePrefetcher(QObject* parent = nullptr);
  ~FramePrefetcher() override;

  // Reads `target` of `source` into `cache`, then frames target+1 .. target+lookahead
  // (clipped to the clip).
  void request(FrameSource* source, FrameCache* cache, int target, int lookahead);
  // Drops the request and waits for the frame being read (call before the source goes).
  void cancel();

 Q_SIGNALS:
  // On the GUI thread: a requested target was read (`bgr`, also in the cache), or
  // `error` says why it could not be. The frame travels with the signal: the cache
  // may have evicted it by the time the GUI thread gets here.
  void targetReady(int frame, const cv::Mat& bgr, const QString& error);

 private:
  struct Request {
    FrameSource* source = nullptr;
    FrameCache* cache = nullptr;
    int target = 0;
    int end = 0;  // read-ahead: frames target+1 .. end-1
  };
  void read(const Request& request, const Superseded& superseded);

  LatestRequestWorker<Request> worker_;  // last member: its thread stops before the rest goes
};

}  // namespace permanence::ui
