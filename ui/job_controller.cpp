#include "job_controller.h"

#include "worker_priority.h"

#include <QMetaObject>

namespace permanence::ui {

JobController::JobController(QObject* parent) : QObject(parent) {}

JobController::~JobController() {
  if (current_) current_->cancel();
}

bool JobController::start(const QString& name, JobFunction work, std::function<void()> onSuccess) {
  if (busy_) return false;
  busy_ = true;
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
  auto background = [work = std::move(work)](JobContext& context) {
    lowerCurrentThreadPriority(WorkerRole::Job);
    work(context);
  };
  current_ = runner_.submit(name.toStdString(), std::move(background), JobLane::Cpu, std::move(callbacks));
  Q_EMIT started(name);
  return true;
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
