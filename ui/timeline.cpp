#include "timeline.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace permanence::ui {
namespace {

constexpr int kLabelWidth = 90;
constexpr int kRulerHeight = 22;
constexpr int kRowHeight = 18;
constexpr int kStripHeight = 40;
constexpr int kTracksTop = kRulerHeight + kStripHeight + 2;

}  // namespace

Timeline::Timeline(QWidget* parent) : QWidget(parent) { setMinimumHeight(kTracksTop + 2 * kRowHeight); }

void Timeline::setFrameCount(int count) {
  frameCount_ = count;
  current_ = 0;
  thumbnails_.clear();
  update();
}

void Timeline::setThumbnail(int frame, const QImage& image) {
  thumbnails_[frame] = image;
  update();
}

void Timeline::setCurrentFrame(int frame) {
  current_ = frame;
  update();
}

void Timeline::setRows(std::vector<TimelineRow> rows) {
  rows_ = std::move(rows);
  setMinimumHeight(kTracksTop + std::max<int>(2, static_cast<int>(rows_.size())) * kRowHeight + 4);
  update();
}

QSize Timeline::sizeHint() const {
  return {800, kTracksTop + std::max<int>(3, static_cast<int>(rows_.size())) * kRowHeight + 4};
}

double Timeline::xOf(int frame) const {
  const double span = std::max(1, width() - kLabelWidth - 8);
  return kLabelWidth + span * frame / std::max(1, frameCount_);
}

int Timeline::frameAt(double x) const {
  const double span = std::max(1, width() - kLabelWidth - 8);
  const int frame = static_cast<int>((x - kLabelWidth) / span * frameCount_);
  return std::clamp(frame, 0, std::max(0, frameCount_ - 1));
}

void Timeline::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().color(QPalette::Base));
  if (frameCount_ <= 0) return;
  const double cell = xOf(1) - xOf(0);
  // Ruler: a tick every frame when there is room, a label every 10 (or 100) frames.
  p.setPen(palette().color(QPalette::Text));
  const int labelEvery = cell * 10 > 40 ? 10 : cell * 100 > 40 ? 100 : 1000;
  for (int f = 0; f < frameCount_; ++f) {
    const double x = xOf(f);
    if (f % labelEvery == 0) {
      p.drawLine(QPointF(x, kRulerHeight - 8), QPointF(x, kRulerHeight));
      p.drawText(QPointF(x + 2, kRulerHeight - 9), QString::number(f));
    } else if (cell >= 4) {
      p.drawLine(QPointF(x, kRulerHeight - 3), QPointF(x, kRulerHeight));
    }
  }
  paintThumbnails(p);
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const TimelineRow& row = rows_[r];
    const double top = kTracksTop + r * kRowHeight + 2;
    p.setPen(row.colour);
    p.drawText(QRectF(4, top, kLabelWidth - 8, kRowHeight - 2), Qt::AlignVCenter, row.name);
    for (int f = 0; f < frameCount_ && f < static_cast<int>(row.presence.size()); ++f) {
      const QRectF box(xOf(f), top + 2, std::max(1.0, cell - (cell > 3 ? 1 : 0)), kRowHeight - 6);
      p.fillRect(box, QColor(55, 55, 60));
      if (row.presence[f] == Presence::Visible) p.fillRect(box, row.colour.darker(130));
      if (row.presence[f] == Presence::Hidden) p.fillRect(box, QBrush(row.colour.darker(110), Qt::BDiagPattern));
    }
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(Qt::white);
    p.setPen(QPen(Qt::black, 1));
    for (int key : row.keyframes) {
      const QPointF c(xOf(key) + cell / 2, top + kRowHeight / 2.0 - 1);
      QPainterPath diamond;
      diamond.moveTo(c + QPointF(0, -5));
      diamond.lineTo(c + QPointF(5, 0));
      diamond.lineTo(c + QPointF(0, 5));
      diamond.lineTo(c + QPointF(-5, 0));
      diamond.closeSubpath();
      p.drawPath(diamond);
    }
    p.setBrush(QColor(90, 200, 255));
    for (int key : row.layerKeyframes) p.drawRect(QRectF(xOf(key) + cell / 2 - 3, top + kRowHeight - 8, 6, 6));
    p.setRenderHint(QPainter::Antialiasing, false);
    if (!row.state.isEmpty()) paintRowState(p, row.state, top);
  }
  const double playhead = xOf(current_) + cell / 2;
  p.setPen(QPen(QColor(255, 200, 40), 2));
  p.drawLine(QPointF(playhead, 0), QPointF(playhead, height()));
}

// A job's state ("tracking · 40%"), right-aligned in the row, on a backing of its own:
// drawn last, so the row's keyframes and masks under it never garble it.
void Timeline::paintRowState(QPainter& p, const QString& state, double top) {
  const QRectF row(xOf(0) + 4, top, width() - kLabelWidth - 16, kRowHeight - 2);
  const QRectF text = p.fontMetrics().boundingRect(row.toRect(), Qt::AlignVCenter | Qt::AlignRight, state);
  p.fillRect(text.adjusted(-4, 0, 2, 0) & row, QColor(30, 30, 34));
  p.setPen(Qt::white);
  p.drawText(row, Qt::AlignVCenter | Qt::AlignRight, state);
}

void Timeline::paintThumbnails(QPainter& p) {
  const QRectF strip(xOf(0), kRulerHeight, xOf(frameCount_) - xOf(0), kStripHeight);
  p.fillRect(strip, QColor(25, 25, 28));
  for (auto it = thumbnails_.begin(); it != thumbnails_.end(); ++it) {
    const auto next = std::next(it);
    const double left = xOf(it->first);
    const double right = next == thumbnails_.end() ? xOf(frameCount_) : xOf(next->first);
    const QRectF target(left, kRulerHeight + 1, right - left - 1, kStripHeight - 2);
    // Show the middle of the picture when the slot is narrower than the thumbnail.
    const QImage& image = it->second;
    const double scale = target.height() / image.height();
    const double sourceWidth = std::min<double>(image.width(), target.width() / scale);
    const QRectF source((image.width() - sourceWidth) / 2, 0, sourceWidth, image.height());
    p.drawImage(QRectF(target.topLeft(), QSizeF(sourceWidth * scale, target.height())), image, source);
  }
}

void Timeline::mousePressEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton && frameCount_ > 0) Q_EMIT frameRequested(frameAt(event->position().x()));
}

void Timeline::mouseMoveEvent(QMouseEvent* event) {
  if (event->buttons() & Qt::LeftButton && frameCount_ > 0) Q_EMIT frameRequested(frameAt(event->position().x()));
}

}  // namespace permanence::ui
