#include "jobs_panel.h"

#include "job_controller.h"
#include "time_left.h"

#include <QHeaderView>
#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace permanence::ui {
namespace {

enum Column { kJob, kState };
constexpr int kNameRole = Qt::UserRole;
constexpr int kDetailRole = Qt::UserRole + 1;
// Wide enough for a progress bar with its percentage and a cancel button, or the
// word "cancelled".
constexpr int kStateWidth = 120;
constexpr int kTextMargins = 8;  // around an item's text, both sides together

}  // namespace

JobsPanel::JobsPanel(JobController* jobs, QWidget* parent) : QWidget(parent), jobs_(jobs) {
  list_ = new QTreeWidget(this);
  list_->setHeaderLabels({tr("Job"), tr("Progress")});
  list_->setRootIsDecorated(false);
  list_->setWordWrap(true);
  list_->setUniformRowHeights(false);
  list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  list_->header()->setStretchLastSection(false);
  list_->header()->setSectionResizeMode(kJob, QHeaderView::Stretch);
  list_->header()->setSectionResizeMode(kState, QHeaderView::Fixed);
  list_->header()->resizeSection(kState, kStateWidth);
  connect(list_->header(), &QHeaderView::sectionResized, this, [this](int column) {
    if (column == kJob) fitRowHeights();
  });
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(list_);
  connect(jobs, &JobController::started, this, &JobsPanel::onStarted);
  connect(jobs, &JobController::progressed, this, &JobsPanel::onProgress);
  connect(jobs, &JobController::finished, this, &JobsPanel::onFinished);
}

int JobsPanel::jobCount() const { return list_->topLevelItemCount(); }

QString JobsPanel::jobName(int row) const { return list_->topLevelItem(row)->data(kJob, kNameRole).toString(); }

QString JobsPanel::jobDetail(int row) const { return list_->topLevelItem(row)->data(kJob, kDetailRole).toString(); }

QString JobsPanel::outcome(int row) const { return list_->topLevelItem(row)->text(kState); }

void JobsPanel::setDetail(QTreeWidgetItem* item, const QString& detail) {
  const QString name = item->data(kJob, kNameRole).toString();
  item->setData(kJob, kDetailRole, detail);
  item->setText(kJob, detail.isEmpty() ? name : name + "\n" + detail);
  item->setToolTip(kJob, item->text(kJob));
  fitRowHeight(item);
}

void JobsPanel::fitRowHeight(QTreeWidgetItem* item) {
  // The view wraps the text but keeps rows one line high: give each row the height
  // of its text wrapped at the column's width.
  const int width = std::max(1, list_->header()->sectionSize(kJob) - kTextMargins);
  const QRect text = list_->fontMetrics().boundingRect(QRect(0, 0, width, 1 << 16), Qt::TextWordWrap, item->text(kJob));
  item->setSizeHint(kJob, QSize(width + kTextMargins, text.height() + kTextMargins));
}

void JobsPanel::fitRowHeights() {
  for (int row = 0; row < list_->topLevelItemCount(); ++row) fitRowHeight(list_->topLevelItem(row));
}

void JobsPanel::onStarted(const QString& name) {
  running_ = new QTreeWidgetItem(list_);
  running_->setData(kJob, kNameRole, name);
  setDetail(running_, tr("starting\u2026"));
  auto* cell = new QWidget(list_);
  auto* row = new QHBoxLayout(cell);
  row->setContentsMargins(2, 1, 2, 1);
  row->setSpacing(2);
  bar_ = new QProgressBar(cell);
  bar_->setRange(0, 0);  // busy until the first report
  cancel_ = new QPushButton(QStringLiteral("\u2715"), cell);
  cancel_->setToolTip(tr("Cancel %1").arg(name));
  cancel_->setFixedWidth(cancel_->fontMetrics().height() + 12);
  cancel_->setFocusPolicy(Qt::NoFocus);
  connect(cancel_, &QPushButton::clicked, jobs_, &JobController::cancel);
  row->addWidget(bar_, 1);
  row->addWidget(cancel_);
  list_->setItemWidget(running_, kState, cell);
  list_->scrollToItem(running_);
}

void JobsPanel::onProgress(qint64 done, qint64 total, const QString& label) {
  if (!bar_) return;
  bar_->setRange(0, static_cast<int>(std::max<qint64>(total, 1)));
  bar_->setValue(static_cast<int>(done));
  const QString detail = jobs_->describeProgress(done, total, label);
  if (detail != running_->data(kJob, kDetailRole).toString()) setDetail(running_, detail);
}

void JobsPanel::onFinished(const QString&, int status, const QString& error) {
  if (!running_) return;
  const auto outcome = static_cast<JobStatus>(status);
  list_->removeItemWidget(running_, kState);
  running_->setText(kState, QString::fromStdString(std::string(toString(outcome))));
  setDetail(running_, outcome == JobStatus::Failed ? error
                                                   : tr("after %1").arg(durationText(jobs_->secondsRunning())));
  running_ = nullptr;
  bar_ = nullptr;
  cancel_ = nullptr;
}

}  // namespace permanence::ui
