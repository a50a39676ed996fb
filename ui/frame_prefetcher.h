#pragma once
// Decodes frames for display on a worker thread, so neither scrubbing nor playback
// decodes on the GUI thread: a request names the frame to show (decoded first and
// announced by `targetReady`) and how many frames after it to read ahead into the
// FrameCache. A new request replaces the previous one; the frame being decoded
// when it comes is finished and still announced, so the viewer can show the newest
// decoded frame while the playhead moves on.
#include "media/frame_cache.h"
#include "media/frame_source.h"

#include <QObject>
#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

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
  void run();

  FrameSource* source_ = nullptr;
  FrameCache* cache_ = nullptr;
  int target_ = -1;  // the frame to announce, -1 once it is being read
  int next_ = 0;     // read-ahead: frames next_ .. end_-1
  int end_ = 0;
  bool busy_ = false;
  bool stopping_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::thread thread_;
};

}  // namespace permanence::ui
