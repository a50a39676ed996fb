#include "embedded_resources.h"

#include <QFile>
#include <QPainter>
#include <QPixmap>

// The resources live in the static library permanence_ui, whose registration the
// linker would drop unless something calls it (Q_INIT_RESOURCE works outside any
// namespace only).
static void registerPermanenceResources() { Q_INIT_RESOURCE(permanence); }

namespace permanence::ui {
namespace {

constexpr int kIconSizes[] = {16, 24, 32, 48};  // menus 16, toolbars 24 (Fusion), both at 2x
constexpr double kDisabledOpacity = 0.35;       // a third as bright: plainly off on #2d2d30

void ensureRegistered() {
  static const bool registered = (registerPermanenceResources(), true);
  (void)registered;
}

}  // namespace

QIcon resourceIcon(const QString& name) {
  ensureRegistered();
  // Drawn from the SVG at the sizes toolbars and menus ask for (1x and 2x screens),
  // each with a disabled look of its own: the icons are light grey, and Qt's
  // generated disabled look, a lighter grey, could not be told from them.
  const QIcon drawn(QStringLiteral(":/icons/%1.svg").arg(name));
  QIcon icon;
  for (int size : kIconSizes) {
    const QPixmap normal = drawn.pixmap(QSize(size, size), 1.0);
    QPixmap disabled(normal.size());
    disabled.fill(Qt::transparent);
    QPainter painter(&disabled);
    painter.setOpacity(kDisabledOpacity);
    painter.drawPixmap(0, 0, normal);
    painter.end();
    icon.addPixmap(normal, QIcon::Normal);
    icon.addPixmap(disabled, QIcon::Disabled);
  }
  return icon;
}

QIcon applicationIcon() {
  ensureRegistered();
  return QIcon(QStringLiteral(":/permanence.svg"));
}

QString darkStyleSheet() {
  ensureRegistered();
  QFile file(QStringLiteral(":/dark.qss"));
  if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) return {};  // compiled in: only a broken build lacks it
  return QString::fromUtf8(file.readAll());
}

}  // namespace permanence::ui
