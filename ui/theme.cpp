#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace permanence::ui {

namespace {

const char* const kStyleSheet = R"(
QDockWidget::title { background: #2b2b2b; padding: 4px; }
QToolBar { border: none; spacing: 4px; }
QStatusBar { background: #1e1e1e; }
QSlider::groove:horizontal { height: 6px; background: #3a3a3a; border-radius: 3px; }
QSlider::handle:horizontal { width: 10px; margin: -5px 0; background: #e0a030; border-radius: 3px; }
QListWidget { background: #232323; }
)";

}  // namespace

void applyDarkTheme(QApplication& app) {
  app.setStyle(QStyleFactory::create("Fusion"));
  QPalette palette;
  const QColor window(45, 45, 45);
  const QColor base(30, 30, 30);
  const QColor text(220, 220, 220);
  const QColor disabled(120, 120, 120);
  palette.setColor(QPalette::Window, window);
  palette.setColor(QPalette::WindowText, text);
  palette.setColor(QPalette::Base, base);
  palette.setColor(QPalette::AlternateBase, window);
  palette.setColor(QPalette::ToolTipBase, base);
  palette.setColor(QPalette::ToolTipText, text);
  palette.setColor(QPalette::Text, text);
  palette.setColor(QPalette::Button, window);
  palette.setColor(QPalette::ButtonText, text);
  palette.setColor(QPalette::BrightText, Qt::red);
  palette.setColor(QPalette::Highlight, QColor(224, 160, 48));
  palette.setColor(QPalette::HighlightedText, Qt::black);
  palette.setColor(QPalette::Link, QColor(224, 160, 48));
  palette.setColor(QPalette::Disabled, QPalette::Text, disabled);
  palette.setColor(QPalette::Disabled, QPalette::ButtonText, disabled);
  palette.setColor(QPalette::Disabled, QPalette::WindowText, disabled);
  app.setPalette(palette);
  app.setStyleSheet(kStyleSheet);
}

}  // namespace permanence::ui
