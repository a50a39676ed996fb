// The editor explains itself: the empty window says how to start; Settings offers
// only what this installation can run, and says in plain words why an option is
// greyed out; Top-K entries say what each sample assumed in words ("follows the
// motion, ±12 frames"), uncut, and say it again after the project is saved and
// reopened.
#include "diffusion/diffusion_backends.h"
#include "edit_commands.h"
#include "main_window.h"
#include "sample_gallery.h"
#include "sample_words.h"
#include "settings_dialog.h"
#include "test_paths.h"
#include "viewer.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QStandardItemModel>
#include <QTest>
#include <QUndoStack>

#include <opencv2/imgproc.hpp>

#include <set>

#include "disc_clip.h"

using permanence::test::TempDir;
using permanence::ui::MainWindow;
using permanence::ui::sampleWords;

namespace {

// Words of a developer, not of a user of the editor.
bool soundsLikeADeveloper(const QString& text) {
  for (const char* word : {"--", "PERMANENCE_", ".so", "libtorch", "plugin", "build", "safetensors", "'"})
    if (text.contains(word)) return true;
  return false;
}

// The reasons a dialog gives: its note and the disabled options' tooltips.
QStringList reasonsOf(const permanence::ui::SettingsDialog& dialog) {
  QStringList reasons{dialog.findChild<QLabel*>("unavailableReasons")->text()};
  for (QComboBox* combo : dialog.findChildren<QComboBox*>()) {
    auto* model = qobject_cast<QStandardItemModel*>(combo->model());
    for (int i = 0; i < combo->count(); ++i)
      if (!model->item(i)->isEnabled()) reasons << model->item(i)->toolTip();
  }
  return reasons;
}

}  // namespace

class TestDiscoverability : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void emptyWindowSaysHowToStart();
  void settingsOfferWhatCanRunInPlainWords();
  void sampleWordsAreTheUsersWords();
  void captionsFitAndComeBackAfterReopening();
};

void TestDiscoverability::emptyWindowSaysHowToStart() {
  MainWindow window;
  window.resize(900, 600);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  const QString hint = window.viewer()->placeholder();
  QVERIFY2(hint.contains("Ctrl+O") && hint.contains("drop"), qPrintable(hint));
  // And it is painted: the empty viewer is more than its background.
  const QImage shown = window.viewer()->grab().toImage();
  std::set<QRgb> colours;
  for (int y = 0; y < shown.height(); y += 2)
    for (int x = 0; x < shown.width(); x += 2) colours.insert(shown.pixel(x, y));
  QVERIFY(colours.size() > 4);
}

void TestDiscoverability::settingsOfferWhatCanRunInPlainWords() {
  permanence::ui::EditorSettings settings;
  {
    permanence::ui::SettingsDialog dialog(settings);
    for (QComboBox* combo : dialog.findChildren<QComboBox*>()) QCOMPARE(combo->findText("learned"), -1);
    for (const QString& reason : reasonsOf(dialog)) QVERIFY2(!soundsLikeADeveloper(reason), qPrintable(reason));
  }
  // With the diffusion tier installed (registered here as its plugin would) but
  // without its model files: listed, greyed out, and the reason says what to do.
  permanence::diffusion::registerDiffusionBackends(permanence::BackendRegistry::instance());
  settings.weightsDir = "/nonexistent/models";
  permanence::ui::SettingsDialog dialog(settings);
  auto* amodal = dialog.findChildren<QComboBox*>()[1];
  QVERIFY(amodal->findText("diffusion") >= 0);
  const QStringList reasons = reasonsOf(dialog);
  QVERIFY(reasons.join('\n').contains("/nonexistent/models"));
  for (const QString& reason : reasons) QVERIFY2(!soundsLikeADeveloper(reason), qPrintable(reason));
}

void TestDiscoverability::sampleWordsAreTheUsersWords() {
  const auto words = sampleWords("similarity, ±12 frames, vote ≥ 0.3, background cue");
  QCOMPARE(words.caption, QString("follows the motion, ±12 frames"));
  for (const char* jargon : {"vote", "≥", "cue", "similarity"}) QVERIFY2(!words.description.contains(jargon), jargon);
  QVERIFY(words.description.contains("background"));
  const auto seeded = sampleWords("affine, ±6 frames, vote ≥ 0.35, convex completion (seed 4)");
  QCOMPARE(seeded.caption, QString("follows motion and tilt, ±6 frames"));
  QVERIFY(seeded.description.endsWith("variant 4"));
  QCOMPARE(sampleWords("diffusion seed 7").caption, QString("diffusion model, variant 7"));
  QCOMPARE(sampleWords("mirrored, ±3 frames").description.left(8), QString("mirrored"));  // unknown: kept
}

void TestDiscoverability::captionsFitAndComeBackAfterReopening() {
  TempDir dir;
  permanence::test::DiscClip clip;
  clip.frames = 6;
  permanence::test::writeDiscClip(clip, dir.path().string());
  MainWindow window;
  QVERIFY(window.openSource(QString::fromStdString(dir.path().string())));
  window.undoStack()->push(new permanence::ui::AddObjectCommand(window.session()));
  window.selectObject(0);
  // The labels the classic amodal backend gives its first three hypotheses.
  const QString labels[] = {"similarity, ±12 frames, vote ≥ 0.3, background cue",
                            "affine, ±12 frames, vote ≥ 0.3, background cue",
                            "similarity, ±6 frames, vote ≥ 0.4, convex completion (seed 12)"};
  auto samples = std::make_shared<std::vector<permanence::ui::ObjectSample>>();
  const permanence::Mask empty(clip.size.width, clip.size.height);
  for (const QString& label : labels)
    samples->push_back({0.5, label, std::vector<permanence::Mask>(clip.frames, empty),
                        std::vector<std::vector<uchar>>(clip.frames)});
  window.undoStack()->push(new permanence::ui::SetSamplesCommand(window.session(), 0, samples));
  permanence::ui::SampleGallery* gallery = window.gallery();
  QCOMPARE(gallery->entryCount(), 3);
  for (int k = 0; k < 3; ++k) {
    QCOMPARE(gallery->entryWords(k), sampleWords(labels[k]).caption);
    QVERIFY2(gallery->entryWordsFit(k), qPrintable(gallery->entryWords(k)));
  }
  const QString project = QString::fromStdString(dir / "captions.permanence");
  QVERIFY(window.saveProjectTo(project));
  MainWindow reopened;
  QVERIFY(reopened.openProject(project));
  reopened.selectObject(0);
  QCOMPARE(reopened.gallery()->entryCount(), 3);
  for (int k = 0; k < 3; ++k) QCOMPARE(reopened.gallery()->entryWords(k), sampleWords(labels[k]).caption);
}

QTEST_MAIN(TestDiscoverability)
#include "test_discoverability.moc"
