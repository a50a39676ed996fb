// The settings dialog and the jobs dock: unavailable backends are shown disabled with
// the reason, diffusion only with a weights folder it accepts; accepted settings are
// stored and applied (cache size, default K, and the backends, weights folder and
// device the de-occlusion job runs with); each job gets a row with a working cancel
// button and its outcome.
#include "diffusion/diffusion_backends.h"
#include "job_controller.h"
#include "jobs_panel.h"
#include "main_window.h"
#include "settings_dialog.h"
#include "test_paths.h"
#include "timeline.h"
#include "viewer.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTest>
#include <QTimer>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using permanence::test::TempDir;
using permanence::ui::EditorSettings;
using permanence::ui::MainWindow;

namespace {

// A bright square sliding over a dark noisy background.
void writeClip(const std::string& folder, int frames) {
  cv::RNG rng(11);
  for (int f = 0; f < frames; ++f) {
    cv::Mat frame(120, 160, CV_8UC3);
    rng.fill(frame, cv::RNG::UNIFORM, cv::Scalar(20, 20, 20), cv::Scalar(70, 70, 70));
    cv::rectangle(frame, cv::Rect(30 + 3 * f, 40, 36, 36), cv::Scalar(40, 220, 240), cv::FILLED);
    char name[32];
    std::snprintf(name, sizeof name, "/%03d.png", f);
    cv::imwrite(folder + name, frame);
  }
}

// Listed and enabled.
bool itemEnabled(QComboBox* combo, const QString& text) {
  auto* model = qobject_cast<QStandardItemModel*>(combo->model());
  const int index = combo->findText(text);
  return index >= 0 && model->item(index)->isEnabled();
}

}  // namespace

class TestEditorPanels : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void settingsDialogListsAndStores();
  void settingsApplyToTheWindow();
  void jobsPanelCancelsAndRecordsOutcomes();
  void timelineThumbnailsAndTracks();
  void settingsRoundTrip();
  void diffusionNeedsWeightsAndTheJobUsesThem();

 private:
  TempDir settingsDir_;
};

void TestEditorPanels::initTestCase() {
  // Keep the user's real settings out of the test.
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, QString::fromStdString(settingsDir_.path().string()));
  QCoreApplication::setOrganizationName("PermanenceTest");
  QCoreApplication::setApplicationName("test_editor_panels");
}

void TestEditorPanels::settingsDialogListsAndStores() {
  EditorSettings start;
  start.defaultK = 4;
  start.amodalBackend = "diffusion";  // without its model files: falls back to classic
  permanence::ui::SettingsDialog dialog(start);
  const QList<QComboBox*> combos = dialog.findChildren<QComboBox*>();
  QCOMPARE(combos.size(), 4);  // three stages and the device
  using permanence::ui::Stage;
  const Stage stages[] = {Stage::Track, Stage::Amodal, Stage::Complete};
  for (int stage = 0; stage < 3; ++stage) {
    // Only what this installation has is offered.
    QCOMPARE(combos[stage]->count(), static_cast<int>(permanence::ui::availableBackends(stages[stage]).size()));
    QCOMPARE(combos[stage]->findText("learned"), -1);
    QVERIFY(itemEnabled(combos[stage], "classic"));
  }
  const bool diffusionUsable =
      permanence::ui::backendUnavailableReason(permanence::ui::Stage::Amodal, "diffusion", start).isEmpty();
  QCOMPARE(itemEnabled(combos[1], "diffusion"), diffusionUsable);
  if (!diffusionUsable) QCOMPARE(combos[1]->currentText(), QString("classic"));
  if (!diffusionUsable && combos[1]->findText("diffusion") >= 0) {  // installed, without its model files
    auto* reasons = dialog.findChild<QLabel*>("unavailableReasons");
    QVERIFY(reasons->text().contains("diffusion", Qt::CaseInsensitive));
  }
  QVERIFY(itemEnabled(combos[3], "cpu"));

  EditorSettings chosen = dialog.settings();
  QCOMPARE(chosen.defaultK, 4);
  chosen.cacheMb = 256;
  chosen.weightsDir = "/models";
  chosen.save();
  const EditorSettings loaded = EditorSettings::load();
  QCOMPARE(loaded.cacheMb, 256);
  QCOMPARE(loaded.defaultK, 4);
  QCOMPARE(loaded.weightsDir, QString("/models"));
  QCOMPARE(loaded.amodalBackend, QString("classic"));
}

void TestEditorPanels::settingsApplyToTheWindow() {
  MainWindow window;
  EditorSettings settings = window.settings();
  settings.cacheMb = 128;
  settings.defaultK = 5;
  window.applySettings(settings);
  QCOMPARE(window.cacheBudgetBytes(), std::size_t(128) << 20);
  QCOMPARE(window.topK(), 5);
  MainWindow next;  // a new session starts from the stored settings
  QCOMPARE(next.topK(), 5);
  QCOMPARE(next.cacheBudgetBytes(), std::size_t(128) << 20);
}

void TestEditorPanels::jobsPanelCancelsAndRecordsOutcomes() {
  TempDir dir;
  writeClip(dir.path().string(), 30);
  MainWindow window;
  window.resize(900, 600);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(window.openSource(QString::fromStdString(dir.path().string())));
  window.viewer()->clickAt(window.viewer()->toWidget(QPointF(48, 58)).toPoint(), {});
  QTRY_VERIFY(!window.session().isSegmenting());
  permanence::ui::JobsPanel* panel = window.jobsPanel();
  QSignalSpy finished(window.jobs(), &permanence::ui::JobController::finished);

  QVERIFY(window.trackCurrentObject());
  QCOMPARE(panel->jobCount(), 1);
  QVERIFY(panel->jobName(0).startsWith("Track"));
  QVERIFY(panel->outcome(0).isEmpty());
  QVERIFY(panel->cancelButton() != nullptr);
  QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
  QCOMPARE(panel->outcome(0), QString("cancelled"));
  QVERIFY(panel->cancelButton() == nullptr);
  QCOMPARE(window.session().object(0).track.mask(20).area(), 0);

  QVERIFY(window.trackCurrentObject());
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, 20000);
  QCOMPARE(panel->jobCount(), 2);
  QCOMPARE(panel->outcome(1), QString("succeeded"));
  QVERIFY(window.session().object(0).track.mask(20).area() > 0);
}

void TestEditorPanels::timelineThumbnailsAndTracks() {
  TempDir dir;
  writeClip(dir.path().string(), 12);
  MainWindow window;
  window.resize(900, 600);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QVERIFY(window.openSource(QString::fromStdString(dir.path().string())));
  // One thumbnail per frame for a clip this short, made off the GUI thread.
  QTRY_COMPARE_WITH_TIMEOUT(window.timeline()->thumbnailCount(), 12, 10000);

  window.setCurrentFrame(4);
  QTRY_COMPARE(window.shownFrame(), 4);  // a click goes to the frame on screen
  window.viewer()->clickAt(window.viewer()->toWidget(QPointF(48 + 12, 58)).toPoint(), {});
  QCOMPARE(window.timeline()->rows().size(), std::size_t(1));
  QCOMPARE(window.timeline()->rows()[0].state, QString("segmenting\u2026"));
  QTRY_VERIFY(!window.session().isSegmenting());
  using permanence::ui::Presence;
  const permanence::ui::TimelineRow& row = window.timeline()->rows()[0];
  QVERIFY(row.state.isEmpty());
  QCOMPARE(row.keyframes, std::vector<int>{4});
  QCOMPARE(row.presence[4], Presence::Visible);
  QCOMPARE(row.presence[0], Presence::Absent);
  QVERIFY(window.timeline()->grab().save(QCoreApplication::applicationDirPath() + "/test_editor_panels_timeline.png"));
}

void TestEditorPanels::settingsRoundTrip() {
  EditorSettings chosen;
  chosen.trackBackend = "classic";
  chosen.amodalBackend = "diffusion";
  chosen.completeBackend = "classic";
  chosen.device = "cuda:1+bf16";
  chosen.weightsDir = "/data/weights";
  chosen.depthFile = "/data/depth_anything_v2_vitl.safetensors";
  chosen.cacheMb = 2048;
  chosen.defaultK = 6;
  chosen.save();
  const EditorSettings loaded = EditorSettings::load();
  QCOMPARE(loaded.trackBackend, chosen.trackBackend);
  QCOMPARE(loaded.amodalBackend, chosen.amodalBackend);
  QCOMPARE(loaded.completeBackend, chosen.completeBackend);
  QCOMPARE(loaded.device, chosen.device);
  QCOMPARE(loaded.weightsDir, chosen.weightsDir);
  QCOMPARE(loaded.depthFile, chosen.depthFile);
  QCOMPARE(loaded.cacheMb, 2048);
  QCOMPARE(loaded.defaultK, 6);
  // What a model backend starts with.
  const permanence::ModelBackendSettings model = loaded.modelSettings();
  QCOMPARE(QString::fromStdString(model.weightsDir), chosen.weightsDir);
  QCOMPARE(QString::fromStdString(model.depthWeights), chosen.depthFile);
  QCOMPARE(QString::fromStdString(model.device), chosen.device);
}

void TestEditorPanels::diffusionNeedsWeightsAndTheJobUsesThem() {
  // This process links the diffusion tier: register it as its plugin would.
  permanence::diffusion::registerDiffusionBackends(permanence::BackendRegistry::instance());
  EditorSettings start;
  start.amodalBackend = "diffusion";
  permanence::ui::SettingsDialog dialog(start);
  const QList<QComboBox*> combos = dialog.findChildren<QComboBox*>();
  // Registered, but no weights folder: not offered.
  QVERIFY(!itemEnabled(combos[1], "diffusion"));
  QCOMPARE(combos[1]->currentText(), QString("classic"));
  auto* reasons = dialog.findChild<QLabel*>("unavailableReasons");
  QVERIFY2(reasons->text().contains("weights"), qPrintable(reasons->text()));
  // A folder without the models: still not offered, and the reason names the folder.
  const QString missing = "/nonexistent/permanence-weights";
  auto* weights = dialog.findChild<QLineEdit*>("weightsDir");
  weights->setText(missing);
  Q_EMIT weights->editingFinished();
  QVERIFY(!itemEnabled(combos[1], "diffusion"));
  QVERIFY2(reasons->text().contains(missing), qPrintable(reasons->text()));
  QCOMPARE(dialog.settings().weightsDir, missing);

  // The de-occlusion job runs with the window's settings: asked for diffusion with
  // that folder, it fails naming the folder (a job that ignored them would run the
  // classic tier and succeed).
  TempDir dir;
  writeClip(dir.path().string(), 8);
  MainWindow window;
  EditorSettings settings = window.settings();
  settings.amodalBackend = "diffusion";
  settings.completeBackend = "diffusion";
  settings.weightsDir = missing;
  settings.device = "cpu";
  window.applySettings(settings);
  QVERIFY(window.openSource(QString::fromStdString(dir.path().string())));
  window.viewer()->clickAt(window.viewer()->toWidget(QPointF(48, 58)).toPoint(), {});
  QTRY_VERIFY(!window.session().isSegmenting());
  QSignalSpy finished(window.jobs(), &permanence::ui::JobController::finished);
  // The failure is reported in a dialog: close it when it shows.
  QTimer closer;
  connect(&closer, &QTimer::timeout, [] {
    if (QWidget* modal = QApplication::activeModalWidget()) modal->close();
  });
  closer.start(50);
  QVERIFY(window.deoccludeCurrentObject(2));
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
  QCOMPARE(finished.first().at(1).toInt(), static_cast<int>(permanence::JobStatus::Failed));
  QVERIFY2(finished.first().at(2).toString().contains(missing), qPrintable(finished.first().at(2).toString()));
  QVERIFY(window.session().object(0).samples == nullptr);  // a failed job leaves the project as it was
}

QTEST_MAIN(TestEditorPanels)
#include "test_editor_panels.moc"
