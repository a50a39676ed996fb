#include "object_timeline.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace permanence::ui {

ObjectTimeline::ObjectTimeline(QWidget* parent) : QWidget(parent) { setMinimumHeight(kRowHeight * 2); }

void ObjectTimeline::setRows(std::vector<TimelineRow> rows, int frameCount) {
  rows_ = std::move(rows);
  frameCount_ = frameCount;
  setMinimumHeight(kRowHeight * std::max<int>(2, int(rows_.size())));
  update();
}

void ObjectTimeline::setCurrentFrame(int frame) {
  current_ = frame;
  update();
}

double ObjectTimeline::frameWidth() const {
  return frameCount_ > 0 ? (width() - kNameWidth) / double(frameCount_) : 0.0;
}

void ObjectTimeline::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(28, 28, 28));
  const double w = frameWidth();
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const TimelineRow& row = rows_[r];
    const int y = int(r) * kRowHeight;
    painter.setPen(row.colour);
    painter.drawText(QRect(4, y, kNameWidth - 8, kRowHeight), Qt::AlignVCenter, row.name);
    for (std::size_t f = 0; f < row.frames.size(); ++f) {
      const QRectF cell(kNameWidth + f * w, y + 3, std::max(1.0, w), kRowHeight - 6);
      if (row.frames[f] == FrameState::Visible) painter.fillRect(cell, row.colour.darker(130));
      if (row.frames[f] == FrameState::Hidden) painter.fillRect(cell, QBrush(row.colour, Qt::BDiagPattern));
    }
    painter.setPen(Qt::white);
    for (int key : row.keyframes) {
      const double x = kNameWidth + (key + 0.5) * w;
      painter.drawLine(QPointF(x, y + 1), QPointF(x, y + kRowHeight - 1));
    }
  }
  painter.setPen(QColor(224, 160, 48));
  const double x = kNameWidth + (current_ + 0.5) * w;
  painter.drawLine(QPointF(x, 0), QPointF(x, height()));
}

void ObjectTimeline::mousePressEvent(QMouseEvent* event) {
  const double w = frameWidth();
  if (w <= 0 || event->position().x() < kNameWidth) return;
  Q_EMIT frameClicked(std::clamp(int((event->position().x() - kNameWidth) / w), 0, frameCount_ - 1));
}

}  // namespace permanence::ui
