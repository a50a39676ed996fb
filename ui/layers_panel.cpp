#include "layers_panel.h"

#include <QAbstractItemModel>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace permanence::ui {
namespace {

constexpr int kObjectRole = Qt::UserRole;
constexpr int kPlate = -1;

}  // namespace

LayersPanel::LayersPanel(QWidget* parent) : QWidget(parent) {
  list_ = new QListWidget(this);
  list_->setDragDropMode(QAbstractItemView::InternalMove);
  list_->setDefaultDropAction(Qt::MoveAction);
  list_->setSelectionMode(QAbstractItemView::SingleSelection);
  list_->setToolTip(tr("Front layer on top. Drag to restack; the checkbox shows or hides a layer."));
  // The model reports the drop before the view has settled: read the order after.
  connect(list_->model(), &QAbstractItemModel::rowsMoved, this,
          [this] { QTimer::singleShot(0, this, &LayersPanel::onRowsMoved); });
  // Deferred too: the answer rebuilds the list, which must not delete the item
  // while it is still reporting its change.
  connect(list_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    const int object = item->data(kObjectRole).toInt();
    const bool visible = item->checkState() == Qt::Checked;
    if (!updating_ && object != kPlate)
      QTimer::singleShot(0, this, [this, object, visible] { Q_EMIT visibilityRequested(object, visible); });
  });
  connect(list_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
    if (updating_) return;
    selected_ = item ? item->data(kObjectRole).toInt() : kPlate;
    Q_EMIT selectionChanged(selected_);
  });

  opacityBox_ = new QSpinBox(this);
  opacityBox_->setRange(0, 100);
  opacityBox_->setSuffix(" %");
  opacitySlider_ = new QSlider(Qt::Horizontal, this);
  opacitySlider_->setRange(0, 100);
  connect(opacityBox_, &QSpinBox::valueChanged, this, &LayersPanel::onOpacity);
  connect(opacitySlider_, &QSlider::valueChanged, this, &LayersPanel::onOpacity);
  connect(opacitySlider_, &QSlider::sliderReleased, this, &LayersPanel::opacityEditFinished);
  interpolation_ = new QComboBox(this);
  interpolation_->addItem(tr("Linear"), static_cast<int>(Interpolation::Linear));
  interpolation_->addItem(tr("Ease in/out"), static_cast<int>(Interpolation::EaseInOut));
  interpolation_->addItem(tr("Hold"), static_cast<int>(Interpolation::Hold));
  interpolation_->setToolTip(tr("How the keyframe at this frame moves towards the next one"));
  connect(interpolation_, &QComboBox::currentIndexChanged, this, [this] {
    if (!updating_) Q_EMIT interpolationRequested(interpolation());
  });
  keyLabel_ = new QLabel(this);

  auto* opacityRow = new QHBoxLayout;
  opacityRow->addWidget(opacitySlider_, 1);
  opacityRow->addWidget(opacityBox_);
  auto* form = new QFormLayout;
  form->addRow(tr("Opacity"), opacityRow);
  form->addRow(tr("Keyframe"), interpolation_);
  form->addRow(keyLabel_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(list_, 1);
  layout->addLayout(form);
  setOpacity(1, false);
}

void LayersPanel::setLayers(const std::vector<LayerRow>& rows, const QString& plateState) {
  if (shown_ && rows == rows_ && plateState == plateState_) return;
  shown_ = true;
  rows_ = rows;
  plateState_ = plateState;
  updating_ = true;
  list_->clear();
  bool selectedExists = false;
  for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
    auto* item = new QListWidgetItem(row->name, list_);
    item->setData(kObjectRole, row->object);
    item->setForeground(row->colour);
    item->setFlags((item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled) & ~Qt::ItemIsDropEnabled);
    item->setCheckState(row->visible ? Qt::Checked : Qt::Unchecked);
    if (row->object == selected_) {
      list_->setCurrentItem(item);
      selectedExists = true;
    }
  }
  auto* plate = new QListWidgetItem(tr("Background plate \u2014 %1").arg(plateState), list_);
  plate->setData(kObjectRole, kPlate);
  plate->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
  updating_ = false;
  const bool hadSelection = selected_ != kPlate;
  if (!selectedExists && (hadSelection || !rows.empty())) {
    selected_ = rows.empty() ? kPlate : rows.back().object;  // the front layer
    selectObject(selected_);
    Q_EMIT selectionChanged(selected_);
  }
  opacityBox_->setEnabled(selected_ != kPlate);
  opacitySlider_->setEnabled(selected_ != kPlate);
}

void LayersPanel::selectObject(int object) {
  updating_ = true;
  selected_ = object;
  for (int row = 0; row < list_->count(); ++row)
    if (list_->item(row)->data(kObjectRole).toInt() == object) list_->setCurrentRow(row);
  updating_ = false;
  opacityBox_->setEnabled(selected_ != kPlate);
  opacitySlider_->setEnabled(selected_ != kPlate);
}

void LayersPanel::setOpacity(double opacity, bool keyed) {
  updating_ = true;
  const int percent = static_cast<int>(opacity * 100 + 0.5);
  if (!opacitySlider_->isSliderDown()) opacitySlider_->setValue(percent);
  opacityBox_->setValue(percent);
  keyLabel_->setText(keyed ? tr("\u25c6 keyed at this frame") : tr("\u25c7 not keyed here (edits add a keyframe)"));
  updating_ = false;
}

Interpolation LayersPanel::interpolation() const {
  return static_cast<Interpolation>(interpolation_->currentData().toInt());
}

void LayersPanel::setInterpolation(Interpolation interpolation) {
  updating_ = true;
  interpolation_->setCurrentIndex(interpolation_->findData(static_cast<int>(interpolation)));
  updating_ = false;
}

void LayersPanel::onRowsMoved() {
  shown_ = false;  // the list no longer shows rows_ as given: the next setLayers rebuilds it
  std::vector<int> order;  // back to front: the list's bottom first
  for (int row = list_->count() - 1; row >= 0; --row) {
    const int object = list_->item(row)->data(kObjectRole).toInt();
    if (object != kPlate) order.push_back(object);
  }
  Q_EMIT orderRequested(order);
}

void LayersPanel::onOpacity(int percent) {
  if (updating_) return;
  Q_EMIT opacityRequested(percent / 100.0, opacitySlider_->isSliderDown());
}

}  // namespace permanence::ui
