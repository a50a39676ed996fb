#include "composition_editor.h"

#include "pipeline/background_plate_job.h"
#include "compose/project_export.h"
#include "composition_io.h"
#include "export_dialog.h"
#include "job_controller.h"
#include "layer_commands.h"
#include "layers_panel.h"
#include "main_window.h"
#include "media/image_codec.h"
#include "project/project_store.h"
#include "viewer.h"

#include <QAction>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSlider>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>

namespace fs = std::filesystem;

namespace permanence::ui {
namespace {

QString partText(TransformHandles::Part part) {
  switch (part) {
    case TransformHandles::Part::Scale:
      return QCoreApplication::translate("edit", "Scale layer %1");
    case TransformHandles::Part::Rotate:
      return QCoreApplication::translate("edit", "Rotate layer %1");
    default:
      return QCoreApplication::translate("edit", "Move layer %1");
  }
}

const TransformKeyframe* keyAt(const std::vector<TransformKeyframe>& keyframes, int frame) {
  for (const TransformKeyframe& k : keyframes)
    if (k.frame == frame) return &k;
  return nullptr;
}

}  // namespace

CompositionEditor::CompositionEditor(MainWindow& window)
    : QObject(&window), window_(window), composition_(window.session()) {
  panel_ = new LayersPanel(&window);
  compositeView_ = new QAction(tr("&Composite View"), this);
  compositeView_->setCheckable(true);
  compositeView_->setShortcut(QKeySequence(Qt::Key_C));
  compositeView_->setToolTip(tr("Show the re-composed frame: background plate and layers (C)"));
  connect(compositeView_, &QAction::toggled, this, &CompositionEditor::setShowsComposite);
  export_ = new QAction(tr("&Export..."), this);
  export_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
  connect(export_, &QAction::triggered, this, &CompositionEditor::showExportDialog);
  plate_ = new QAction(tr("Compute &Background Plate"), this);
  plate_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
  connect(plate_, &QAction::triggered, this, [this] { computePlate(); });

  connect(&composition_, &Composition::changed, this, &CompositionEditor::onCompositionChanged);
  connect(&renderer_, &CompositeRenderer::rendered, this, &CompositionEditor::onRendered);
  // A plate that waited for another job starts when that one is done.
  connect(window_.jobs(), &JobController::finished, this,
          [this] { QTimer::singleShot(0, this, &CompositionEditor::maybeComputePlate); });
  Viewer* viewer = window_.viewer();
  connect(viewer, &Viewer::handleDragStarted, this, [this] { dragMergeId_ = ++nextMergeId_; });
  connect(viewer, &Viewer::handleDragged, this, [this](TransformHandles::Part part, const LayerTransform& t) {
    const int object = selectedLayer();
    if (object >= 0) editTransform(t, partText(part).arg(window_.session().object(object).name), dragMergeId_);
  });
  connect(viewer, &Viewer::handleDragFinished, this, [this] { dragMergeId_ = 0; });
  connectPanel();
  refreshPanel();
}

void CompositionEditor::connectPanel() {
  connect(panel_, &LayersPanel::orderRequested, this, &CompositionEditor::setLayerOrder);
  connect(panel_, &LayersPanel::visibilityRequested, this, &CompositionEditor::setLayerVisible);
  connect(panel_, &LayersPanel::selectionChanged, this, [this] {
    refreshLayerControls();
    updateHandles();
    if (showsComposite()) requestRender();  // measures the newly selected layer's outline
  });
  connect(panel_, &LayersPanel::opacityRequested, this, [this](double opacity, bool sliding) {
    // One slider drag is one undo step; each spin box step is its own.
    if (!sliding) opacityMergeId_ = 0;
    else if (!opacitySliding_) opacityMergeId_ = ++nextMergeId_;
    opacitySliding_ = sliding;
    const auto t = selectedTransform();
    if (!t) return;
    LayerTransform changed = *t;
    changed.opacity = opacity;
    editTransform(changed, tr("Opacity of %1").arg(window_.session().object(selectedLayer()).name), opacityMergeId_);
  });
  connect(panel_, &LayersPanel::opacityEditFinished, this, [this] { opacitySliding_ = false; });
  connect(panel_, &LayersPanel::interpolationRequested, this, [this](Interpolation interpolation) {
    const CompositionLayer* layer = composition_.layerOf(selectedLayer());
    if (!layer || !keyAt(layer->keyframes, frame_)) return;  // applies to the next keyframe made
    std::vector<TransformKeyframe> keyframes = layer->keyframes;
    for (TransformKeyframe& k : keyframes)
      if (k.frame == frame_) k.interpolation = interpolation;
    window_.undoStack()->push(new SetLayerKeyframesCommand(
        composition_, layer->object, keyframes,
        tr("Interpolation of %1 at frame %2").arg(window_.session().object(layer->object).name).arg(frame_), 0));
  });
}

bool CompositionEditor::showsComposite() const { return compositeView_->isChecked(); }

void CompositionEditor::setShowsComposite(bool on) {
  if (compositeView_->isChecked() != on) {
    compositeView_->setChecked(on);  // comes back here through `toggled`
    return;
  }
  window_.viewer()->setClicksEnabled(!on);
  if (!on) window_.viewer()->setHandles(std::nullopt);
  window_.setCurrentFrame(window_.currentFrame());  // shows the frame the new way
}

void CompositionEditor::frameShown(int frame) {
  frame_ = frame;
  refreshLayerControls();
  if (!showsComposite()) return;
  Viewer* viewer = window_.viewer();
  if (!composition_.hasPlate()) {
    viewer->setHandles(std::nullopt);
    window_.statusBar()->showMessage(tr("The composite needs the background plate: de-occlude an object first."), 4000);
    return;
  }
  viewer->setOverlays({});
  viewer->setMarkers({});
  // Until this frame is rendered, the last composite stays up rather than the clip.
  if (!renderer_.last().image.isNull()) viewer->setFrame(renderer_.last().image);
  requestRender();
  updateHandles();
}

void CompositionEditor::reset() {
  plateRequestedFor_.clear();
  outline_.reset();
  outlineFrame_ = -1;
  frame_ = 0;
  composition_.reset();
}

void CompositionEditor::saveInto(Project& project, const fs::path& folder) const {
  compositionToProject(composition_, project, folder);
}

void CompositionEditor::restore(const Project& project, EncodedFrames plate) {
  projectToComposition(project, std::move(plate), composition_);
  plateRequestedFor_ = composition_.plate().removed;
}

EncodedFrames CompositionEditor::platePixels() const {
  return composition_.plateIsCurrent() ? composition_.plate().frames : nullptr;
}

bool CompositionEditor::computePlate() {
  const std::vector<int> objects = composition_.deoccludedObjects();
  if (!window_.hasSource() || objects.empty() || window_.jobs()->isBusy()) return false;
  const ObjectSession& session = window_.session();
  ObjectsMasks visible;
  for (int object : objects) visible.push_back(session.masks(object));
  const int frameCount = session.frames()->frameCount();
  auto plate = std::make_shared<std::vector<std::vector<unsigned char>>>(frameCount);
  auto work = [plate, visible, path = session.frames()->path()](JobContext& context) {
    auto frames = openFrameSource(path);
    makeBackgroundPlate(*frames, visible, [&](int t, const cv::Mat& bgr) { plate->at(t) = encodePng(bgr); }, context);
  };
  auto apply = [this, plate, objects] { composition_.setPlate({plate, objects}); };
  plateRequestedFor_ = objects;
  if (!window_.jobs()->start(tr("Background plate"), work, apply)) return false;
  plateRunning_ = true;
  connect(window_.jobs(), &JobController::finished, this, [this] { plateRunning_ = false; refreshPanel(); },
          Qt::SingleShotConnection);
  refreshPanel();
  return true;
}

void CompositionEditor::maybeComputePlate() {
  const std::vector<int> objects = composition_.deoccludedObjects();
  if (objects.empty() || composition_.plateIsCurrent() || objects == plateRequestedFor_) return;
  if (!window_.jobs()->isBusy()) computePlate();
}

int CompositionEditor::selectedLayer() const {
  const int object = panel_->selectedObject();
  return composition_.layerOf(object) ? object : -1;
}

void CompositionEditor::selectLayer(int object) {
  panel_->selectObject(object);
  refreshLayerControls();
  updateHandles();
  if (showsComposite()) requestRender();
}

void CompositionEditor::setLayerOpacity(double opacity) {
  const auto t = selectedTransform();
  if (!t) return;
  LayerTransform changed = *t;
  changed.opacity = std::clamp(opacity, 0.0, 1.0);
  editTransform(changed, tr("Opacity of %1").arg(window_.session().object(selectedLayer()).name), 0);
}

void CompositionEditor::setLayerVisible(int object, bool visible) {
  const CompositionLayer* layer = composition_.layerOf(object);
  if (!layer || layer->visible == visible) return;
  window_.undoStack()->push(
      new SetLayerVisibleCommand(composition_, object, visible, window_.session().object(object).name));
}

void CompositionEditor::setLayerOrder(const std::vector<int>& backToFront) {
  if (backToFront == composition_.order()) {
    refreshPanel();  // a drop that changed nothing, or onto the plate: show the order again
    return;
  }
  window_.undoStack()->push(new ReorderLayersCommand(composition_, backToFront, tr("Restack layers")));
}

void CompositionEditor::editTransform(const LayerTransform& transform, const QString& text, int mergeId) {
  const CompositionLayer* layer = composition_.layerOf(selectedLayer());
  if (!layer) return;
  window_.undoStack()->push(new SetLayerKeyframesCommand(
      composition_, layer->object, withKeyAt(layer->keyframes, frame_, transform, panel_->interpolation()), text,
      mergeId));
}

std::optional<LayerTransform> CompositionEditor::selectedTransform() const {
  const CompositionLayer* layer = composition_.layerOf(selectedLayer());
  if (!layer) return std::nullopt;
  return transformAt(layer->keyframes, frame_);
}

void CompositionEditor::onCompositionChanged() {
  refreshPanel();
  if (showsComposite() && composition_.hasPlate()) requestRender();
  updateHandles();
  // Later: a project being restored sets its saved plate right after its objects.
  QTimer::singleShot(0, this, &CompositionEditor::maybeComputePlate);
}

void CompositionEditor::requestRender() {
  if (!composition_.hasPlate() || !window_.hasSource()) return;
  const std::vector<int> order = composition_.order();
  const auto selected = std::find(order.begin(), order.end(), selectedLayer());
  const int outlineLayer = selected == order.end() ? -1 : static_cast<int>(selected - order.begin());
  if (renderer_.hasRendered(frame_, composition_.revision(), outlineLayer)) return;
  renderer_.request({composition_.scene(), frame_, composition_.revision(), outlineLayer});
}

void CompositionEditor::onRendered() {
  const CompositeFrame& frame = renderer_.last();
  if (!frame.error.isEmpty()) {
    window_.statusBar()->showMessage(tr("Cannot render the composite: %1").arg(frame.error), 8000);
    return;
  }
  if (!frame.outlineObjectId.empty()) {
    outline_ = frame.outline;
    outlineFrame_ = frame.frame;
    outlineObjectId_ = frame.outlineObjectId;
  }
  if (!showsComposite()) return;
  window_.viewer()->setFrame(frame.image);
  window_.refreshFrameCounter();
  updateHandles();
}

void CompositionEditor::updateHandles() {
  const int object = selectedLayer();
  const auto t = selectedTransform();
  if (!showsComposite() || !t || !outline_ || outlineFrame_ != frame_ || outlineObjectId_ != objectIdOf(object)) {
    window_.viewer()->setHandles(std::nullopt);
    return;
  }
  window_.viewer()->setHandles(TransformHandles(*outline_, *t));
}

void CompositionEditor::refreshPanel() {
  std::vector<LayerRow> rows;
  const ObjectSession& session = window_.session();
  for (const CompositionLayer& layer : composition_.layers()) {
    const EditorObject& object = session.object(layer.object);
    rows.push_back({layer.object, object.name, object.colour, layer.visible});
  }
  const QString plate = plateRunning_                     ? tr("computing\u2026")
                        : !composition_.hasPlate()        ? tr("not computed")
                        : composition_.plateIsCurrent()   ? tr("ready")
                                                          : tr("out of date");
  panel_->setLayers(rows, plate);
  refreshLayerControls();
}

void CompositionEditor::refreshLayerControls() {
  const CompositionLayer* layer = composition_.layerOf(selectedLayer());
  if (!layer) return;
  const TransformKeyframe* key = keyAt(layer->keyframes, frame_);
  panel_->setOpacity(transformAt(layer->keyframes, frame_).opacity, key != nullptr);
  if (key) panel_->setInterpolation(key->interpolation);
}

void CompositionEditor::showExportDialog() {
  if (!window_.hasSource()) return;
  ExportSettings settings = composition_.exportSettings();
  if (!fs::path(settings.compositePath).is_absolute()) {
    // Relative paths are next to the project folder, as core's exportProject reads them.
    const QString base = window_.projectFolder().isEmpty()
                             ? QFileInfo(QString::fromStdString(window_.session().frames()->path())).absolutePath()
                             : QFileInfo(window_.projectFolder()).absolutePath();
    settings.compositePath = QDir(base).filePath(QString::fromStdString(settings.compositePath)).toStdString();
  }
  const FrameSource& frames = *window_.session().frames();
  ExportDialog dialog(settings, frames.frameCount(), frames.describe().hasAudio, &window_);
  if (dialog.exec() == QDialog::Accepted) startExport(dialog.settings());
}

QStringList CompositionEditor::existingOutputs(const ExportSettings& settings) const {
  QStringList existing;
  const fs::path composite(settings.compositePath);
  if (fs::exists(composite)) existing << QString::fromStdString(composite.string());
  const fs::path objects = composite.parent_path() / "objects";
  for (const CompositionLayer& layer : composition_.layers()) {
    const std::string name = window_.session().object(layer.object).name.toStdString();
    std::vector<fs::path> outputs;
    if (settings.proresPerObject) outputs.push_back(objects / name / (name + ".mov"));
    if (settings.pngLayers) outputs.push_back(objects / name / "rgba");
    if (settings.masks) {
      outputs.push_back(objects / name / "modal");
      outputs.push_back(objects / name / "amodal");
    }
    if (settings.openExr) outputs.push_back(objects / name / "exr");
    for (const fs::path& output : outputs)
      if (fs::exists(output)) existing << QString::fromStdString(output.string());
  }
  if (const fs::path plate = composite.parent_path() / kPlateExrFolder; settings.openExr && fs::exists(plate))
    existing << QString::fromStdString(plate.string());
  return existing;
}

bool CompositionEditor::startExport(const ExportSettings& requested) {
  if (composition_.layers().empty() || !composition_.plateIsCurrent()) {
    QMessageBox::warning(&window_, tr("Nothing to export yet"),
                         tr("Export needs de-occluded objects and their background plate (Object \u25b8 Compute "
                            "Background Plate)."));
    return false;
  }
  if (window_.jobs()->isBusy()) {
    window_.statusBar()->showMessage(tr("Wait for the running job, then export."), 4000);
    return false;
  }
  ExportSettings settings = requested;
  settings.copyAudio = settings.copyAudio && window_.session().frames()->describe().hasAudio;
  const QStringList existing = existingOutputs(settings);
  if (!existing.isEmpty() &&
      QMessageBox::question(&window_, tr("Replace existing files?"),
                            tr("These exist already and will be replaced:\n%1").arg(existing.join('\n'))) !=
          QMessageBox::Yes)
    return false;
  composition_.exportSettings() = settings;
  // The export reads the saved project, exactly as `permanence-cli` exports one.
  QString folder = window_.projectFolder();
  if (folder.isEmpty()) {
    folder = QFileDialog::getSaveFileName(&window_, tr("Save Project Before Export"), window_.proposedProjectPath(),
                                          tr("Projects (*.permanence)"));
    if (folder.isEmpty()) return false;
    if (!folder.endsWith(".permanence")) folder += ".permanence";
  }
  if (!window_.saveProjectTo(folder)) return false;
  const fs::path projectFolder = folder.toStdString();
  Project project;
  try {
    project = loadProject(projectFolder);
  } catch (const std::exception& e) {
    QMessageBox::critical(&window_, tr("Cannot export"), QString::fromStdString(e.what()));
    return false;
  }
  const fs::path outputFolder = fs::path(settings.compositePath).parent_path();
  auto work = [project, projectFolder, outputFolder](JobContext& context) {
    fs::create_directories(outputFolder);
    exportProject(project, projectFolder, context, outputFolder);
  };
  const QString composite = QString::fromStdString(settings.compositePath);
  auto done = [this, composite] { window_.statusBar()->showMessage(tr("Exported %1").arg(composite), 6000); };
  return window_.jobs()->start(tr("Export %1").arg(QFileInfo(composite).fileName()), work, done);
}

}  // namespace permanence::ui
