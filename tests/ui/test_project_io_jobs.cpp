// Opening and saving a project run as jobs: the event loop keeps running while the
// project's masks, samples and clip are read or written (a heartbeat timer counts
// its turns and the longest gap between them), the status bar shows the progress,
// and the project comes back whole.
#include "disc_clip.h"
#include "main_window.h"
#include "media/image_codec.h"
#include "test_paths.h"
#include "viewer.h"

#include <QElapsedTimer>
#include <QStatusBar>
#include <QTest>
#include <QTimer>

#include <opencv2/imgcodecs.hpp>

using permanence::test::TempDir;
using permanence::ui::MainWindow;

namespace {

constexpr int kFrames = 60;
constexpr int kSamples = 3;

permanence::test::DiscClip clip() {
  permanence::test::DiscClip c;
  c.frames = kFrames;
  c.size = {320, 240};
  c.step = 2;
  return c;
}

// Counts the event loop's turns and the longest gap between two of them while it lives;
// records what the status bar said meanwhile.
class Heartbeat {
 public:
  explicit Heartbeat(QStatusBar* bar) {
    clock_.start();
    QObject::connect(&timer_, &QTimer::timeout, [this, bar] {
      ++beats_;
      longest_ = std::max(longest_, clock_.restart());
      if (!bar->currentMessage().isEmpty()) messages_ << bar->currentMessage();
    });
    timer_.start(5);
  }
  int beats() const { return beats_; }
  qint64 longestGapMs() const { return longest_; }
  const QStringList& messages() const { return messages_; }

 private:
  QTimer timer_;
  QElapsedTimer clock_;
  int beats_ = 0;
  qint64 longest_ = 0;
  QStringList messages_;
};

// A project of the disc clip with one object: its mask on every frame and K samples
// (masks and RGBA layers), so that opening it reads a few hundred PNG files.
bool makeProject(const TempDir& dir, const QString& project) {
  permanence::test::writeDiscClip(clip(), dir.path().string());
  MainWindow window;
  if (!window.openSource(QString::fromStdString(dir.path().string()))) return false;
  const cv::Point c = clip().centre(0);
  window.viewer()->clickAt(window.viewer()->toWidget(QPointF(c.x + 0.5, c.y + 0.5)).toPoint(), {});
  if (!QTest::qWaitFor([&] { return !window.session().isSegmenting(); }, 5000)) return false;
  std::vector<permanence::Mask> masks(kFrames, window.session().object(0).track.mask(0));
  window.session().setMasks(0, 0, masks);
  auto samples = std::make_shared<std::vector<permanence::ui::ObjectSample>>();
  const cv::Mat layer(clip().size, CV_8UC4, cv::Scalar(40, 80, 200, 255));
  for (int k = 0; k < kSamples; ++k)
    samples->push_back({1.0 - 0.1 * k, {}, masks, std::vector<std::vector<uchar>>(kFrames, permanence::encodePng(layer))});
  window.session().setSamples(0, samples, 1);
  return window.saveProjectTo(project);
}

}  // namespace

class TestProjectIoJobs : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void openKeepsTheEventLoopRunning();
  void saveKeepsTheEventLoopRunning();
};

void TestProjectIoJobs::openKeepsTheEventLoopRunning() {
  TempDir dir;
  const QString project = QString::fromStdString(dir / "disc.permanence");
  QVERIFY(makeProject(dir, project));
  MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QElapsedTimer clock;
  int beats = 0;
  qint64 longest = 0;
  QStringList messages;
  {
    Heartbeat heartbeat(window.statusBar());
    clock.start();
    QVERIFY(window.openProject(project));
    beats = heartbeat.beats();
    longest = heartbeat.longestGapMs();
    messages = heartbeat.messages();
  }
  qInfo("opened %d frames x %d files in %lld ms; %d event-loop turns meanwhile, longest gap %lld ms", kFrames,
        1 + 2 * kSamples, static_cast<long long>(clock.elapsed()), beats, static_cast<long long>(longest));
  QVERIFY2(beats > 0, "the event loop did not run during the open");
  QVERIFY2(!messages.filter("Opening disc.permanence").isEmpty(), qPrintable(messages.join(" | ")));
  QCOMPARE(window.session().objectCount(), 1);
  QCOMPARE(static_cast<int>(window.session().object(0).samples->size()), kSamples);
  QCOMPARE(window.session().object(0).chosenSample, 1);
  QVERIFY(window.session().object(0).track.mask(kFrames - 1).area() > 0);
  QVERIFY(!window.isWindowModified());
}

void TestProjectIoJobs::saveKeepsTheEventLoopRunning() {
  TempDir dir;
  const QString project = QString::fromStdString(dir / "disc.permanence");
  QVERIFY(makeProject(dir, project));
  MainWindow window;
  QVERIFY(window.openProject(project));
  const QString copy = QString::fromStdString(dir / "copy.permanence");
  int beats = 0;
  {
    Heartbeat heartbeat(window.statusBar());
    QVERIFY(window.saveProjectTo(copy));
    beats = heartbeat.beats();
  }
  QVERIFY2(beats > 0, "the event loop did not run during the save");
  MainWindow reopened;
  QVERIFY(reopened.openProject(copy));
  QCOMPARE(static_cast<int>(reopened.session().object(0).samples->size()), kSamples);
  QVERIFY(reopened.session().object(0).track.mask(30) == window.session().object(0).track.mask(30));
}

QTEST_MAIN(TestProjectIoJobs)
#include "test_project_io_jobs.moc"
