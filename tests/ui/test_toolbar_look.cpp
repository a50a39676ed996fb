// The toolbar as users find it: every action has an icon from resources/ (compiled
// in, drawn by Qt's SVG engine) with a visibly dimmer disabled look, tooltips that
// name the shortcut, the menus show A and S for the click tools as the README says,
// and the dark style sheet and the application icon come from the binary itself.
#include "dark_theme.h"
#include "embedded_resources.h"
#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QImage>
#include <QTest>
#include <QToolBar>

using permanence::ui::MainWindow;

namespace {

// Mean alpha of the icon drawn at 24 px: 0 when nothing was drawn.
double meanAlpha(const QIcon& icon, QIcon::Mode mode) {
  const QImage image = icon.pixmap(QSize(24, 24), 1.0, mode).toImage().convertToFormat(QImage::Format_ARGB32);
  double sum = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) sum += qAlpha(image.pixel(x, y));
  return image.isNull() ? 0 : sum / (image.width() * image.height());
}

// The toolbar's buttons (its actions that are not separators or widgets), by tooltip.
std::map<QString, QAction*> toolbarActions(MainWindow& window) {
  std::map<QString, QAction*> actions;
  QToolBar* toolbar = window.findChild<QToolBar*>("tools");
  for (QAction* action : toolbar->actions())
    if (const QWidget* button = toolbar->widgetForAction(action); button && button->inherits("QToolButton"))
      actions[action->toolTip()] = action;
  return actions;
}

}  // namespace

class TestToolbarLook : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void everyToolbarActionHasAnIconAndADimmerDisabledLook();
  void tooltipsNameTheShortcutAndMenusSayAAndS();
  void styleSheetAndApplicationIconAreCompiledIn();
};

void TestToolbarLook::everyToolbarActionHasAnIconAndADimmerDisabledLook() {
  MainWindow window;
  const auto actions = toolbarActions(window);
  QCOMPARE(actions.size(), 15u);  // open, save, export, undo, redo, 3 tools, 4 tracks, de-occlude, composite, play
  for (const auto& [tip, action] : actions) {
    const double normal = meanAlpha(action->icon(), QIcon::Normal);
    QVERIFY2(normal > 5, qPrintable(tip + ": no icon drawn"));
    QVERIFY2(meanAlpha(action->icon(), QIcon::Disabled) < 0.5 * normal, qPrintable(tip + ": disabled looks enabled"));
  }
}

void TestToolbarLook::tooltipsNameTheShortcutAndMenusSayAAndS() {
  MainWindow window;
  const auto actions = toolbarActions(window);
  for (const QString tip : {"Add to object (A)", "Remove from object (S)", "Drag a box around the object (B)",
                            "Track Both Ways (Ctrl+T)", "Undo (Ctrl+Z)", "Redo (Ctrl+Shift+Z)", "Save the project (Ctrl+S)",
                            "Open a video (Ctrl+O)", "Play / pause (Space)"})
    QVERIFY2(actions.count(tip), qPrintable("no toolbar button with the tooltip " + tip));
  for (const auto& [tip, action] : actions) {
    const QString key = action->shortcut().toString(QKeySequence::NativeText);
    QVERIFY2(key.isEmpty() || tip.endsWith("(" + key + ")"), qPrintable(tip + " does not name " + key));
  }
  // A menu shows an action's first shortcut: A and S, as the README says; + and - still work.
  QAction* add = actions.at("Add to object (A)");
  QCOMPARE(add->shortcut(), QKeySequence(Qt::Key_A));
  QVERIFY(add->shortcuts().contains(QKeySequence(Qt::Key_Plus)));
  QCOMPARE(actions.at("Remove from object (S)")->shortcut(), QKeySequence(Qt::Key_S));
  QVERIFY(!add->text().contains('+'));
}

void TestToolbarLook::styleSheetAndApplicationIconAreCompiledIn() {
  permanence::ui::applyDarkTheme(*qApp);
  QVERIFY(qApp->styleSheet().contains("QToolTip"));
  QCOMPARE(qApp->palette().color(QPalette::Window), QColor(45, 45, 48));
  QVERIFY(meanAlpha(permanence::ui::applicationIcon(), QIcon::Normal) > 100);
}

QTEST_MAIN(TestToolbarLook)
#include "test_toolbar_look.moc"
