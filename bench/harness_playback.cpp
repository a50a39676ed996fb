// Playback speed of the editor: the main window (offscreen platform unless another is
// set, 1280x720) plays a clip from its first frame to its last at the clip's rate;
// printed are the frames played per second against the clip's rate and how many
// distinct frames reached the viewer. Scenarios: the bare clip, with one tracked
// object (a click, then Track), and with that object de-occluded (K samples).
// usage: harness_playback [CLIP] [--click X,Y] [--scenario bare|tracked|deoccluded] [--topk K]
//   CLIP defaults to ../shared/data/videos/02_cups.mp4 and --click to its ball (340,475).
#include "job_controller.h"
#include "main_window.h"
#include "viewer.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using permanence::ui::MainWindow;

namespace {

struct Arguments {
  std::string clip = (fs::path(PERMANENCE_SOURCE_DIR) / ".." / "shared" / "data" / "videos" / "02_cups.mp4").string();
  QPoint click{340, 475};
  std::string scenario = "bare";
  int topK = 3;
};

Arguments parse(int argc, char** argv) {
  Arguments args;
  for (int i = 1; i < argc; ++i) {
    const std::string option = argv[i];
    const bool hasValue = i + 1 < argc;
    if (option == "--click" && hasValue) {
      int x = 0, y = 0;
      if (std::sscanf(argv[++i], "%d,%d", &x, &y) != 2) std::exit(2);
      args.click = {x, y};
    } else if (option == "--scenario" && hasValue) {
      args.scenario = argv[++i];
    } else if (option == "--topk" && hasValue) {
      args.topK = std::atoi(argv[++i]);
    } else if (option.rfind("--", 0) != 0) {
      args.clip = option;
    } else {
      std::fprintf(stderr, "usage: harness_playback [CLIP] [--click X,Y] [--scenario bare|tracked|deoccluded] [--topk K]\n");
      std::exit(2);
    }
  }
  return args;
}

bool waitForJobs(MainWindow& window, int seconds) {
  return QTest::qWaitFor([&] { return !window.jobs()->isBusy(); }, seconds * 1000);
}

// Prepares the scenario's objects; false when a step fails.
bool prepare(MainWindow& window, const Arguments& args) {
  if (args.scenario == "bare") return true;
  window.viewer()->clickAt(window.viewer()->toWidget(QPointF(args.click) + QPointF(0.5, 0.5)).toPoint(), {});
  if (!QTest::qWaitFor([&] { return !window.session().isSegmenting(); }, 30000)) return false;
  QElapsedTimer clock;
  clock.start();
  if (!window.trackCurrentObject() || !waitForJobs(window, 1200)) return false;
  std::printf("tracked in %.1f s\n", clock.elapsed() / 1000.0);
  if (args.scenario == "tracked") return true;
  clock.restart();
  if (!window.deoccludeCurrentObject(args.topK) || !waitForJobs(window, 3600)) return false;
  std::printf("de-occluded (K = %d) in %.1f s\n", args.topK, clock.elapsed() / 1000.0);
  return waitForJobs(window, 3600);  // the background plate follows
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  const Arguments args = parse(argc, argv);
  if (!fs::exists(args.clip)) {
    std::printf("%s not found: skipped\n", args.clip.c_str());
    return 0;
  }
  MainWindow window;
  window.resize(1280, 720);
  window.show();
  if (!QTest::qWaitForWindowExposed(&window) || !window.openSource(QString::fromStdString(args.clip))) return 1;
  if (!prepare(window, args)) {
    std::fprintf(stderr, "the %s scenario could not be prepared\n", args.scenario.c_str());
    return 1;
  }
  window.setCurrentFrame(0);
  QTest::qWaitFor([&] { return window.shownFrame() == 0; }, 5000);
  QTest::qWait(500);  // the thumbnails and previews settle

  int shown = 0, lastShown = window.shownFrame();
  QTimer watch;  // counts the frames that reached the screen
  QObject::connect(&watch, &QTimer::timeout, [&] {
    if (window.shownFrame() != lastShown) {
      ++shown;
      lastShown = window.shownFrame();
    }
  });
  watch.start(1);
  QElapsedTimer clock;
  clock.start();
  window.togglePlayback();
  QTest::qWaitFor([&] { return !window.isPlaying(); }, 600000);
  const double seconds = clock.elapsed() / 1000.0;
  const int frames = window.currentFrame();
  const double rate = window.session().frames()->frameRate().toDouble();
  std::printf("%s: played %d frames in %.2f s: %.1f fps for a %.2f fps clip (%.0f%%); %d distinct frames seen\n",
              args.scenario.c_str(), frames, seconds, frames / seconds, rate, 100 * frames / seconds / rate, shown);
  return 0;
}
