#pragma once
// The jobs dock: one row per job run this session, newest last, with its progress,
// a cancel button while it runs, and how it ended (succeeded / cancelled / the error).
#include <QWidget>

class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace permanence::ui {

class JobController;

class JobsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit JobsPanel(JobController* jobs, QWidget* parent = nullptr);

  int jobCount() const;
  QString jobName(int row) const;
  // Empty while the job runs.
  QString outcome(int row) const;
  // The running job's cancel button (null when none runs).
  QPushButton* cancelButton() const { return cancel_; }

 private:
  void onStarted(const QString& name);
  void onProgress(qint64 done, qint64 total, const QString& label);
  void onFinished(const QString& name, int status, const QString& error);

  JobController* jobs_;
  QTreeWidget* list_;
  QTreeWidgetItem* running_ = nullptr;
  QProgressBar* bar_ = nullptr;
  QPushButton* cancel_ = nullptr;
};

}  // namespace permanence::ui
