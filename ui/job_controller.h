#pragma once
// Runs heavy core work on a JobRunner and reports back on the GUI thread: the
// runner's callbacks arrive on worker threads, so they are forwarded as queued calls.
// One job at a time, which keeps "Cancel" unambiguous.
#include "jobs/job_runner.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace permanence::ui {

class JobController : public QObject {
  Q_OBJECT
 public:
  explicit JobController(QObject* parent = nullptr);
  ~JobController() override;

  // Starts `work` unless a job is running (returns false then). `onSuccess` runs on
  // the GUI thread after the job succeeded; cancel or failure never call it.
  bool start(const QString& name, JobFunction work, std::function<void()> onSuccess);
  bool isBusy() const { return busy_; }
  void cancel();

 Q_SIGNALS:
  void started(const QString& name);
  void progressed(qint64 done, qint64 total, const QString& label);
  // status: JobStatus as int; error: the exception's message when failed.
  void finished(const QString& name, int status, const QString& error);

 private:
  void complete(const QString& name, const JobOutcome& outcome, const std::function<void()>& onSuccess);

  JobRunner runner_;
  std::optional<JobHandle> current_;
  bool busy_ = false;
};

}  // namespace permanence::ui
