// permanence: the editor. `permanence [CLIP]` opens a video, a frame folder or a project;
// `--screenshot FILE` writes the window once the clip is shown and quits (for
// checking the app under a real or virtual X server).
#include "dark_theme.h"
#include "heap_policy.h"
#include "main_window.h"

#include <QApplication>
#include <QCommandLineParser>
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
  parser.addPositionalArgument("clip", "A video file, a folder of frames or a project folder to open.", "[clip]");
  parser.process(app);

  permanence::ui::applyDarkTheme(app);
  permanence::ui::MainWindow window;
  window.show();
  const QStringList args = parser.positionalArguments();
  if (!args.isEmpty()) window.openPath(args.first());
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
