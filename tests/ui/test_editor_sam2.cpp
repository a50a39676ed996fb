// The sam2 tracking backend in the editor, through its plugin as installed, with
// random-weight SAM 2.1 tiny weights the test writes: a click's mask is SAM 2's (the
// same as the plugin's tracker gives for that prompt), tracking runs it after saying
// how long it takes on the CPU; without a weights file the editor says so and the
// classic tier segments.
#include "learned_track.h"
#include "main_window.h"
#include "job_controller.h"
#include "disc_clip.h"
#include "test_paths.h"
#include "viewer.h"

#include "backends/prompt_tracker.h"
#include "media/frame_source.h"
#include "nn/safetensors_writer.h"
#include "sam2/sam2_model.h"

#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QUndoStack>

#include <filesystem>

using permanence::test::TempDir;
using permanence::ui::EditorSettings;
using permanence::ui::MainWindow;
using permanence::ui::TrackDirection;

namespace {

// Tiny runs its 1024 x 1024 image encoder on every frame it sees (seconds each on the
// CPU): two frames.
constexpr int kFrames = 2;
// A click, then a track of the clip, each several encoder passes on a loaded 2-core machine.
constexpr int kModelWaitMs = 300000;

permanence::test::DiscClip clip() {
  permanence::test::DiscClip c;
  c.frames = kFrames;
  return c;
}

std::string writeTinyWeights(const std::string& path) {
  torch::manual_seed(3);
  permanence::sam2::Sam2Model model(permanence::sam2::Sam2Config::forSize("tiny"));
  permanence::nn::saveSafetensors(path, permanence::nn::moduleStateDict(*model));
  return path;
}

int differingPixels(const permanence::Mask& a, const permanence::Mask& b) {
  if (a.size() != b.size()) return -1;
  return cv::countNonZero(a.toMat() != b.toMat());
}

struct OpenWindow {
  TempDir dir;
  MainWindow window;
  bool start(const EditorSettings& settings) {
    std::filesystem::create_directories(dir.path() / "frames");
    permanence::test::writeDiscClip(clip(), (dir.path() / "frames").string());
    window.applySettings(settings);
    window.resize(1000, 700);
    window.show();
    return QTest::qWaitForWindowExposed(&window) &&
           window.openSource(QString::fromStdString((dir.path() / "frames").string()));
  }
  void clickDisc(int waitMs) {
    QTRY_COMPARE(window.shownFrame(), 0);
    const cv::Point centre = clip().centre(0);
    window.viewer()->clickAt(window.viewer()->toWidget(QPointF(centre.x + 0.5, centre.y + 0.5)).toPoint(), {});
    QTRY_VERIFY_WITH_TIMEOUT(!window.session().isSegmenting(), waitMs);
  }
};

}  // namespace

class TestEditorSam2 : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void clickAndTrackGiveSam2Masks();
  void withoutWeightsTheClassicTierSegmentsAndTheEditorSaysWhy();

 private:
  TempDir settingsDir_;
};

void TestEditorSam2::initTestCase() {
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, QString::fromStdString(settingsDir_.path().string()));
  QCoreApplication::setOrganizationName("PermanenceTest");
  QCoreApplication::setApplicationName("test_editor_sam2");
  // The plugin where the build puts it, next to permanence-cli.
  qputenv("PERMANENCE_PLUGIN_DIR",
          QByteArray::fromStdString(std::filesystem::path(permanence::test::cliPath()).parent_path().string()));
  QVERIFY(permanence::ui::availableBackends(permanence::ui::Stage::Track).contains("sam2"));
}

void TestEditorSam2::clickAndTrackGiveSam2Masks() {
  OpenWindow open;
  EditorSettings settings = open.window.settings();
  settings.trackBackend = "sam2";
  settings.sam2Weights = QString::fromStdString(writeTinyWeights((open.dir.path() / "tiny.safetensors").string()));
  QVERIFY(open.start(settings));
  MainWindow& window = open.window;
  open.clickDisc(kModelWaitMs);
  QVERIFY(window.session().object(0).track.isKeyframe(0));

  // The plugin's tracker on the same prompt gives the same mask: the click went to SAM 2.
  const auto prompts = permanence::ui::learnedPrompts(window.session().object(0));
  QCOMPARE(prompts.size(), std::size_t(1));
  QCOMPARE(prompts[0].clicks.size(), std::size_t(1));
  auto tracker = permanence::makePromptTracker("sam2", settings.trackingSettings());
  auto frames = permanence::openFrameSource((open.dir.path() / "frames").string());
  const permanence::Mask expected = tracker->segment(*frames, prompts[0]);
  QCOMPARE(differingPixels(window.session().object(0).track.mask(0), expected), 0);

  QSignalSpy finished(window.jobs(), &permanence::ui::JobController::finished);
  QVERIFY(window.trackCurrentObject(TrackDirection::Forward));
  // Before it runs the editor says what it will take (the click measured the encoder).
  QVERIFY2(window.statusBar()->currentMessage().contains("SAM 2 on the CPU is a quality mode for short clips: about"),
           qPrintable(window.statusBar()->currentMessage()));
  QVERIFY(finished.wait(kModelWaitMs) || !finished.isEmpty());
  QCOMPARE(finished.first().at(1).toInt(), static_cast<int>(permanence::JobStatus::Succeeded));
  QVERIFY(window.undoStack()->undoText().startsWith("Track forward"));
  QCOMPARE(window.session().object(0).track.mask(1).size(), frames->frameSize());
  // SAM 2 tracked: a fall-back to the classic tier would say so.
  QVERIFY2(!window.statusBar()->currentMessage().contains("cannot start"),
           qPrintable(window.statusBar()->currentMessage()));
}

void TestEditorSam2::withoutWeightsTheClassicTierSegmentsAndTheEditorSaysWhy() {
  OpenWindow open;
  EditorSettings settings = open.window.settings();
  settings.trackBackend = "sam2";
  settings.sam2Weights.clear();
  MainWindow& window = open.window;
  window.applySettings(settings);
  QVERIFY2(window.statusBar()->currentMessage().contains("SAM 2 needs its weights"),
           qPrintable(window.statusBar()->currentMessage()));
  QVERIFY(window.statusBar()->currentMessage().contains("classic tier"));
  QVERIFY(open.start(settings));
  open.clickDisc(30000);
  // GrabCut's mask: the disc under the click.
  QVERIFY(window.session().object(0).track.mask(0).toMat().at<uchar>(clip().centre(0)) > 0);
}

QTEST_MAIN(TestEditorSam2)
#include "test_editor_sam2.moc"
