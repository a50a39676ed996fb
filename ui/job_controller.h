#pragma once
// Runs heavy core work on a JobRunner and reports back on the GUI thread: the
// runner's callbacks arrive on worker threads, so they are forwarded as queued calls.
// One job at a time, which keeps "Cancel" unambiguous.
#include "jobs/job_runner.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace permanence::ui {

class JobController : public QObject {
  Q_OBJECT
 public:
  // Background jobs (tracking, de-occlusion) run below the GUI and the display's
  // decoder; the window waits for interactive ones (open, save) and they keep the
  // normal priority.
  enum class Priority { Background, Interactive };
  explicit JobController(QObject* parent = nullptr, Priority priority = Priority::Background);
  ~JobController() override;

  // Starts `work` unless a job is running (returns false then). `onSuccess` runs on
  // the GUI thread after the job succeeded; cancel or failure never call it.
  bool start(const QString& name, JobFunction work, std::function<void()> onSuccess);
  bool isBusy() const { return busy_; }
  void cancel();
  // Seconds since the running (or the last) job started.
  double secondsRunning() const { return clock_.isValid() ? clock_.elapsed() / 1000.0 : 0.0; }
  // "stage · 42% · about 1:10 left" for a progress report of the running job.
  QString describeProgress(qint64 done, qint64 total, const QString& label) const;

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
  Priority priority_;
  QElapsedTimer clock_;
};

}  // namespace permanence::ui
