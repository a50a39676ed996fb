#pragma once
class QApplication;

namespace permanence::ui {

// Dark Fusion palette and a small stylesheet: video work wants a neutral dark
// surround so the picture's colours are judged against grey, not white.
void applyDarkTheme(QApplication& app);

}  // namespace permanence::ui
