// The frame on screen is always the frame the counter names, and a click goes to the
// frame shown. Scrubs fast over an H.264 clip with a single keyframe (a random frame
// costs a seek and a run of decodes, so the decoder lags the keys): End, a burst of
// Left, a click before anything was decoded, drags over the timeline while frames
// arrive. Every frame of the clip shows its index as blocks (readPatternIndex), so the
// test reads which frame the viewer really shows.
#include "main_window.h"
#include "synthetic_video.h"
#include "test_paths.h"
#include "timeline.h"
#include "viewer.h"

#include <QApplication>
#include <QLabel>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QTest>
#include <QUndoStack>

#include <opencv2/core.hpp>

using permanence::test::TempDir;
using permanence::ui::MainWindow;

namespace {

constexpr int kFrames = 100;

// The frame the status bar's counter names, or -1 when it names none.
int counterFrame(const MainWindow& window) {
  const auto* label = window.findChild<QLabel*>("frameCounter");
  const QRegularExpressionMatch match = QRegularExpression("^Frame (\\d+)").match(label ? label->text() : QString());
  return match.hasMatch() ? match.captured(1).toInt() : -1;
}

// The index the frame in the viewer carries, or -1 when it shows none.
int shownPattern(const MainWindow& window) {
  const QImage image = window.viewer()->frame().convertToFormat(QImage::Format_RGB888).rgbSwapped();
  if (image.isNull()) return -1;
  const cv::Mat bgr(image.height(), image.width(), CV_8UC3, const_cast<uchar*>(image.constBits()),
                    static_cast<std::size_t>(image.bytesPerLine()));
  return permanence::test::readPatternIndex(bgr);
}

// Compares what the viewer shows with what the counter names (both must name a frame).
bool counterNamesTheShownFrame(const MainWindow& window, const char* when) {
  const int shown = shownPattern(window);
  const int counted = counterFrame(window);
  if (shown >= 0 && shown == counted) return true;
  qWarning("%s: the viewer shows frame %d, the counter names %d (playhead %d)", when, shown, counted,
           window.currentFrame());
  return false;
}

void dragTimeline(permanence::ui::Timeline* timeline, QEvent::Type type, int x) {
  const QPointF pos(x, 8);
  const Qt::MouseButtons buttons = type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::LeftButton;
  QMouseEvent event(type, pos, timeline->mapToGlobal(pos), Qt::LeftButton, buttons, Qt::NoModifier);
  QApplication::sendEvent(timeline, &event);
}

// Clicks the middle of the frame; returns the frame that received the click (-1: none).
int clickMiddle(MainWindow& window) {
  const int before = window.undoStack()->index();
  window.viewer()->clickAt(window.viewer()->toWidget(QPointF(480, 300)).toPoint(), {});
  if (window.undoStack()->index() == before || window.session().objectCount() == 0) return -1;
  for (const auto& [frame, prompt] : window.session().object(0).prompts)
    if (!prompt.clicks.empty()) return frame;
  return -1;
}

}  // namespace

class TestViewerFollowsCounter : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void scrubbingFastKeepsViewerCounterAndClicksTogether();
};

void TestViewerFollowsCounter::scrubbingFastKeepsViewerCounterAndClicksTogether() {
  TempDir dir;
  const std::string clip = dir / "scrub.mp4";
  permanence::test::ClipSpec spec;
  spec.size = cv::Size(960, 540);
  spec.frames = kFrames;
  spec.codecArgs = "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -g 100 -bf 2";
  permanence::test::makeClip(clip, spec);
  QVERIFY(std::filesystem::exists(clip));

  MainWindow window;
  window.resize(1280, 720);
  window.show();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  QVERIFY(window.openSource(QString::fromStdString(clip)));
  QTRY_COMPARE_WITH_TIMEOUT(window.shownFrame(), 0, 10000);
  QVERIFY(counterNamesTheShownFrame(window, "opened"));

  // End, then a burst of Left, faster than the decoder: no event is processed in
  // between, so nothing new is decoded yet.
  QTest::keyClick(&window, Qt::Key_End);
  QVERIFY(counterNamesTheShownFrame(window, "after End"));
  for (int i = 0; i < 8; ++i) {
    QTest::keyClick(&window, Qt::Key_Left);
    QVERIFY(counterNamesTheShownFrame(window, "after Left"));
  }
  QCOMPARE(window.currentFrame(), kFrames - 9);
  // A click now lands on the frame on screen, not on the playhead's.
  const int shownAtClick = shownPattern(window);
  QCOMPARE(clickMiddle(window), shownAtClick);
  window.undoStack()->undo();
  QCOMPARE(window.session().objectCount(), 0);

  // Drags over the timeline while the frames asked for come in.
  permanence::ui::Timeline* timeline = window.timeline();
  const int width = timeline->width();
  dragTimeline(timeline, QEvent::MouseButtonPress, width / 2);
  for (int i = 0; i <= 60; ++i) {
    dragTimeline(timeline, QEvent::MouseMove, width * (i % 30) / 30 + 40);
    QTest::qWait(3);
    QVERIFY(counterNamesTheShownFrame(window, "while dragging"));
  }
  dragTimeline(timeline, QEvent::MouseButtonRelease, width / 3);
  for (int i = 0; i < 8; ++i) QTest::keyClick(&window, Qt::Key_Right, Qt::ShiftModifier);
  QVERIFY(counterNamesTheShownFrame(window, "after Shift+Right"));

  // Once the hand stops the viewer catches up with the playhead, and a click goes
  // to that frame.
  QTRY_COMPARE_WITH_TIMEOUT(window.shownFrame(), window.currentFrame(), 10000);
  QVERIFY(counterNamesTheShownFrame(window, "caught up"));
  QCOMPARE(counterFrame(window), window.currentFrame());
  QCOMPARE(clickMiddle(window), window.currentFrame());
}

QTEST_MAIN(TestViewerFollowsCounter)
#include "test_viewer_follows_counter.moc"
