#pragma once
// Renders the composite view off the GUI thread with core's renderFrame: decoding
// the plate and the layers and warping them takes tens of milliseconds per 720p
// frame. One render at a time; while one runs, only the newest request waits (a
// drag or playback outruns the renderer without queueing stale frames). The last
// rendered frame stays available, so the view can show it until the next arrives.
#include "compose/scene.h"
#include "jobs/latest_request_worker.h"
#include "transform_handles.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <optional>
#include <string>

namespace permanence::ui {

struct CompositeRequest {
  Scene scene;
  int frame = 0;
  quint64 revision = 0;    // the composition's revision the scene was taken at
  int outlineLayer = -1;   // the layer whose outline to measure (the selected one), or -1
};

struct CompositeFrame {
  int frame = -1;
  quint64 revision = 0;
  int outlineLayer = -1;
  std::string outlineObjectId;          // the object of that layer
  QImage image;                         // RGB888, the clip's size
  std::optional<LayerOutline> outline;  // none when the layer is empty on this frame
  double milliseconds = 0;              // time spent rendering
  QString error;                        // what failed, naming the file; the image is null then
};

// Renders one request on the calling thread.
CompositeFrame renderComposite(const CompositeRequest& request);

class CompositeRenderer : public QObject {
  Q_OBJECT
 public:
  explicit CompositeRenderer(QObject* parent = nullptr);
  ~CompositeRenderer() override;

  void request(CompositeRequest request);
  const CompositeFrame& last() const { return last_; }
  // True when the last rendered frame is this frame of this revision.
  bool hasRendered(int frame, quint64 revision, int outlineLayer) const;

 Q_SIGNALS:
  void rendered();

 private:
  void finish(CompositeFrame frame);

  CompositeFrame last_;
  LatestRequestWorker<CompositeRequest> worker_;  // last member: its thread stops before the rest goes
};

}  // namespace permanence::ui
