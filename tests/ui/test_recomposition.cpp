// The re-composition editor on a generated clip with two objects given directly
// (a disc passing behind a post, and the post): the plate job, the default order
// from occlusion, the Layers panel's restacking and visibility with undo, a handle
// drag as one undo step that moves the rendered pixels, hiding that shows the plate,
// the export dialog's settings, and the composite render time at 720p.
#include "composite_renderer.h"
#include "composition.h"
#include "composition_editor.h"
#include "export_dialog.h"
#include "layers_panel.h"
#include "main_window.h"
#include "test_paths.h"
#include "timeline.h"
#include "viewer.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QLineEdit>
#include <QListWidget>
#include <QMouseEvent>
#include <QSpinBox>
#include "disc_clip.h"

#include <QTest>
#include <QUndoStack>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using permanence::test::TempDir;
using permanence::ui::CompositionEditor;
using permanence::ui::MainWindow;
using permanence::ui::Viewer;

namespace {

constexpr int kFrames = 16;
constexpr int kWidth = 192;
constexpr int kHeight = 128;
constexpr int kRadius = 22;
const cv::Rect kPost(112, 0, 16, kHeight);
const cv::Vec4b kDiscPaint(255, 0, 255, 255);  // BGRA magenta: the disc's completed layer
const cv::Vec4b kPostPaint(255, 255, 0, 255);  // BGRA cyan: the post's layer

// A static noise background; the disc moves right over it, behind a blue post.
permanence::test::DiscClip clip() {
  permanence::test::DiscClip c;
  c.frames = kFrames;
  c.size = {kWidth, kHeight};
  c.radius = kRadius;
  c.striped = false;
  c.colour = cv::Scalar(30, 40, 230);
  c.post = true;
  c.staticNoise = true;
  c.seed = 11;
  return c;
}

cv::Point discCentre(int frame) { return clip().centre(frame); }

void writeClip(const std::string& folder) { permanence::test::writeDiscClip(clip(), folder); }

permanence::Mask discMask(int frame, bool visibleOnly) {
  cv::Mat m(kHeight, kWidth, CV_8U, cv::Scalar(0));
  cv::circle(m, discCentre(frame), kRadius, cv::Scalar(255), cv::FILLED);
  if (visibleOnly) m(kPost).setTo(0);
  return permanence::Mask::fromMat(m);
}

permanence::Mask postMask() {
  cv::Mat m(kHeight, kWidth, CV_8U, cv::Scalar(0));
  m(kPost).setTo(255);
  return permanence::Mask::fromMat(m);
}

std::vector<uchar> paintedLayer(const permanence::Mask& shape, cv::Vec4b paint) {
  cv::Mat bgra(kHeight, kWidth, CV_8UC4, cv::Scalar::all(0));
  bgra.setTo(cv::Scalar(paint[0], paint[1], paint[2], paint[3]), shape.toMat());
  std::vector<uchar> png;
  cv::imencode(".png", bgra, png);
  return png;
}

// Object 0: the disc (visible part tracked, the whole disc inferred, painted
// magenta); object 1: the post (cyan). Set on the session as a tracking and a
// de-occlusion job would.
void addObjects(MainWindow& window) {
  permanence::ui::ObjectSession& session = window.session();
  for (int object : {0, 1}) {
    session.appendObject();
    std::vector<permanence::Mask> modal;
    permanence::ui::ObjectSample sample;
    sample.score = 1;
    for (int f = 0; f < kFrames; ++f) {
      const permanence::Mask full = object == 0 ? discMask(f, false) : postMask();
      modal.push_back(object == 0 ? discMask(f, true) : postMask());
      sample.amodal.push_back(full);
      sample.layers.push_back(paintedLayer(full, object == 0 ? kDiscPaint : kPostPaint));
    }
    session.setMasks(object, 0, modal);
    session.setSamples(object, std::make_shared<std::vector<permanence::ui::ObjectSample>>(1, sample), 0);
  }
}

QColor pixel(const QImage& image, cv::Point p) { return image.pixelColor(p.x, p.y); }
bool isMagenta(const QColor& c) { return c.red() > 200 && c.blue() > 200 && c.green() < 60; }

void sendMouse(QWidget* widget, QEvent::Type type, QPointF pos, Qt::MouseButtons buttons) {
  QMouseEvent event(type, pos, widget->mapToGlobal(pos), Qt::LeftButton, buttons, Qt::NoModifier);
  QApplication::sendEvent(widget, &event);
}

struct Session {
  TempDir dir;
  MainWindow window;
  CompositionEditor* editor = nullptr;
  permanence::ui::Composition* composition = nullptr;

  bool open() {
    writeClip(dir.path().string());
    window.resize(1100, 700);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return false;
    if (!window.openSource(QString::fromStdString(dir.path().string()))) return false;
    editor = window.composition();
    composition = &editor->composition();
    addObjects(window);
    return true;
  }
};

}  // namespace

class TestRecomposition : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void panelOrderAndVisibilityUndo();
  void handleDragIsOneUndoStepAndMovesPixels();
  void exportDialogSettings();
  void renderTimeAt720p();
};

void TestRecomposition::panelOrderAndVisibilityUndo() {
  Session s;
  QVERIFY(s.open());
  // The plate job starts by itself once objects are de-occluded.
  QTRY_VERIFY_WITH_TIMEOUT(s.composition->plateIsCurrent(), 30000);
  QCOMPARE(s.composition->plate().removed, (std::vector<int>{0, 1}));
  // The disc's hidden part lies under the post: the disc goes behind it.
  QCOMPARE(s.composition->order(), (std::vector<int>{0, 1}));
  QListWidget* list = s.editor->panel()->list();
  QCOMPARE(list->count(), 3);  // front layer on top, the plate at the bottom
  QCOMPARE(list->item(0)->data(Qt::UserRole).toInt(), 1);
  QCOMPARE(list->item(1)->data(Qt::UserRole).toInt(), 0);
  QVERIFY(list->item(2)->text().startsWith("Background plate"));

  QUndoStack* undo = s.window.undoStack();
  const int before = undo->count();
  // A drag in the list: the disc row moves to the top, in front.
  QVERIFY(list->model()->moveRow(QModelIndex(), 1, QModelIndex(), 0));
  QTRY_COMPARE(s.composition->order(), (std::vector<int>{1, 0}));
  QCOMPARE(undo->count(), before + 1);
  QCOMPARE(s.editor->panel()->list()->item(0)->data(Qt::UserRole).toInt(), 0);
  undo->undo();
  QCOMPARE(s.composition->order(), (std::vector<int>{0, 1}));
  undo->redo();
  QCOMPARE(s.composition->order(), (std::vector<int>{1, 0}));

  // The composite at a frame where the disc overlaps the post: in front, its
  // magenta covers the post.
  s.window.setCurrentFrame(14);
  s.editor->compositeViewAction()->trigger();
  QVERIFY(s.editor->showsComposite());
  const cv::Point overlap(114, 64);
  QTRY_VERIFY(s.editor->renderer().hasRendered(14, s.composition->revision(), 1) &&
              isMagenta(pixel(s.window.viewer()->frame(), overlap)));
  undo->undo();  // the post back in front
  QTRY_COMPARE(pixel(s.window.viewer()->frame(), overlap).red(), 0);

  // Hide the disc with its checkbox: the filled plate shows where it was.
  QListWidgetItem* disc = s.editor->panel()->list()->item(1);
  QCOMPARE(disc->data(Qt::UserRole).toInt(), 0);
  disc->setCheckState(Qt::Unchecked);
  QTRY_VERIFY(!s.composition->layerOf(0)->visible);
  const cv::Point centre = discCentre(14) - cv::Point(8, 0);  // left of the post
  const cv::Mat plate = cv::imdecode(s.composition->plate().frames->at(14), cv::IMREAD_COLOR);
  const cv::Vec3b platePixel = plate.at<cv::Vec3b>(centre);
  QTRY_VERIFY(!isMagenta(pixel(s.window.viewer()->frame(), centre)));
  const QColor shown = pixel(s.window.viewer()->frame(), centre);
  QCOMPARE(shown, QColor(platePixel[2], platePixel[1], platePixel[0]));
  // The plate holds background there, not the disc's red.
  QVERIFY(platePixel[2] < 150);
  undo->undo();
  QVERIFY(s.composition->layerOf(0)->visible);
  QTRY_VERIFY(isMagenta(pixel(s.window.viewer()->frame(), centre)));

  // Leaving the composite view shows the clip's frame again: the disc's own red.
  s.editor->compositeViewAction()->trigger();
  QVERIFY(!s.editor->showsComposite());
  QTRY_VERIFY(pixel(s.window.viewer()->frame(), centre).red() > 200 &&
              pixel(s.window.viewer()->frame(), centre).blue() < 60);
}

void TestRecomposition::handleDragIsOneUndoStepAndMovesPixels() {
  Session s;
  QVERIFY(s.open());
  QTRY_VERIFY_WITH_TIMEOUT(s.composition->plateIsCurrent(), 30000);
  const int frame = 3;
  s.window.setCurrentFrame(frame);
  s.editor->setShowsComposite(true);
  s.editor->selectLayer(0);
  Viewer* viewer = s.window.viewer();
  QTRY_VERIFY(viewer->handles().has_value());
  const cv::Point from = discCentre(frame);
  QTRY_VERIFY(isMagenta(pixel(viewer->frame(), from)));

  // Drag the disc's body 30 pixels right and 10 down, in several moves.
  QUndoStack* undo = s.window.undoStack();
  const int before = undo->count();
  const QPointF start = viewer->toWidget(QPointF(from.x + 0.5, from.y + 0.5));
  sendMouse(viewer, QEvent::MouseButtonPress, start, Qt::LeftButton);
  for (int step = 1; step <= 5; ++step)
    sendMouse(viewer, QEvent::MouseMove, viewer->toWidget(QPointF(from.x + 0.5 + 6 * step, from.y + 0.5 + 2 * step)),
              Qt::LeftButton);
  sendMouse(viewer, QEvent::MouseButtonRelease, viewer->toWidget(QPointF(from.x + 30.5, from.y + 10.5)), Qt::NoButton);
  QCOMPARE(undo->count(), before + 1);
  const auto& keys = s.composition->layerOf(0)->keyframes;
  QCOMPARE(static_cast<int>(keys.size()), 1);  // auto-keyed at the current frame
  QCOMPARE(keys[0].frame, frame);
  QCOMPARE(s.window.timeline()->rows().at(0).layerKeyframes, std::vector<int>{frame});  // a square on its row
  QVERIFY(std::abs(keys[0].translateX - 30) < 0.01 && std::abs(keys[0].translateY - 10) < 0.01);
  const cv::Point to = from + cv::Point(30, 10);
  QTRY_VERIFY(isMagenta(pixel(viewer->frame(), to)) && !isMagenta(pixel(viewer->frame(), from)));
  // The handles follow the layer.
  QVERIFY(std::abs(viewer->handles()->pivot().x() - (from.x + 30)) < 1.5);

  // A second drag is a second undo step; undo takes back one drag at a time.
  sendMouse(viewer, QEvent::MouseButtonPress, viewer->toWidget(QPointF(to.x + 0.5, to.y + 0.5)), Qt::LeftButton);
  sendMouse(viewer, QEvent::MouseMove, viewer->toWidget(QPointF(to.x + 10.5, to.y + 0.5)), Qt::LeftButton);
  sendMouse(viewer, QEvent::MouseButtonRelease, viewer->toWidget(QPointF(to.x + 10.5, to.y + 0.5)), Qt::NoButton);
  QCOMPARE(undo->count(), before + 2);
  undo->undo();
  QVERIFY(std::abs(s.composition->layerOf(0)->keyframes[0].translateX - 30) < 0.01);
  undo->undo();
  QVERIFY(s.composition->layerOf(0)->keyframes.empty());
  QTRY_VERIFY(isMagenta(pixel(viewer->frame(), from)) && !isMagenta(pixel(viewer->frame(), to)));
  undo->redo();
  QTRY_VERIFY(isMagenta(pixel(viewer->frame(), to)));

  // The corner handle scales about the anchor: dragging it twice as far out doubles it.
  QTRY_VERIFY(viewer->handles().has_value() && std::abs(viewer->handles()->transform().translateX - 30) < 0.01);
  const permanence::ui::TransformHandles handles = *viewer->handles();
  const QPointF corner = handles.corners()[2];
  const QPointF pivot = handles.pivot();
  sendMouse(viewer, QEvent::MouseButtonPress, viewer->toWidget(corner), Qt::LeftButton);
  sendMouse(viewer, QEvent::MouseMove, viewer->toWidget(pivot + (corner - pivot) * 2), Qt::LeftButton);
  sendMouse(viewer, QEvent::MouseButtonRelease, viewer->toWidget(pivot + (corner - pivot) * 2), Qt::NoButton);
  QVERIFY(std::abs(s.composition->layerOf(0)->keyframes[0].scale - 2) < 0.05);
  // Opacity from the panel keys the same keyframe.
  s.editor->panel()->opacityBox()->setValue(40);
  QVERIFY(std::abs(s.composition->layerOf(0)->keyframes[0].opacity - 0.4) < 1e-9);
  QCOMPARE(static_cast<int>(s.composition->layerOf(0)->keyframes.size()), 1);
}

void TestRecomposition::exportDialogSettings() {
  permanence::ExportSettings settings;
  settings.compositePath = "/tmp/out/film.mp4";
  settings.crf = 23;
  settings.lastFrame = -1;
  permanence::ui::ExportDialog dialog(settings, 40, false, nullptr);
  QVERIFY(!dialog.copyAudio()->isEnabled());  // the source has no audio
  // Frames count from 0 here too, as on the ruler and in the status bar ("Frame 0 (0-39)").
  QCOMPARE(dialog.firstFrame()->minimum(), 0);
  QCOMPARE(dialog.firstFrame()->value(), 0);
  QCOMPARE(dialog.lastFrame()->maximum(), 39);
  QCOMPARE(dialog.lastFrame()->value(), 39);
  dialog.compositePath()->setText("/tmp/out/other");
  dialog.crf()->setValue(28);
  dialog.firstFrame()->setValue(5);
  dialog.lastFrame()->setValue(12);
  dialog.prores()->setChecked(true);
  QVERIFY(dialog.grab().save(QApplication::applicationDirPath() + "/test_recomposition_export_dialog.png"));
  const permanence::ExportSettings edited = dialog.settings();
  QCOMPARE(QString::fromStdString(edited.compositePath), QString("/tmp/out/other.mp4"));
  QCOMPARE(edited.crf, 28);
  QCOMPARE(edited.firstFrame, 5);
  QCOMPARE(edited.lastFrame, 12);
  QVERIFY(edited.proresPerObject);
  QVERIFY(!edited.copyAudio);
  dialog.lastFrame()->setValue(39);
  QCOMPARE(dialog.settings().lastFrame, -1);  // to the end, whatever the clip's length
}

void TestRecomposition::renderTimeAt720p() {
  // A 720p scene: a textured plate and two large layers, as the composite view renders it.
  const cv::Size size(1280, 720);
  const int frames = 6;
  auto plate = std::make_shared<std::vector<std::vector<uchar>>>();
  auto layerA = std::make_shared<std::vector<std::vector<uchar>>>();
  auto layerB = std::make_shared<std::vector<std::vector<uchar>>>();
  cv::RNG rng(3);
  for (int f = 0; f < frames; ++f) {
    cv::Mat bgr(size, CV_8UC3);
    rng.fill(bgr, cv::RNG::UNIFORM, cv::Scalar::all(0), cv::Scalar::all(255));
    plate->emplace_back();
    cv::imencode(".png", bgr, plate->back(), {cv::IMWRITE_PNG_COMPRESSION, 1});
    for (auto* layer : {layerA.get(), layerB.get()}) {
      cv::Mat bgra(size, CV_8UC4, cv::Scalar::all(0));
      const cv::Point centre(layer == layerA.get() ? 400 + 10 * f : 800, 360);
      cv::circle(bgra, centre, 150, cv::Scalar(40, 200, 90, 255), cv::FILLED);
      layer->emplace_back();
      cv::imencode(".png", bgra, layer->back(), {cv::IMWRITE_PNG_COMPRESSION, 1});
    }
  }
  auto names = std::make_shared<std::vector<std::string>>();
  for (int f = 0; f < frames; ++f) names->push_back(permanence::indexedFrameName(f));
  permanence::ui::CompositeRequest request;
  request.scene.plate = std::make_shared<permanence::ui::EncodedFrameSource>("plate", plate, names, size,
                                                                             permanence::Rational{25, 1}, false);
  for (auto layer : {layerA, layerB}) {
    permanence::SceneLayer sceneLayer;
    sceneLayer.objectId = layer == layerA ? "obj1" : "obj2";
    sceneLayer.rgba = std::make_shared<permanence::ui::EncodedFrameSource>("layer", layer, names, size,
                                                                           permanence::Rational{25, 1}, true);
    sceneLayer.keyframes = {{0, 20, -10, 1.2, 15, 0.9, permanence::Interpolation::Linear}};
    request.scene.layers.push_back(sceneLayer);
  }
  request.outlineLayer = 0;
  double total = 0;
  for (int f = 0; f < frames; ++f) {
    request.frame = f;
    const permanence::ui::CompositeFrame out = permanence::ui::renderComposite(request);
    QVERIFY2(out.error.isEmpty(), qPrintable(out.error));
    QCOMPARE(out.image.size(), QSize(1280, 720));
    QVERIFY(out.outline.has_value());
    QVERIFY(std::abs(out.outline->centre.x() - (400 + 10 * f)) < 1);
    // Layer B's centre, untouched by A: its green at 90 % over the plate.
    const QColor c = out.image.pixelColor(800 + 20, 360 - 10);
    QVERIFY2(c.green() > 170, qPrintable(QString("green %1").arg(c.green())));
    total += out.milliseconds;
  }
  qInfo("composite render at 1280x720, plate + 2 layers: %.1f ms per frame", total / frames);
}

QTEST_MAIN(TestRecomposition)
#include "test_recomposition.moc"
