// Playback speed of the editor: the main window (offscreen platform unless another is
// set, 1280x720) plays a clip from its first frame to its last at the clip's rate;
// printed are the frames played per second against the clip's rate, how many
// distinct frames reached the viewer, and the CPU time per played frame of the GUI
// thread and of the whole process (these hold on a machine busy with other work,
// where the rate does not). Scenarios: the bare clip, with one tracked object (a
// click, then Track), and with that object de-occluded (K samples).
// usage: harness_playback [CLIP] [--click X,Y] [--scenario bare|tracked|deoccluded] [--topk K] [--project DIR]
//   CLIP defaults to ../shared/data/videos/02_cups.mp4 and --click to its ball (340,475).
//   --project DIR: the prepared scenario is saved there, and played from there when
//   it exists (prepare once, measure many times).
#include "composition.h"
#include "composition_editor.h"
#include "job_controller.h"
#include "main_window.h"
#include "sample_gallery.h"
#include "timeline.h"
#include "viewer.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

#include <sys/resource.h>

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
  std::string project;
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
    } else if (option == "--project" && hasValue) {
      args.project = argv[++i];
    } else if (option.rfind("--", 0) != 0) {
      args.clip = option;
    } else {
      std::fprintf(stderr,
                   "usage: harness_playback [CLIP] [--click X,Y] [--scenario bare|tracked|deoccluded] [--topk K] "
                   "[--project DIR]\n");
      std::exit(2);
    }
  }
  return args;
}

// CPU seconds of the calling thread (RUSAGE_THREAD) or of the process (RUSAGE_SELF).
double cpuSeconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

bool waitForJobs(MainWindow& window, int seconds) {
  return QTest::qWaitFor([&] { return !window.jobs()->isBusy(); }, seconds * 1000);
}

// After a de-occlusion the background plate follows as a job of its own, started a
// moment later: wait for it too, so that nothing is computed while the clip plays.
bool waitForThePlate(MainWindow& window, int seconds) {
  const permanence::ui::Composition& composition = window.composition()->composition();
  return QTest::qWaitFor(
      [&] {
        return !window.jobs()->isBusy() && (composition.deoccludedObjects().empty() || composition.plateIsCurrent());
      },
      seconds * 1000);
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
  return waitForThePlate(window, 3600);
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
  if (!QTest::qWaitForWindowExposed(&window)) return 1;
  const QString project = QString::fromStdString(args.project);
  if (!project.isEmpty() && fs::exists(args.project)) {
    if (!window.openProject(project) || !waitForThePlate(window, 3600)) return 1;
  } else {
    if (!window.openSource(QString::fromStdString(args.clip))) return 1;
    if (!prepare(window, args)) {
      std::fprintf(stderr, "the %s scenario could not be prepared\n", args.scenario.c_str());
      return 1;
    }
    if (!project.isEmpty() && !window.saveProjectTo(project)) return 1;
  }
  window.setCurrentFrame(0);
  QTest::qWaitFor([&] { return window.shownFrame() == 0; }, 5000);
  // The timeline's thumbnails and the Top-K previews are made in the background after
  // an open: let them finish first.
  const permanence::ui::SampleGallery* gallery = window.gallery();
  QTest::qWaitFor(
      [&] {
        for (int k = 0; k < gallery->entryCount(); ++k)
          if (gallery->previewsReady(k) < gallery->previewSteps()) return false;
        return true;
      },
      600000);
  for (int count = -1; count != window.timeline()->thumbnailCount();) {
    count = window.timeline()->thumbnailCount();
    QTest::qWait(1000);
  }

  int shown = 0, lastShown = window.shownFrame();
  QTimer watch;  // counts the frames that reached the screen
  QObject::connect(&watch, &QTimer::timeout, [&] {
    if (window.shownFrame() != lastShown) {
      ++shown;
      lastShown = window.shownFrame();
    }
  });
  watch.start(1);
  std::printf("playing\n");  // a profiler can attach from here
  std::fflush(stdout);
  QElapsedTimer clock;
  clock.start();
  const double guiStart = cpuSeconds(RUSAGE_THREAD), processStart = cpuSeconds(RUSAGE_SELF);
  window.togglePlayback();
  QTest::qWaitFor([&] { return !window.isPlaying(); }, 600000);
  const double seconds = clock.elapsed() / 1000.0;
  const double guiCpu = cpuSeconds(RUSAGE_THREAD) - guiStart, processCpu = cpuSeconds(RUSAGE_SELF) - processStart;
  const int frames = window.currentFrame();
  const double rate = window.session().frames()->frameRate().toDouble();
  std::printf("%s: played %d frames in %.2f s: %.1f fps for a %.2f fps clip (%.0f%%); %d distinct frames seen; "
              "CPU per frame: GUI thread %.1f ms, process %.1f ms\n",
              project.isEmpty() ? args.scenario.c_str() : "project", frames, seconds, frames / seconds, rate,
              100 * frames / seconds / rate, shown, 1000 * guiCpu / std::max(1, frames),
              1000 * processCpu / std::max(1, frames));
  return 0;
}
