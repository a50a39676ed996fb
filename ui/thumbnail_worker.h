#pragma once
// Makes the timeline's thumbnails off the GUI thread: opens its own FrameSource on
// the clip (decoders are not shared across threads), reads evenly spaced frames and
// hands each scaled image back on the GUI thread as `thumbnailReady`. Starting
// again (a new clip) stops the previous run first.
#include <QImage>
#include <QObject>
#include <QString>

#include <atomic>
#include <thread>

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
  std::atomic<bool> stopping_{false};
  std::atomic<quint64> run_{0};
  std::thread thread_;
};

// The frames that get a thumbnail: `count` of them, evenly spaced from frame 0.
std::vector<int> thumbnailFrames(int frameCount, int count);

}  // namespace permanence::ui
