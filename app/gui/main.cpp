// permanence: the editor. `permanence [CLIP|PROJECT]` opens a video, a frame folder
// or a project (NAME.permanence, or the project.json in it, which is what the
// desktop entry is given); `--screenshot FILE` writes the window once it is shown
// and quits (for checking the app under a real or virtual X server).
#include "dark_theme.h"
#include "embedded_resources.h"
#include "heap_policy.h"
#include "main_window.h"
#include "project/project_store.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv) {
  permanence::keepLargeAllocationsInHeap();
  QApplication app(argc, argv);
  QApplication::setApplicationName("Permanence");
  QApplication::setOrganizationName("Permanence");
  QCommandLineParser parser;
  parser.setApplicationDescription("Permanence: click an object, see it whole.");
  parser.addHelpOption();
  const QCommandLineOption screenshot("screenshot", "Write a screenshot of the window to FILE after a moment and quit.",
                                      "FILE");
  parser.addOption(screenshot);
  parser.addPositionalArgument("clip", "A video file, a folder of frames or a project (NAME.permanence) to open.",
                                "[clip|project]");
  parser.process(app);

  QApplication::setWindowIcon(permanence::ui::applicationIcon());
  QGuiApplication::setDesktopFileName("permanence");  // resources/permanence.desktop
  permanence::ui::applyDarkTheme(app);
  permanence::ui::MainWindow window;
  window.show();
  const QStringList args = parser.positionalArguments();
  if (!args.isEmpty()) {
    // The desktop entry passes the project.json inside a project folder.
    const QFileInfo path(args.first());
    const bool projectFile = path.isFile() && path.fileName() == QString::fromUtf8(permanence::kProjectFileName);
    window.openPath(projectFile ? path.absolutePath() : path.filePath());
  }
  if (parser.isSet(screenshot)) {
    QTimer::singleShot(3000, &window, [&window, file = parser.value(screenshot)] {
      if (!window.grab().save(file)) {
        std::fprintf(stderr, "permanence: cannot write the screenshot %s\n", qPrintable(file));
        QApplication::exit(1);
        return;
      }
      QApplication::quit();
    });
  }
  return QApplication::exec();
}
