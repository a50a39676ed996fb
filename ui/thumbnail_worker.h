#pragma once
// Makes the timeline's thumbnails off the GUI thread: opens its own FrameSource on
// the clip (decoders are not shared across threads), reads evenly spaced frames and
// hands each scaled image back on the GUI thread as `thumbnailReady`. Starting
// again (a new clip) stops the previous run.
#include "jobs/latest_request_worker.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <string>
#include <vector>

namespace permanence::ui {

class ThumbnailWorker : public QObject {
  Q_OBJECT
 public:
  explicit ThumbnailWorker(QObject* parent = nullptr);
  ~ThumbnailWorker() override;

  // Thumbnails `height` pixels high of `count` frames spread over the clip.
  void start(const QString& clipPath, int frameCount, int count, int height);
  void stop();

 Q_SIGNALS:
  void thumbnailReady(int frame, const QImage& image);

 private:
  struct Request {
    std::string clipPath;
    std::vector<int> frames;
    int height = 0;
  };
  void make(const Request& request, const Superseded& superseded);

  LatestRequestWorker<Request> worker_;  // last member: its thread stops before the rest goes
};

// The frames that get a thumbnail: `count` of them, evenly spaced from frame 0.
std::vector<int> thumbnailFrames(int frameCount, int count);

}  // namespace permanence::ui
