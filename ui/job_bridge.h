#pragma once
// Runs a core job on the JobRunner and forwards its progress and completion to the
// GUI thread as queued signals, so widgets are only touched on their own thread.
#include "jobs/job_runner.h"

#include <QObject>
#include <QString>

#include <optional>

namespace permanence::ui {

class JobBridge : public QObject {
  Q_OBJECT
 public:
  JobBridge(JobRunner& runner, QString name, JobFunction function, QObject* parent = nullptr);
  const QString& name() const { return name_; }
  // Called directly on the handle: takes effect within one frame of the job's work.
  void cancel();

 Q_SIGNALS:
  void progressed(qint64 done, qint64 total, const QString& label);
  // status: "succeeded", "cancelled" or "failed"; error is the job's message when failed.
  void finished(const QString& status, const QString& error);

 private:
  QString name_;
  std::optional<JobHandle> handle_;
};

}  // namespace permanence::ui
