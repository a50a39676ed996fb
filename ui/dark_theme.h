#pragma once
// A dark Fusion palette: video is judged against dark surroundings, as in other editors.
class QApplication;

namespace permanence::ui {

void applyDarkTheme(QApplication& app);

}  // namespace permanence::ui
