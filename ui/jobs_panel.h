#pragma once
// The jobs dock: one row per job run this session, newest last. The first column
// holds the job's name and, below it, what it is doing (wrapped, never cut off in a
// narrow dock); the second its progress bar and a cancel button while it runs, then
// how it ended (succeeded / cancelled / failed, the error in the row's text).
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
  // What the row says below the name (the running job's stage, the error of a failed one).
  QString jobDetail(int row) const;
  // Empty while the job runs.
  QString outcome(int row) const;
  // The running job's cancel button (null when none runs).
  QPushButton* cancelButton() const { return cancel_; }
  QTreeWidget* list() const { return list_; }

 private:
  void onStarted(const QString& name);
  void onProgress(qint64 done, qint64 total, const QString& label);
  void onFinished(const QString& name, int status, const QString& error);
  void setDetail(QTreeWidgetItem* item, const QString& detail);
  void fitRowHeight(QTreeWidgetItem* item);
  void fitRowHeights();

  JobController* jobs_;
  QTreeWidget* list_;
  QTreeWidgetItem* running_ = nullptr;
  QProgressBar* bar_ = nullptr;
  QPushButton* cancel_ = nullptr;
};

}  // namespace permanence::ui
