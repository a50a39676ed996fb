#pragma once
// The clip's time axis: a scrubber row with the playhead, then one row per object
// painting the frames where it has a mask (visible) in its colour, the frames
// without one (hidden or absent) dark, and its keyframes as diamonds.
#include <QColor>
#include <QString>
#include <QWidget>

#include <vector>

namespace permanence::ui {

struct TimelineRow {
  QString name;
  QColor colour;
  std::vector<bool> visible;  // one per frame
  std::vector<int> keyframes;
};

class Timeline : public QWidget {
  Q_OBJECT
 public:
  explicit Timeline(QWidget* parent = nullptr);

  void setFrameCount(int count);
  void setCurrentFrame(int frame);
  void setRows(std::vector<TimelineRow> rows);
  QSize sizeHint() const override;

 Q_SIGNALS:
  void frameRequested(int frame);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;

 private:
  int frameAt(double x) const;
  double xOf(int frame) const;

  int frameCount_ = 0;
  int current_ = 0;
  std::vector<TimelineRow> rows_;
};

}  // namespace permanence::ui
