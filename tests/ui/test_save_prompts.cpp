// Unsaved work is never thrown away without asking: quitting (Ctrl+Q, closing the
// window) and opening another clip or project offer Save / Discard / Cancel, and
// Cancel keeps everything. The title names the project and marks it modified; Save As
// proposes NAME.permanence next to the clip. The dialogs are answered by a timer, as a
// user would answer them.
#include "disc_clip.h"
#include "main_window.h"
#include "project/project_store.h"
#include "test_paths.h"
#include "viewer.h"

#include <QAbstractButton>
#include <QApplication>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <filesystem>

namespace fs = std::filesystem;
using permanence::test::TempDir;
using permanence::ui::MainWindow;

namespace {

permanence::test::DiscClip clip() {
  permanence::test::DiscClip c;
  c.frames = 6;
  return c;
}

// Writes the disc clip into DIR/NAME and returns that folder.
QString writeClip(const TempDir& dir, const std::string& name) {
  const fs::path folder = dir / name;
  fs::create_directories(folder);
  permanence::test::writeDiscClip(clip(), folder.string());
  return QString::fromStdString(folder.string());
}

// A + click on the disc of frame 0: one edit on the undo stack.
bool clickTheDisc(MainWindow& window) {
  const cv::Point c = clip().centre(0);
  window.viewer()->clickAt(window.viewer()->toWidget(QPointF(c.x + 0.5, c.y + 0.5)).toPoint(), {});
  return QTest::qWaitFor([&] { return !window.session().isSegmenting(); }, 5000) && window.session().objectCount() == 1;
}

// Answers the next "Save changes?" box with `button` (while this lives); records that
// one was asked.
struct SavePromptAnswer {
  explicit SavePromptAnswer(QMessageBox::StandardButton button) {
    QTimer::singleShot(100, &context, [this, button] {
      auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
      if (!box) return;
      asked = true;
      text = box->text();
      box->button(button)->click();
    });
  }
  QObject context;  // drops the answer when this goes first
  bool asked = false;
  QString text;
};

}  // namespace

class TestSavePrompts : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void titleNamesTheProjectAndMarksChanges();
  void quitAsksAndCancelKeepsEverything();
  void quitWithSaveWritesTheProject();
  void openingAnotherClipAsks();
  void saveAsProposesANameNextToTheClip();
};

void TestSavePrompts::titleNamesTheProjectAndMarksChanges() {
  TempDir dir;
  MainWindow window;
  QVERIFY(window.openSource(writeClip(dir, "cups")));
  QVERIFY(window.windowTitle().startsWith("cups"));
  QVERIFY(window.windowTitle().contains("[*]"));
  QVERIFY(!window.isWindowModified());
  QVERIFY(clickTheDisc(window));
  QVERIFY(window.isWindowModified());
  QVERIFY(window.saveProjectTo(QString::fromStdString(dir / "shot12.permanence")));
  QVERIFY(window.windowTitle().startsWith("shot12[*]"));
  QVERIFY(!window.isWindowModified());
  window.undoStack()->undo();
  QVERIFY(window.isWindowModified());
  window.undoStack()->redo();  // back to what was saved
  QVERIFY(!window.isWindowModified());
}

void TestSavePrompts::quitAsksAndCancelKeepsEverything() {
  TempDir dir;
  MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  QVERIFY(window.openSource(writeClip(dir, "cups")));
  QVERIFY(clickTheDisc(window));
  const int steps = window.undoStack()->count();
  {
    SavePromptAnswer answer(QMessageBox::Cancel);
    QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_Q));
    QVERIFY(answer.asked);
    QVERIFY(answer.text.contains("cups"));
  }
  QVERIFY(window.isVisible());
  QCOMPARE(window.undoStack()->count(), steps);
  QCOMPARE(window.session().objectCount(), 1);
  QVERIFY(window.session().object(0).track.mask(0).area() > 0);
  {
    SavePromptAnswer answer(QMessageBox::Cancel);
    QVERIFY(!window.close());  // the window's own close button
    QVERIFY(answer.asked);
  }
  {
    SavePromptAnswer answer(QMessageBox::Discard);
    QVERIFY(window.close());
    QVERIFY(answer.asked);
  }
  QVERIFY(!window.isVisible());
}

void TestSavePrompts::quitWithSaveWritesTheProject() {
  TempDir dir;
  const fs::path project = dir / "cups.permanence";
  MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  QVERIFY(window.openSource(writeClip(dir, "cups")));
  QVERIFY(window.saveProjectTo(QString::fromStdString(project.string())));
  QVERIFY(clickTheDisc(window));
  {
    SavePromptAnswer answer(QMessageBox::Save);
    QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::Key_Q));
    QVERIFY(answer.asked);
  }
  QVERIFY(!window.isVisible());
  const permanence::Project saved = permanence::loadProject(project);
  QCOMPARE(static_cast<int>(saved.objects.size()), 1);
  QCOMPARE(static_cast<int>(saved.objects[0].clicks.size()), 1);
  // A clean window closes without asking.
  MainWindow clean;
  clean.show();
  QVERIFY(QTest::qWaitForWindowExposed(&clean));
  QVERIFY(clean.openProject(QString::fromStdString(project.string())));
  SavePromptAnswer answer(QMessageBox::Cancel);
  QVERIFY(clean.close());
  QVERIFY(!answer.asked);
}

void TestSavePrompts::openingAnotherClipAsks() {
  TempDir dir;
  const QString other = writeClip(dir, "other");
  MainWindow window;
  QVERIFY(window.openSource(writeClip(dir, "cups")));
  QVERIFY(clickTheDisc(window));
  {
    SavePromptAnswer answer(QMessageBox::Cancel);
    QVERIFY(!window.openSource(other));
    QVERIFY(answer.asked);
  }
  QVERIFY(window.windowTitle().startsWith("cups"));
  QCOMPARE(window.session().objectCount(), 1);
  QVERIFY(window.isWindowModified());
  {
    SavePromptAnswer answer(QMessageBox::Discard);
    QVERIFY(window.openSource(other));
    QVERIFY(answer.asked);
  }
  QVERIFY(window.windowTitle().startsWith("other"));
  QCOMPARE(window.session().objectCount(), 0);
  // Opening a project asks too.
  QVERIFY(clickTheDisc(window));
  const QString project = QString::fromStdString(dir / "saved.permanence");
  {
    MainWindow writer;
    QVERIFY(writer.openSource(other));
    QVERIFY(writer.saveProjectTo(project));
  }
  SavePromptAnswer answer(QMessageBox::Cancel);
  QVERIFY(!window.openProject(project));
  QVERIFY(answer.asked);
  QCOMPARE(window.session().objectCount(), 1);
}

void TestSavePrompts::saveAsProposesANameNextToTheClip() {
  TempDir dir;
  MainWindow window;
  window.show();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  QVERIFY(window.openSource(writeClip(dir, "cups")));
  QVERIFY(clickTheDisc(window));
  const QString expected = QString::fromStdString(dir / "cups.permanence");
  QCOMPARE(window.proposedProjectPath(), expected);
  QString proposed;
  QTimer::singleShot(300, [&proposed] {
    auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
    if (!dialog) return;
    proposed = dialog->selectedFiles().value(0);
    QMetaObject::invokeMethod(dialog, "accept");  // as the Save button does
  });
  QTest::keySequence(&window, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));  // Save Project As
  QCOMPARE(proposed, expected);
  QCOMPARE(window.projectFolder(), expected);
  QVERIFY(fs::exists(fs::path(dir / "cups.permanence") / "project.json"));
  QVERIFY(window.windowTitle().startsWith("cups[*]"));
  QVERIFY(!window.isWindowModified());
}

QTEST_MAIN(TestSavePrompts)
#include "test_save_prompts.moc"
