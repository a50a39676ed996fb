#pragma once
// The Layers dock: the composition's layers front to back as in other editors
// (the front layer on top, the background plate at the bottom), each with a
// visibility checkbox; drag a layer to restack it. Below the list, the selected
// layer's opacity at the current frame and the interpolation new keyframes get.
// The panel only shows state and asks for edits; the caller turns requests into
// undoable commands and calls setLayers again.
#include "project/project.h"

#include <QColor>
#include <QString>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QSlider;
class QSpinBox;

namespace permanence::ui {

struct LayerRow {
  int object = -1;
  QString name;
  QColor colour;
  bool visible = true;
  bool operator==(const LayerRow& o) const {
    return object == o.object && name == o.name && colour == o.colour && visible == o.visible;
  }
};

class LayersPanel : public QWidget {
  Q_OBJECT
 public:
  explicit LayersPanel(QWidget* parent = nullptr);

  // `rows` back to front; `plateState` describes the background plate. The list is
  // rebuilt only when they differ from what it shows (a drag may be under way).
  void setLayers(const std::vector<LayerRow>& rows, const QString& plateState);
  // The selected layer's opacity (0..1) and whether it has a keyframe at the current frame.
  void setOpacity(double opacity, bool keyed);
  int selectedObject() const { return selected_; }
  void selectObject(int object);
  Interpolation interpolation() const;
  void setInterpolation(Interpolation interpolation);

  QListWidget* list() const { return list_; }
  QSpinBox* opacityBox() const { return opacityBox_; }
  QSlider* opacitySlider() const { return opacitySlider_; }
  QComboBox* interpolationBox() const { return interpolation_; }

 Q_SIGNALS:
  // Object indices back to front, after a drag in the list.
  void orderRequested(const std::vector<int>& order);
  void visibilityRequested(int object, bool visible);
  void selectionChanged(int object);
  // `sliding`: part of one slider drag, which ends with opacityEditFinished.
  void opacityRequested(double opacity, bool sliding);
  void opacityEditFinished();
  void interpolationRequested(Interpolation interpolation);

 private:
  void onRowsMoved();
  void onOpacity(int percent);

  QListWidget* list_ = nullptr;
  QSpinBox* opacityBox_ = nullptr;
  QSlider* opacitySlider_ = nullptr;
  QComboBox* interpolation_ = nullptr;
  QLabel* keyLabel_ = nullptr;
  std::vector<LayerRow> rows_;  // as shown
  QString plateState_;
  bool shown_ = false;          // setLayers ran at least once
  int selected_ = -1;
  bool updating_ = false;  // true while the panel itself fills its widgets
};

}  // namespace permanence::ui
