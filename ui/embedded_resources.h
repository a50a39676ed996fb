#pragma once
// The files of resources/ that the editor shows (icons, the style sheet), compiled
// into the binary from resources/permanence.qrc: the editor never depends on where
// it is installed. SVG icons are drawn by Qt's SVG icon engine (Debian: libqt6svg6).
#include <QIcon>
#include <QString>

namespace permanence::ui {

// resources/icons/NAME.svg.
QIcon resourceIcon(const QString& name);
// The application's icon, resources/permanence.svg.
QIcon applicationIcon();
// The text of resources/dark.qss.
QString darkStyleSheet();

}  // namespace permanence::ui
