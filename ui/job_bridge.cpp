#include "job_bridge.h"

#include <QMetaObject>
#include <QPointer>

namespace permanence::ui {

JobBridge::JobBridge(JobRunner& runner, QString name, JobFunction function, QObject* parent)
    : QObject(parent), name_(std::move(name)) {
  QPointer<JobBridge> self(this);
  JobCallbacks callbacks;
  callbacks.onProgress = [self](const Progress& progress) {
    const qint64 done = progress.done;
    const qint64 total = progress.total;
    const QString label = QString::fromStdString(progress.label);
    QMetaObject::invokeMethod(
        self.data(), [self, done, total, label] {
          if (self) Q_EMIT self->progressed(done, total, label);
        },
        Qt::QueuedConnection);
  };
  callbacks.onFinished = [self](const JobOutcome& outcome) {
    const QString status = toString(outcome.status);
    const QString error = QString::fromStdString(outcome.error);
    QMetaObject::invokeMethod(
        self.data(), [self, status, error] {
          if (self) Q_EMIT self->finished(status, error);
        },
        Qt::QueuedConnection);
  };
  handle_ = runner.submit(name_.toStdString(), std::move(function), JobLane::Cpu, callbacks);
}

void JobBridge::cancel() {
  if (handle_) handle_->cancel();
}

}  // namespace permanence::ui
