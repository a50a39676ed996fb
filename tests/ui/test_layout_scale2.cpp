// The layout on a 3840x2160 screen at QT_SCALE_FACTOR=2 (1920x1080 logical): see
// layout_checks.h.
#include "layout_checks.h"

class TestLayoutScale2 : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void fitsAndNeverResizesItself() {
    QCOMPARE(qApp->primaryScreen()->geometry().size(), QSize(1920, 1080));
    permanence::test::checkLayoutThroughASession();
  }
};

int main(int argc, char** argv) {
  QTemporaryDir dir;
  permanence::test::configScreen(dir, QSize(3840, 2160));
  qputenv("QT_SCALE_FACTOR", "2");
  QApplication app(argc, argv);
  TestLayoutScale2 test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_layout_scale2.moc"
