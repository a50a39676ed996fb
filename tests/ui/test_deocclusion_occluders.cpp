// The editor's de-occlusion gives stage 1 the other objects' visible masks as
// occluders: per frame the union of every object but the de-occluded one, nothing
// when it is the only object.
#include "deocclusion.h"
#include "object_session.h"

#include "media/frame_cache.h"
#include "media/memory_frame_source.h"

#include <QTest>

#include <opencv2/imgproc.hpp>

using permanence::Mask;
using permanence::ui::ObjectSession;

namespace {

constexpr int kFrames = 3;
const cv::Size kSize(40, 30);

// Object k's mask on frame t: a 6x6 square at its own place, moving with t.
Mask square(int k, int t) {
  cv::Mat m = cv::Mat::zeros(kSize, CV_8U);
  m(cv::Rect(2 + 12 * k + t, 5 + t, 6, 6)).setTo(255);
  return Mask::fromMat(m);
}

}  // namespace

class TestDeocclusionOccluders : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void otherObjectsAreTheOccluders() {
    permanence::MemoryFrameSource frames(std::vector<cv::Mat>(kFrames, cv::Mat(kSize, CV_8UC3, cv::Scalar::all(90))));
    permanence::FrameCache cache(1 << 20);
    ObjectSession session;
    session.reset(&frames, &cache);
    for (int k = 0; k < 3; ++k) {
      QCOMPARE(session.appendObject(), k);
      std::vector<Mask> masks;
      for (int t = 0; t < kFrames; ++t) masks.push_back(square(k, t));
      session.setMasks(k, 0, masks);
    }
    const std::vector<Mask> occluders = permanence::ui::otherObjectsMasks(session, 1);
    QCOMPARE(static_cast<int>(occluders.size()), kFrames);
    for (int t = 0; t < kFrames; ++t)
      QVERIFY(occluders[t] == Mask::fromMat(square(0, t).toMat() | square(2, t).toMat()));

    ObjectSession alone;
    alone.reset(&frames, &cache);
    alone.appendObject();
    QVERIFY(permanence::ui::otherObjectsMasks(alone, 0).empty());
  }
};

QTEST_MAIN(TestDeocclusionOccluders)
#include "test_deocclusion_occluders.moc"
