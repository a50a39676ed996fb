// permanence: the editor.
#include "main_window.h"
#include "theme.h"

#include <QApplication>

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName("Permanence");
  QApplication::setOrganizationName("Permanence");
  permanence::ui::applyDarkTheme(app);
  permanence::ui::MainWindow window;
  window.show();
  const QStringList args = QApplication::arguments();
  if (args.size() > 1) window.openSource(args.at(1));
  return QApplication::exec();
}
