#pragma once
// Shows one frame with the objects' mask overlays. Wheel zooms about the cursor,
// middle drag pans, fit and 1:1 as in other editors. With the click tool a left click
// is reported in frame pixels so the caller can turn it into a + or − click; with the
// box tool a left drag draws a rectangle, reported in frame pixels when released.
// In the composite view it also shows the selected layer's transform handles and
// reports their drags.
#include "transform_handles.h"

#include <QColor>
#include <QImage>
#include <QPoint>
#include <QWidget>

class QPainter;

#include <optional>
#include <vector>

namespace permanence::ui {

struct ViewerOverlay {
  QImage image;         // ARGB, the frame's size
  bool opaque = false;  // completed layers are drawn as they are, masks at the overlay opacity
};

struct ClickMarker {
  QPoint point;  // frame pixels
  bool positive = true;
};

enum class ViewerTool { Click, Box };

class Viewer : public QWidget {
  Q_OBJECT
 public:
  explicit Viewer(QWidget* parent = nullptr);

  // A new clip of this frame size, known before its first frame is decoded so that
  // clicks and zoom work at once; drops the frame shown.
  void setFrameSize(const QSize& size);
  // What the empty viewer (no clip yet) says: how to start.
  void setPlaceholder(const QString& text);
  const QString& placeholder() const { return placeholder_; }
  QSize frameSize() const { return frameSize_; }
  // The newest decoded frame (may lag the playhead while scrubbing).
  void setFrame(const QImage& frame);
  // Drawn in order over the frame.
  void setOverlays(std::vector<ViewerOverlay> overlays);
  const std::vector<ViewerOverlay>& overlays() const { return overlays_; }
  const QImage& frame() const { return frame_; }
  void setMarkers(std::vector<ClickMarker> markers);
  // The box prompt of the current frame, drawn dashed (a null rect: none).
  void setPromptBox(const QRect& box);
  void setTool(ViewerTool tool);
  ViewerTool tool() const { return tool_; }
  void setOverlayOpacity(double opacity);
  // The selected layer's handles, drawn over everything; none hides them. A left
  // drag that starts on them edits the transform instead of clicking.
  void setHandles(std::optional<TransformHandles> handles);
  const std::optional<TransformHandles>& handles() const { return handles_; }
  // Off in the composite view: a left click away from the handles does nothing.
  void setClicksEnabled(bool enabled) { clicksEnabled_ = enabled; }
  double overlayOpacity() const { return opacity_; }

  void zoomToFit();
  void zoomActualSize();
  double zoom() const { return scale_; }
  // Widget position <-> frame pixel position.
  QPointF toFrame(const QPointF& widgetPos) const;
  QPointF toWidget(const QPointF& framePos) const;
  // What a left click at this widget position does (tests call it directly).
  void clickAt(const QPoint& widgetPos, Qt::KeyboardModifiers modifiers);

 Q_SIGNALS:
  // A left click inside the frame; `alternate` is true with Alt held (the opposite tool).
  void frameClicked(const QPoint& framePos, bool alternate);
  // A rectangle dragged with the box tool, in frame pixels, clipped to the frame.
  void boxDrawn(const QRect& frameRect);
  // One drag of a handle: started, each new transform while it lasts, finished.
  void handleDragStarted(TransformHandles::Part part);
  void handleDragged(TransformHandles::Part part, const LayerTransform& transform);
  void handleDragFinished();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void zoomAbout(const QPointF& widgetPos, double factor);
  // The frame rectangle spanned by two widget positions, clipped to the frame.
  QRect frameRectBetween(const QPointF& a, const QPointF& b) const;
  void paintHandles(QPainter& painter) const;
  double handleTolerance() const { return 8.0 / scale_; }  // frame pixels for 8 screen pixels
  double knobOffset() const { return 28.0 / scale_; }

  QSize frameSize_;
  QString placeholder_;
  QImage frame_;
  std::vector<ViewerOverlay> overlays_;
  std::vector<ClickMarker> markers_;
  QRect promptBox_;
  ViewerTool tool_ = ViewerTool::Click;
  bool boxing_ = false;
  QPointF boxStart_, boxEnd_;  // widget positions of the box being dragged
  double opacity_ = 0.5;
  double scale_ = 1.0;
  QPointF origin_;     // widget position of the frame's top-left corner
  bool fitting_ = true;  // keep fitting on resize until the user zooms or pans
  bool panning_ = false;
  QPointF panStart_;
  bool clicksEnabled_ = true;
  std::optional<TransformHandles> handles_;
  // The handles as the drag under way found them, and where it started (frame pixels).
  std::optional<TransformHandles> dragFrom_;
  TransformHandles::Part dragPart_ = TransformHandles::Part::None;
  QPointF dragStart_;
};

}  // namespace permanence::ui
