// The state of a job in an object's timeline row ("completing sample 1 of 3 · 63% ·
// about 0:12 left") stays readable: under xvfb on 02_cups the keyframe diamond of a
// correction on frame 290 was painted over its text. Whatever lies under the text
// (keyframes, masks) must not show through it.
#include "timeline.h"

#include <QTest>

using permanence::ui::Presence;
using permanence::ui::Timeline;
using permanence::ui::TimelineRow;

namespace {

constexpr int kFrames = 300;
const QString kState = QString::fromUtf8("completing sample 1 of 3 \u00b7 63% \u00b7 about 0:12 left");

QImage render(bool somethingUnder) {
  Timeline timeline;
  timeline.resize(800, 120);
  timeline.setFrameCount(kFrames);
  TimelineRow row{"Object 1", QColor(80, 170, 255), std::vector<Presence>(kFrames, Presence::Absent), {}, {}, kState};
  if (somethingUnder) {
    for (int f = 250; f < kFrames; ++f) row.presence[f] = Presence::Visible;
    row.keyframes = {0, 290};
  }
  timeline.setRows({row});
  return timeline.grab().toImage();
}

}  // namespace

class TestTimelineState : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void stateTextHidesWhatIsUnderIt();
};

void TestTimelineState::stateTextHidesWhatIsUnderIt() {
  const QImage bare = render(false), busy = render(true);
  QCOMPARE(bare.size(), busy.size());
  // The text is right-aligned in the row, which ends 12 px before the widget's edge;
  // the first row's top is 66 px down (ruler 22, thumbnails 40, margins).
  Timeline probe;
  const int textWidth = probe.fontMetrics().horizontalAdvance(kState);
  const int right = bare.width() - 12, top = 66;
  int differing = 0;
  for (int y = top + 2; y < top + 14; ++y)
    for (int x = right - textWidth + 1; x < right - 1; ++x)
      if (bare.pixel(x, y) != busy.pixel(x, y)) ++differing;
  QVERIFY2(differing == 0, qPrintable(QString("%1 pixels of the state text show what is under it").arg(differing)));
}

QTEST_MAIN(TestTimelineState)
#include "test_timeline_state.moc"
