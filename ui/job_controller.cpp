#include "job_controller.h"

#include "time_left.h"
#include "worker_priority.h"

#include <QMetaObject>

namespace permanence::ui {

JobController::JobController(QObject* parent, Priority priority) : QObject(parent), priority_(priority) {}

JobController::~JobController() {
  if (current_) current_->cancel();
}

bool JobController::start(const QString& name, JobFunction work, std::function<void()> onSuccess) {
  if (busy_) return false;
  busy_ = true;
  clock_.start();
  JobCallbacks callbacks;
  callbacks.onProgress = [this](const Progress& p) {
    const QString label = QString::fromStdString(p.label);
    QMetaObject::invokeMethod(
        this, [this, p, label] { Q_EMIT progressed(p.done, p.total, label); }, Qt::QueuedConnection);
  };
  callbacks.onFinished = [this, name, onSuccess](const JobOutcome& outcome) {
    QMetaObject::invokeMethod(
        this, [this, name, outcome, onSuccess] { complete(name, outcome, onSuccess); }, Qt::QueuedConnection);
  };
  // Jobs run below the GUI and the display's decoder, and so do the threads they start.
  auto background = [work = std::move(work), lower = priority_ == Priority::Background](JobContext& context) {
    if (lower) lowerCurrentThreadPriority(WorkerRole::Job);
    work(context);
  };
  current_ = runner_.submit(name.toStdString(), std::move(background), JobLane::Cpu, std::move(callbacks));
  Q_EMIT started(name);
  return true;
}

QString JobController::describeProgress(qint64 done, qint64 total, const QString& label) const {
  QStringList parts;
  if (!label.isEmpty()) parts << label;
  if (total <= 0) return parts.join(QStringLiteral(" \u00b7 "));
  const double fraction = static_cast<double>(done) / total;
  parts << QString("%1%").arg(static_cast<int>(100 * fraction));
  if (const auto left = secondsLeft(fraction, secondsRunning())) parts << tr("about %1 left").arg(durationText(*left));
  return parts.join(QStringLiteral(" \u00b7 "));
}

void JobController::cancel() {
  if (current_) current_->cancel();
}

void JobController::complete(const QString& name, const JobOutcome& outcome,
                             const std::function<void()>& onSuccess) {
  busy_ = false;
  current_.reset();
  if (outcome.status == JobStatus::Succeeded && onSuccess) onSuccess();
  Q_EMIT finished(name, static_cast<int>(outcome.status), QString::fromStdString(outcome.error));
}

}  // namespace permanence::ui
