#pragma once
// The clip's time axis: a scrubber row with the playhead and a strip of thumbnails,
// then one row per object painting the frames where it is visible in its colour,
// hidden (behind something: an amodal shape but no visible mask) hatched, absent
// dark, its keyframes as diamonds, its layer's transform keyframes as squares and
// what is being computed for it.
#include <QColor>
#include <QImage>
#include <QString>
#include <QWidget>

#include <map>
#include <vector>

namespace permanence::ui {

enum class Presence : unsigned char { Absent, Hidden, Visible };

struct TimelineRow {
  QString name;
  QColor colour;
  std::vector<Presence> presence;  // one per frame
  std::vector<int> keyframes;
  std::vector<int> layerKeyframes;  // frames where its layer's transform is keyed (small squares)
  QString state;  // what is being computed for the object ("tracking 40%"), or empty
};

class Timeline : public QWidget {
  Q_OBJECT
 public:
  explicit Timeline(QWidget* parent = nullptr);

  void setFrameCount(int count);
  void setCurrentFrame(int frame);
  void setRows(std::vector<TimelineRow> rows);
  const std::vector<TimelineRow>& rows() const { return rows_; }
  // A thumbnail for the strip, shown from `frame` up to the next thumbnail's frame.
  void setThumbnail(int frame, const QImage& image);
  int thumbnailCount() const { return static_cast<int>(thumbnails_.size()); }
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
  void paintThumbnails(QPainter& p);
  void paintRowState(QPainter& p, const QString& state, double top);

  int frameCount_ = 0;
  int current_ = 0;
  std::vector<TimelineRow> rows_;
  std::map<int, QImage> thumbnails_;  // frame -> image
};

}  // namespace permanence::ui
