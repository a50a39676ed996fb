#pragma once
// How an action of the editor shows in the toolbar: its icon from resources/icons
// and a tooltip that says what it does and names its shortcut, "Add to object (A)".
#include <QString>

class QAction;

namespace permanence::ui {

// `icon` names resources/icons/ICON.svg. The tooltip names the action's first
// shortcut, as the menus show it.
void setActionLook(QAction* action, const QString& icon, const QString& what);

}  // namespace permanence::ui
