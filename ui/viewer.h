#pragma once
// The picture: the current frame with per-object mask overlays in each object's
// colour. Wheel zooms about the cursor, middle or right drag pans, fit and 1:1 on
// request; a left click reports the image pixel under the cursor.
#include <QColor>
#include <QImage>
#include <QWidget>

#include <vector>

namespace permanence::ui {

struct MaskOverlay {
  QImage mask;  // Format_Grayscale8, non-zero = object
  QColor colour;
  bool hatched = false;  // the amodal hidden part: drawn as diagonal stripes
};

class Viewer : public QWidget {
  Q_OBJECT
 public:
  explicit Viewer(QWidget* parent = nullptr);

  void setFrame(const QImage& frame);
  void setOverlays(std::vector<MaskOverlay> overlays);
  void setOverlayOpacity(double opacity);
  void fitToWindow();
  void showActualSize();
  double zoom() const { return zoom_; }
  // Widget position -> image pixel (may lie outside the image).
  QPointF toImage(const QPointF& widgetPos) const;
  QPointF toWidget(const QPointF& imagePos) const;

 Q_SIGNALS:
  void imageClicked(QPoint imagePixel, Qt::KeyboardModifiers modifiers);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  QImage tinted(const MaskOverlay& overlay) const;

  QImage frame_;
  std::vector<MaskOverlay> overlays_;
  double opacity_ = 0.5;
  double zoom_ = 1.0;
  QPointF offset_;  // widget position of the image's top-left corner
  bool fitting_ = true;
  bool panning_ = false;
  QPointF panStart_;
};

}  // namespace permanence::ui
