#pragma once
// The Top-K chooser: after a de-occlusion run with K samples, the K alternatives of
// the selected object side by side, each a small looping preview of its completed
// layer over the clip with its rank, score and what it assumed. Clicking one asks
// for it to be chosen (`sampleChosen`); the window makes that an undoable command and
// tells the gallery the choice back with setSamples. Previews are made off the GUI
// thread (SamplePreviewWorker) and animated by a timer at about the clip's pace.
#include "object_session.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <QWidget>

#include <vector>

class QGridLayout;
class QLabel;
class QScrollArea;
class QTimer;

namespace permanence::ui {

// The clip the samples belong to, as the gallery needs it.
struct GalleryClip {
  QString path;
  QSize frameSize;
  int frameCount = 0;
  double fps = 25;
};

class SamplePreviewWorker;
class SampleTile;

class SampleGallery : public QWidget {
  Q_OBJECT
 public:
  explicit SampleGallery(QWidget* parent = nullptr);
  ~SampleGallery() override;

  // The samples of one object of `clip` (null: none), `chosen` marked. The same
  // samples again only move the mark; new ones restart the previews.
  void setSamples(const GalleryClip& clip, ObjectSamples samples, int chosen);

  int entryCount() const { return static_cast<int>(tiles_.size()); }
  QWidget* entry(int sample) const;
  QString entryCaption(int sample) const;
  // What the sample assumed, in words (sampleWords' caption), and whether they fit
  // its tile uncut.
  QString entryWords(int sample) const;
  bool entryWordsFit(int sample) const;
  int chosen() const { return chosen_; }
  // How many preview frames each entry loops through, and how many of them arrived.
  int previewSteps() const { return static_cast<int>(frames_.size()); }
  int previewsReady(int sample) const;
  // That step's preview of a sample (null until it arrives).
  QImage entryPreview(int sample, int step) const;
  // The preview step on screen.
  int currentStep() const { return step_; }
  // Room for two entries side by side and a whole row of them; the minimum is
  // smaller (the entries scroll) and does not change with them.
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 Q_SIGNALS:
  void sampleChosen(int sample);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void clearTiles();
  void layOutTiles();
  void advance();
  void onPreviewReady(int sample, int step, const QImage& image);

  SamplePreviewWorker* worker_ = nullptr;
  QTimer* timer_ = nullptr;
  QScrollArea* scroll_ = nullptr;
  QWidget* grid_ = nullptr;
  QGridLayout* layout_ = nullptr;
  QLabel* placeholder_ = nullptr;
  std::vector<SampleTile*> tiles_;
  ObjectSamples samples_;
  std::vector<int> frames_;  // the frames the previews show, one per step
  int chosen_ = -1;
  int step_ = 0;
  int columns_ = 0;
};

}  // namespace permanence::ui
