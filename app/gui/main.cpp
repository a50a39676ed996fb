// permanence: the editor.
#include "dark_theme.h"
#include "main_window.h"

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
