#include "jobs_panel.h"

#include "job_controller.h"

#include <QHeaderView>
#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace permanence::ui {
namespace {
enum Column { kName, kProgress, kOutcome };
}  // namespace

JobsPanel::JobsPanel(JobController* jobs, QWidget* parent) : QWidget(parent), jobs_(jobs) {
  list_ = new QTreeWidget(this);
  list_->setHeaderLabels({tr("Job"), tr("Progress"), tr("Outcome")});
  list_->setRootIsDecorated(false);
  list_->header()->setSectionResizeMode(kName, QHeaderView::ResizeToContents);
  list_->header()->setSectionResizeMode(kProgress, QHeaderView::Stretch);
  list_->header()->setSectionResizeMode(kOutcome, QHeaderView::ResizeToContents);
  list_->header()->setStretchLastSection(false);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(list_);
  connect(jobs, &JobController::started, this, &JobsPanel::onStarted);
  connect(jobs, &JobController::progressed, this, &JobsPanel::onProgress);
  connect(jobs, &JobController::finished, this, &JobsPanel::onFinished);
}

int JobsPanel::jobCount() const { return list_->topLevelItemCount(); }

QString JobsPanel::jobName(int row) const { return list_->topLevelItem(row)->text(kName); }

QString JobsPanel::outcome(int row) const { return list_->topLevelItem(row)->text(kOutcome); }

void JobsPanel::onStarted(const QString& name) {
  running_ = new QTreeWidgetItem(list_, {name, {}, {}});
  auto* cell = new QWidget(list_);
  auto* row = new QHBoxLayout(cell);
  row->setContentsMargins(2, 1, 2, 1);
  bar_ = new QProgressBar(cell);
  bar_->setRange(0, 0);  // busy until the first report
  cancel_ = new QPushButton(tr("Cancel"), cell);
  cancel_->setFocusPolicy(Qt::NoFocus);
  connect(cancel_, &QPushButton::clicked, jobs_, &JobController::cancel);
  row->addWidget(bar_, 1);
  row->addWidget(cancel_);
  list_->setItemWidget(running_, kProgress, cell);
  list_->scrollToItem(running_);
}

void JobsPanel::onProgress(qint64 done, qint64 total, const QString& label) {
  if (!bar_) return;
  bar_->setRange(0, static_cast<int>(std::max<qint64>(total, 1)));
  bar_->setValue(static_cast<int>(done));
  bar_->setFormat(label.isEmpty() ? QStringLiteral("%p%") : label + QStringLiteral("  %p%"));
}

void JobsPanel::onFinished(const QString&, int status, const QString& error) {
  if (!running_) return;
  const auto outcome = static_cast<JobStatus>(status);
  QString text = QString::fromStdString(std::string(toString(outcome)));
  if (outcome == JobStatus::Failed && !error.isEmpty()) text += ": " + error;
  running_->setText(kOutcome, text);
  running_->setToolTip(kOutcome, text);
  list_->removeItemWidget(running_, kProgress);
  running_->setText(kProgress, outcome == JobStatus::Succeeded ? tr("done") : QString());
  running_ = nullptr;
  bar_ = nullptr;
  cancel_ = nullptr;
}

}  // namespace permanence::ui
