#pragma once
// Makes the Top-K gallery's looping previews off the GUI thread: opens its own
// FrameSource on the clip, and for each preview frame reads the frame once, decodes
// each sample's PNG-encoded layer there and composites it, at thumbnail size, over
// the dimmed frame. Previews come back on the GUI thread one by one, every sample's
// first frame first, so the gallery fills at once and animates as the rest arrive.
// Starting again stops the previous run.
#include "jobs/latest_request_worker.h"
#include "object_session.h"

#include <QImage>
#include <QObject>
#include <QSize>
#include <QString>

#include <string>
#include <vector>

namespace permanence::ui {

class SamplePreviewWorker : public QObject {
  Q_OBJECT
 public:
  explicit SamplePreviewWorker(QObject* parent = nullptr);
  ~SamplePreviewWorker() override;

  // Previews `width` pixels wide of every sample at each of `frames` (step i = frames[i]).
  void start(const QString& clipPath, ObjectSamples samples, std::vector<int> frames, int width);
  void stop();

 Q_SIGNALS:
  void previewReady(int sample, int step, const QImage& image);

 private:
  struct Request {
    std::string clipPath;
    ObjectSamples samples;
    std::vector<int> frames;
    int width = 0;
  };
  void make(const Request& request, const Superseded& superseded);

  LatestRequestWorker<Request> worker_;  // last member: its thread stops before the rest goes
};

// The sample's layer over the frame (BGR) at the frame's size, the frame dimmed so
// the completed object stands out. Both must have the same size.
QImage compositePreview(const cv::Mat& frameBgr, const cv::Mat& layerBgra);

}  // namespace permanence::ui
