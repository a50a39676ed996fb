#include "objects_panel.h"

#include <QColorDialog>
#include <QListWidget>
#include <QMenu>
#include <QVBoxLayout>

namespace permanence::ui {

ObjectsPanel::ObjectsPanel(QWidget* parent) : QWidget(parent) {
  list_ = new QListWidget(this);
  list_->setContextMenuPolicy(Qt::CustomContextMenu);
  list_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(list_);
  connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0) Q_EMIT currentObjectChanged(row);
  });
  connect(list_, &QListWidget::itemChanged, this, &ObjectsPanel::onItemChanged);
  connect(list_, &QListWidget::customContextMenuRequested, this, &ObjectsPanel::showContextMenu);
}

void ObjectsPanel::setObjects(const ObjectSession& session, int current) {
  session_ = &session;
  const QSignalBlocker blocker(list_);
  list_->clear();
  for (int i = 0; i < session.objectCount(); ++i) {
    const EditorObject& object = session.object(i);
    auto* item = new QListWidgetItem(object.name, list_);
    item->setForeground(object.colour);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsEditable);
    item->setCheckState(object.visible ? Qt::Checked : Qt::Unchecked);
    item->setToolTip(tr("Tick to show, double-click to rename, right-click for its colour"));
  }
  list_->setCurrentRow(current);
}

int ObjectsPanel::rowCount() const { return list_->count(); }

void ObjectsPanel::onItemChanged(QListWidgetItem* item) {
  const int row = list_->row(item);
  if (!session_ || row < 0 || row >= session_->objectCount()) return;
  const EditorObject& object = session_->object(row);
  const bool visible = item->checkState() == Qt::Checked;
  const QString name = item->text().trimmed();
  if (name.isEmpty()) {
    const QSignalBlocker blocker(list_);
    item->setText(object.name);
  }
  // Both arrive as one itemChanged: say which of the two the user changed. Posted,
  // because the answer refills this list, which must not happen inside the item's
  // own change (its editor may still be committing).
  const bool toggled = visible != object.visible;
  const bool renamed = !name.isEmpty() && name != object.name;
  QMetaObject::invokeMethod(
      this,
      [this, row, visible, name, toggled, renamed] {
        if (toggled) Q_EMIT visibilityRequested(row, visible);
        if (renamed) Q_EMIT renameRequested(row, name);
      },
      Qt::QueuedConnection);
}

void ObjectsPanel::showContextMenu(const QPoint& pos) {
  QListWidgetItem* item = list_->itemAt(pos);
  if (!item || !session_) return;
  const int row = list_->row(item);
  QMenu menu(this);
  menu.addAction(tr("Rename"), this, [this, item] { list_->editItem(item); });
  menu.addAction(tr("Colour..."), this, [this, row] {
    const QColor colour = QColorDialog::getColor(session_->object(row).colour, this, tr("Object Colour"));
    if (colour.isValid() && colour != session_->object(row).colour) Q_EMIT colourRequested(row, colour);
  });
  menu.exec(list_->viewport()->mapToGlobal(pos));
}

}  // namespace permanence::ui
