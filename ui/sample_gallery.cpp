#include "sample_gallery.h"

#include "sample_preview_worker.h"
#include "sample_words.h"
#include "thumbnail_worker.h"

#include <QGridLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace permanence::ui {
namespace {

constexpr int kThumbWidth = 128;
constexpr int kColumns = 2;  // entries side by side in the dock's usual width
constexpr int kMaxPreviewFrames = 24;
// The rank and score, then the sample's words on up to two lines.
constexpr int kCaptionLines = 3;
constexpr int kCaptionPadding = 6;
constexpr int kSpacing = 6;

}  // namespace

// One alternative: its looping preview, rank and score; a click chooses it.
class SampleTile : public QWidget {
 public:
  SampleTile(int sample, const ObjectSample& info, int steps, QSize thumb, QWidget* parent)
      : QWidget(parent), sample_(sample), thumb_(thumb), images_(steps) {
    caption_ = SampleGallery::tr("#%1   score %2").arg(sample + 1).arg(info.score, 0, 'f', 3);
    const SampleWords words = sampleWords(info.label);
    words_ = words.caption;
    setToolTip(words.description.isEmpty() ? caption_ : caption_ + "\n" + words.description);
    setFixedSize(thumb.width() + 8, thumb.height() + captionHeight(fontMetrics()) + 8);
    setCursor(Qt::PointingHandCursor);
  }

  const QString& caption() const { return caption_; }
  const QString& words() const { return words_; }
  // Where the words are drawn (below the rank and score line).
  QRect wordsRect() const {
    const QRect text = textRect();
    return text.adjusted(0, fontMetrics().lineSpacing(), 0, 0);
  }
  static int captionHeight(const QFontMetrics& metrics) { return kCaptionLines * metrics.lineSpacing() + kCaptionPadding; }
  void setChosen(bool chosen) {
    chosen_ = chosen;
    update();
  }
  void setPreview(int step, const QImage& image) {
    images_.at(step) = image;
    ++ready_;
    if (shown_.isNull()) showStep(step);
  }
  int ready() const { return ready_; }
  const QImage& preview(int step) const { return images_.at(step); }
  // Shows that step's preview; a step not made yet keeps the previous picture.
  void showStep(int step) {
    if (images_.at(step).isNull()) return;
    shown_ = images_[step];
    update();
  }
  std::function<void(int)> onClicked;

 protected:
  void paintEvent(QPaintEvent*) override {
    QPainter p(this);
    const QColor accent = palette().color(QPalette::Highlight);
    p.fillRect(rect(), chosen_ ? accent.darker(250) : palette().color(QPalette::Base));
    const QRect picture(4, 4, thumb_.width(), thumb_.height());
    if (shown_.isNull()) {
      p.fillRect(picture, QColor(40, 40, 44));
      p.setPen(palette().color(QPalette::PlaceholderText));
      p.drawText(picture, Qt::AlignCenter, SampleGallery::tr("decoding\u2026"));
    } else {
      p.drawImage(picture, shown_);
    }
    p.setPen(palette().color(QPalette::Text));
    QFont bold = font();
    bold.setBold(chosen_);
    p.setFont(bold);
    p.drawText(textRect(), Qt::AlignLeft | Qt::AlignTop, caption_);
    p.setFont(font());
    QColor dim = palette().color(QPalette::Text);
    dim.setAlpha(170);
    p.setPen(dim);
    p.drawText(wordsRect(), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, words_);
    p.setPen(QPen(chosen_ ? accent : palette().color(QPalette::Mid), chosen_ ? 3 : 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(rect().adjusted(1, 1, -2, -2));
  }
  void mousePressEvent(QMouseEvent* event) override {
    if (event->button() == Qt::LeftButton && onClicked) onClicked(sample_);
  }

 private:
  QRect textRect() const {
    return {6, 4 + thumb_.height() + 3, thumb_.width() - 4, captionHeight(fontMetrics()) - kCaptionPadding};
  }

  int sample_;
  QSize thumb_;
  QString caption_;
  QString words_;
  bool chosen_ = false;
  std::vector<QImage> images_;
  int ready_ = 0;
  QImage shown_;
};

SampleGallery::SampleGallery(QWidget* parent) : QWidget(parent) {
  worker_ = new SamplePreviewWorker(this);
  connect(worker_, &SamplePreviewWorker::previewReady, this, &SampleGallery::onPreviewReady);
  timer_ = new QTimer(this);
  connect(timer_, &QTimer::timeout, this, &SampleGallery::advance);
  placeholder_ = new QLabel(tr("De-occlude the selected object (Ctrl+D) to compare its Top-K alternatives here."), this);
  placeholder_->setWordWrap(true);
  placeholder_->setAlignment(Qt::AlignCenter);
  grid_ = new QWidget;
  layout_ = new QGridLayout(grid_);
  layout_->setSpacing(kSpacing);
  layout_->setContentsMargins(kSpacing, kSpacing, kSpacing, kSpacing);
  layout_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  scroll_ = new QScrollArea(this);
  scroll_->setWidget(grid_);
  scroll_->setWidgetResizable(true);
  scroll_->setFrameShape(QFrame::NoFrame);
  auto* box = new QVBoxLayout(this);
  box->setContentsMargins(0, 0, 0, 0);
  box->addWidget(placeholder_);
  box->addWidget(scroll_);
  scroll_->hide();
}

SampleGallery::~SampleGallery() { worker_->stop(); }

void SampleGallery::setSamples(const GalleryClip& clip, ObjectSamples samples, int chosen) {
  if (samples != samples_) {
    worker_->stop();
    clearTiles();
    samples_ = std::move(samples);
    if (samples_ && !samples_->empty()) {
      frames_ = thumbnailFrames(clip.frameCount, kMaxPreviewFrames);
      const QSize thumb(kThumbWidth, std::max(1, kThumbWidth * clip.frameSize.height() / std::max(1, clip.frameSize.width())));
      for (std::size_t k = 0; k < samples_->size(); ++k) {
        auto* tile = new SampleTile(static_cast<int>(k), samples_->at(k), previewSteps(), thumb, grid_);
        tile->onClicked = [this](int sample) { Q_EMIT sampleChosen(sample); };
        tiles_.push_back(tile);
      }
      layOutTiles();
      worker_->start(clip.path, samples_, frames_, thumb.width());
      // Loop the clip in about its own duration, however few frames the preview has.
      const double seconds = clip.frameCount / (clip.fps > 0 ? clip.fps : 25.0);
      timer_->start(std::clamp(static_cast<int>(1000 * seconds / previewSteps()), 60, 500));
    }
    placeholder_->setVisible(tiles_.empty());
    scroll_->setVisible(!tiles_.empty());
    updateGeometry();
  }
  chosen_ = tiles_.empty() ? -1 : std::clamp(chosen, 0, entryCount() - 1);
  for (int k = 0; k < entryCount(); ++k) tiles_[k]->setChosen(k == chosen_);
}

QSize SampleGallery::sizeHint() const {
  const QSize tile = tiles_.empty()
                         ? QSize(kThumbWidth + 8, kThumbWidth * 9 / 16 + SampleTile::captionHeight(fontMetrics()) + 8)
                         : tiles_.front()->size();
  const int rows = std::clamp((entryCount() + kColumns - 1) / kColumns, 1, 2);
  return {kColumns * (tile.width() + kSpacing) + kSpacing + scroll_->verticalScrollBar()->sizeHint().width() + 2,
          rows * (tile.height() + kSpacing) + kSpacing};
}

QSize SampleGallery::minimumSizeHint() const {
  // The same with or without entries (they scroll): a minimum that grew when the
  // samples arrived made the window grow after each de-occlusion.
  return {kThumbWidth + 8 + 2 * kSpacing, SampleTile::captionHeight(fontMetrics()) + 2 * kSpacing};
}

QWidget* SampleGallery::entry(int sample) const { return tiles_.at(sample); }

QString SampleGallery::entryCaption(int sample) const { return tiles_.at(sample)->caption(); }

QString SampleGallery::entryWords(int sample) const { return tiles_.at(sample)->words(); }

bool SampleGallery::entryWordsFit(int sample) const {
  const SampleTile* tile = tiles_.at(sample);
  const QRect room = tile->wordsRect();
  return tile->fontMetrics().boundingRect(QRect(0, 0, room.width(), 1 << 16), Qt::TextWordWrap, tile->words()).height() <=
         room.height();
}

int SampleGallery::previewsReady(int sample) const { return tiles_.at(sample)->ready(); }

QImage SampleGallery::entryPreview(int sample, int step) const { return tiles_.at(sample)->preview(step); }

void SampleGallery::clearTiles() {
  timer_->stop();
  for (SampleTile* tile : tiles_) delete tile;
  tiles_.clear();
  frames_.clear();
  step_ = 0;
  columns_ = 0;
}

void SampleGallery::layOutTiles() {
  if (tiles_.empty()) return;
  const int tileWidth = tiles_.front()->width() + kSpacing;
  const int available = width() - kSpacing - scroll_->verticalScrollBar()->sizeHint().width();
  const int columns = std::clamp(available / tileWidth, 1, entryCount());
  if (columns == columns_) return;
  columns_ = columns;
  for (SampleTile* tile : tiles_) layout_->removeWidget(tile);
  for (int k = 0; k < entryCount(); ++k) layout_->addWidget(tiles_[k], k / columns, k % columns);
}

void SampleGallery::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  layOutTiles();
}

void SampleGallery::advance() {
  if (frames_.empty()) return;
  step_ = (step_ + 1) % previewSteps();
  for (SampleTile* tile : tiles_) tile->showStep(step_);
}

void SampleGallery::onPreviewReady(int sample, int step, const QImage& image) {
  if (sample < entryCount() && step < previewSteps()) tiles_[sample]->setPreview(step, image);
}

}  // namespace permanence::ui
