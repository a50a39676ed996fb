#pragma once
// The re-composition part of the editor: owns the Composition, its Layers panel,
// the composite view (rendered off the GUI thread), the transform handles, the
// background-plate job and the export. The main window hands it its frame
// changes and project saves and loads; every edit goes on the window's undo stack.
#include "composite_renderer.h"
#include "composition.h"

#include <QObject>

#include <filesystem>
#include <optional>

class QAction;

namespace permanence::ui {

class LayersPanel;
class MainWindow;

class CompositionEditor : public QObject {
  Q_OBJECT
 public:
  explicit CompositionEditor(MainWindow& window);

  Composition& composition() { return composition_; }
  LayersPanel* panel() const { return panel_; }
  const CompositeRenderer& renderer() const { return renderer_; }
  QAction* compositeViewAction() const { return compositeView_; }  // View > Composite
  QAction* exportAction() const { return export_; }                // File > Export...
  QAction* plateAction() const { return plate_; }                  // Object > Compute Background Plate

  bool showsComposite() const;
  void setShowsComposite(bool on);
  // The window now shows `frame`; in the composite view this replaces it.
  void frameShown(int frame);
  // A new clip was opened.
  void reset();
  // See compositionToProject / projectToComposition.
  void saveInto(Project& project, const std::filesystem::path& folder) const;
  void restore(const Project& project, EncodedFrames plate);
  // The plate's frames for a save: null unless the plate is current.
  EncodedFrames platePixels() const;

  // Starts the background plate job (the de-occluded objects' visible masks
  // removed and filled); false when nothing is de-occluded or a job runs.
  bool computePlate();
  int selectedLayer() const;  // an object index, or -1
  void selectLayer(int object);
  // Undoable edits of the selected layer at the current frame (auto-key).
  void setLayerOpacity(double opacity);
  void setLayerVisible(int object, bool visible);
  void setLayerOrder(const std::vector<int>& backToFront);

  void showExportDialog();
  // Saves the project (asking where when it has no folder yet), asks before
  // replacing existing outputs, then exports as a job; false when it did not start.
  bool startExport(const ExportSettings& settings);

 private:
  void connectPanel();
  void onCompositionChanged();
  void onRendered();
  void requestRender();
  void refreshPanel();
  void refreshLayerControls();
  void updateHandles();
  void maybeComputePlate();
  void editTransform(const LayerTransform& transform, const QString& text, int mergeId);
  std::optional<LayerTransform> selectedTransform() const;
  QStringList existingOutputs(const ExportSettings& settings) const;

  MainWindow& window_;
  Composition composition_;
  CompositeRenderer renderer_;
  LayersPanel* panel_ = nullptr;
  QAction* compositeView_ = nullptr;
  QAction* export_ = nullptr;
  QAction* plate_ = nullptr;
  int frame_ = 0;
  int nextMergeId_ = 0;
  int dragMergeId_ = 0;
  int opacityMergeId_ = 0;
  bool opacitySliding_ = false;
  bool plateRunning_ = false;
  std::vector<int> plateRequestedFor_;  // the objects the last plate job was started without
  std::optional<LayerOutline> outline_;  // the selected layer's, at outlineFrame_
  int outlineFrame_ = -1;
  std::string outlineObjectId_;
};

}  // namespace permanence::ui
