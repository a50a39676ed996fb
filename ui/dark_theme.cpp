#include "dark_theme.h"

#include "embedded_resources.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace permanence::ui {

void applyDarkTheme(QApplication& app) {
  app.setStyle(QStyleFactory::create("Fusion"));
  // The colours are a palette, not style sheet rules: Fusion draws every widget from
  // the palette's roles, while a style sheet's background-color sets Base, Button and
  // Window alike and replaces Fusion's drawing (the export dialog's check boxes lost
  // their contrast with the dialog when the colours were rules of dark.qss).
  QPalette p;
  const QColor window(45, 45, 48), base(30, 30, 32), text(220, 220, 220), accent(64, 140, 220);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, window);
  p.setColor(QPalette::ToolTipBase, base);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, window);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::red);
  p.setColor(QPalette::Link, accent);
  p.setColor(QPalette::Highlight, accent);
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 120, 120));
  p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 120, 120));
  p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(120, 120, 120));
  app.setPalette(p);
  app.setStyleSheet(darkStyleSheet());
}

}  // namespace permanence::ui
