// The Top-K chooser: after a run with K samples the gallery shows K entries with
// their scores, each a looping preview of its completed layer over the clip made off
// the GUI thread; clicking entry 2 chooses sample 2 (undoable), the viewer then draws
// sample 2's layer, and the choice is saved in the project.
#include "edit_commands.h"
#include "main_window.h"
#include "project/project_store.h"
#include "sample_gallery.h"
#include "test_paths.h"
#include "viewer.h"

#include <QApplication>
#include "disc_clip.h"

#include <QTest>
#include <QUndoStack>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using permanence::test::TempDir;
using permanence::ui::MainWindow;
using permanence::ui::ObjectSample;

namespace {

constexpr int kFrames = 12;
constexpr int kWidth = 160;
constexpr int kHeight = 96;
constexpr int kRadius = 18;

// A light grey disc moving right over grey noise.
permanence::test::DiscClip clip() {
  permanence::test::DiscClip c;
  c.frames = kFrames;
  c.size = {kWidth, kHeight};
  c.radius = kRadius;
  c.start = {40, 48};
  c.step = 6;
  c.striped = false;
  c.seed = 9;
  return c;
}

cv::Point discCentre(int frame) { return clip().centre(frame); }

void writeClip(const std::string& folder) { permanence::test::writeDiscClip(clip(), folder); }

// K alternatives that paint the disc each in its own colour (BGR).
const cv::Scalar kColours[] = {cv::Scalar(0, 0, 255), cv::Scalar(0, 255, 0), cv::Scalar(255, 0, 0)};
const double kScores[] = {0.9, 0.7, 0.5};

permanence::ui::ObjectSamples makeSamples() {
  auto samples = std::make_shared<std::vector<ObjectSample>>();
  for (int k = 0; k < 3; ++k) {
    ObjectSample sample;
    sample.score = kScores[k];
    sample.label = QString("hypothesis %1").arg(k + 1);
    for (int f = 0; f < kFrames; ++f) {
      cv::Mat inside(kHeight, kWidth, CV_8U, cv::Scalar(0));
      cv::circle(inside, discCentre(f), kRadius, cv::Scalar(255), cv::FILLED);
      sample.amodal.push_back(permanence::Mask::fromMat(inside));
      cv::Mat bgra(kHeight, kWidth, CV_8UC4, cv::Scalar(0, 0, 0, 0));
      bgra.setTo(cv::Scalar(kColours[k][0], kColours[k][1], kColours[k][2], 255), inside);
      sample.layers.emplace_back();
      cv::imencode(".png", bgra, sample.layers.back());
    }
    samples->push_back(std::move(sample));
  }
  return samples;
}

// The preview's pixel over the disc centre of `frame`.
QColor previewAtDisc(const QImage& preview, int frame) {
  const double scale = preview.width() / double(kWidth);
  return preview.pixelColor(static_cast<int>(discCentre(frame).x * scale), static_cast<int>(discCentre(frame).y * scale));
}

}  // namespace

class TestSampleGallery : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void showsChoosesUndoesAndSaves();
};

void TestSampleGallery::showsChoosesUndoesAndSaves() {
  TempDir dir;
  const std::string clip = dir / "frames";
  std::filesystem::create_directories(clip);
  writeClip(clip);
  MainWindow window;
  window.resize(1300, 800);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(window.openSource(QString::fromStdString(clip)));
  permanence::ui::SampleGallery* gallery = window.gallery();
  QCOMPARE(gallery->entryCount(), 0);

  QUndoStack* undo = window.undoStack();
  undo->push(new permanence::ui::AddObjectCommand(window.session()));
  window.selectObject(0);
  const permanence::ui::ObjectSamples samples = makeSamples();
  undo->push(new permanence::ui::SetSamplesCommand(window.session(), 0, samples));

  QCOMPARE(gallery->entryCount(), 3);
  QCOMPARE(gallery->chosen(), 0);
  QVERIFY(gallery->entryCaption(0).contains("score 0.900"));
  QVERIFY(gallery->entryCaption(1).contains("score 0.700"));
  QVERIFY(gallery->entryCaption(2).contains("score 0.500"));
  QVERIFY(gallery->entryCaption(1).startsWith("#2"));

  // Previews of every step, each sample's colour over its frame's disc.
  QVERIFY(gallery->previewSteps() == kFrames);
  for (int k = 0; k < 3; ++k) QTRY_COMPARE_WITH_TIMEOUT(gallery->previewsReady(k), kFrames, 10000);
  for (int k = 0; k < 3; ++k)
    for (int step : {0, kFrames - 1}) {
      const QColor c = previewAtDisc(gallery->entryPreview(k, step), step);
      const int want[3] = {int(kColours[k][2]), int(kColours[k][1]), int(kColours[k][0])};
      QVERIFY2(std::abs(c.red() - want[0]) < 40 && std::abs(c.green() - want[1]) < 40 && std::abs(c.blue() - want[2]) < 40,
               qPrintable(QString("sample %1 step %2: %3").arg(k).arg(step).arg(c.name())));
    }
  // They loop through the clip.
  const int firstStep = gallery->currentStep();
  QTRY_VERIFY_WITH_TIMEOUT(gallery->currentStep() != firstStep, 3000);
  QVERIFY(window.grab().save(QApplication::applicationDirPath() + "/test_sample_gallery_window.png"));

  // Click entry 2: sample 2 is chosen, and the viewer draws its layer.
  QTest::mouseClick(gallery->entry(1), Qt::LeftButton);
  QCOMPARE(window.session().object(0).chosenSample, 1);
  QCOMPARE(gallery->chosen(), 1);
  QCOMPARE(undo->undoText(), QString("Choose sample 2 of Object 1"));
  const auto& overlays = window.viewer()->overlays();
  QVERIFY(!overlays.empty() && overlays.front().opaque);
  QCOMPARE(overlays.front().image,
           samples->at(1).layer(window.currentFrame()).convertToFormat(QImage::Format_ARGB32_Premultiplied));

  // Each kind of overlay can be turned off: the completed layer, the hidden part of
  // the amodal shape (hatched; all of the disc here, as nothing of it is tracked).
  QCOMPARE(overlays.size(), std::size_t(2));
  QVERIFY(!overlays.back().opaque && !overlays.back().image.isNull());
  window.setOverlayKinds({true, true, false});
  QCOMPARE(window.viewer()->overlays().size(), std::size_t(1));
  QVERIFY(!window.viewer()->overlays().front().opaque);
  window.setOverlayKinds({true, false, false});
  QVERIFY(window.viewer()->overlays().empty());
  window.setOverlayKinds({});

  undo->undo();
  QCOMPARE(window.session().object(0).chosenSample, 0);
  QCOMPARE(gallery->chosen(), 0);
  QCOMPARE(window.viewer()->overlays().front().image,
           samples->at(0).layer(window.currentFrame()).convertToFormat(QImage::Format_ARGB32_Premultiplied));
  undo->redo();
  QCOMPARE(gallery->chosen(), 1);

  // The choice is saved with the project.
  const std::filesystem::path project = dir.path() / "choice.permanence";
  QVERIFY(window.saveProjectTo(QString::fromStdString(project.string())));
  QCOMPARE(permanence::loadProject(project).objects.at(0).chosenSample, 1);

  // Undoing the run empties the gallery.
  undo->undo();
  undo->undo();
  QCOMPARE(gallery->entryCount(), 0);
}

QTEST_MAIN(TestSampleGallery)
#include "test_sample_gallery.moc"
