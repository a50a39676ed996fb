#pragma once
// The objects list: one row per object in its colour, with a checkbox that shows or
// hides it. Double-click renames, the context menu renames or picks a colour. The
// panel only reports what the user asked for; the window turns each request into an
// undoable command and refills the panel from the session.
#include "object_session.h"

#include <QWidget>

class QListWidget;
class QListWidgetItem;

namespace permanence::ui {

class ObjectsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ObjectsPanel(QWidget* parent = nullptr);

  // Refills the rows from `session`; selects `current` (-1: none). Emits nothing.
  void setObjects(const ObjectSession& session, int current);
  int rowCount() const;
  QListWidget* list() const { return list_; }

 Q_SIGNALS:
  void currentObjectChanged(int object);
  void visibilityRequested(int object, bool visible);
  void renameRequested(int object, const QString& name);
  void colourRequested(int object, const QColor& colour);

 private:
  void onItemChanged(QListWidgetItem* item);
  void showContextMenu(const QPoint& pos);

  QListWidget* list_ = nullptr;
  const ObjectSession* session_ = nullptr;
};

}  // namespace permanence::ui
