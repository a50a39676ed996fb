#pragma once
// The dark theme: Qt's Fusion style with a dark palette, and the style sheet
// resources/dark.qss (compiled in) for what a palette cannot say. Video is judged
// against dark surroundings, as in other editors.
class QApplication;

namespace permanence::ui {

void applyDarkTheme(QApplication& app);

}  // namespace permanence::ui
