#include "action_look.h"

#include "embedded_resources.h"

#include <QAction>

namespace permanence::ui {

void setActionLook(QAction* action, const QString& icon, const QString& what) {
  action->setIcon(resourceIcon(icon));
  const QString key = action->shortcut().toString(QKeySequence::NativeText);
  action->setToolTip(key.isEmpty() ? what : QStringLiteral("%1 (%2)").arg(what, key));
}

}  // namespace permanence::ui
