#pragma once
// One row per object under the scrubber: for every frame whether the object is
// visible (its colour), hidden (its amodal shape exists but nothing is visible:
// striped) or absent (dark); keyframes as white ticks; the playhead as a line.
// A click moves the playhead.
#include <QColor>
#include <QString>
#include <QWidget>

#include <vector>

namespace permanence::ui {

enum class FrameState : char { Absent, Visible, Hidden };

struct TimelineRow {
  QString name;
  QColor colour;
  std::vector<FrameState> frames;
  std::vector<int> keyframes;
};

class ObjectTimeline : public QWidget {
  Q_OBJECT
 public:
  explicit ObjectTimeline(QWidget* parent = nullptr);
  void setRows(std::vector<TimelineRow> rows, int frameCount);
  void setCurrentFrame(int frame);
  const std::vector<TimelineRow>& rows() const { return rows_; }

 Q_SIGNALS:
  void frameClicked(int frame);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  static constexpr int kRowHeight = 18;
  static constexpr int kNameWidth = 90;
  double frameWidth() const;

  std::vector<TimelineRow> rows_;
  int frameCount_ = 0;
  int current_ = 0;
};

}  // namespace permanence::ui
