// The layout on a 1280x720 screen: see layout_checks.h. Screenshots of the same
// window under a real X server are in the README's session notes.
#include "layout_checks.h"

class TestLayout720p : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void fitsAndNeverResizesItself() { permanence::test::checkLayoutThroughASession(); }
};

int main(int argc, char** argv) {
  QTemporaryDir dir;
  permanence::test::configScreen(dir, QSize(1280, 720));
  QApplication app(argc, argv);
  TestLayout720p test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_layout_720p.moc"
