#include "sample_words.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

namespace permanence::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("samples", text); }

// A vote share at or under this adds a pixel that fewer frames agree on: the sample
// fills more. The classic hypotheses use 0.3 to 0.6.
constexpr double kGenerousVote = 0.4;

}  // namespace

SampleWords sampleWords(const QString& label) {
  QStringList caption, description;
  QString variant;
  QString rest = label.trimmed();
  const QRegularExpressionMatch seed = QRegularExpression(R"(\s*\(seed (\d+)\)$)").match(rest);
  if (seed.hasMatch()) {
    variant = tr("variant %1").arg(seed.captured(1));
    rest.chop(seed.capturedLength());
  }
  for (const QString& term : rest.split(',', Qt::SkipEmptyParts)) {
    const QString t = term.trimmed();
    const QRegularExpressionMatch frames = QRegularExpression(R"(^±(\d+) frames$)").match(t);
    const QRegularExpressionMatch vote = QRegularExpression(R"(^vote ≥ ([0-9.]+)$)").match(t);
    const QRegularExpressionMatch diffusion = QRegularExpression(R"(^diffusion seed (\d+)$)").match(t);
    if (t == "similarity") {
      caption << tr("follows the motion");
      description << tr("follows the object as it moves, turns and changes size");
    } else if (t == "affine") {
      caption << tr("follows motion and tilt");
      description << tr("follows the object as it moves, turns, tilts and changes size");
    } else if (frames.hasMatch()) {
      caption << tr("±%1 frames").arg(frames.captured(1));
      description << tr("takes its shape from the frames up to %1 before and after").arg(frames.captured(1));
    } else if (vote.hasMatch()) {
      description << (vote.captured(1).toDouble() <= kGenerousVote ? tr("fills in generously")
                                                                   : tr("fills in only what most frames agree on"));
    } else if (t == "background cue") {
      description << tr("stops where other frames show background");
    } else if (t == "convex completion") {
      description << tr("rounds out parts never seen");
    } else if (diffusion.hasMatch()) {
      caption << tr("diffusion model, variant %1").arg(diffusion.captured(1));
      description << caption.back();
    } else {
      description << t;
    }
  }
  // The variant in the tooltip only: the rank and score tell the entries apart, and
  // two lines of a tile hold the motion and the reach.
  if (!variant.isEmpty()) description << variant;
  if (caption.isEmpty() && !description.isEmpty()) caption << description.front();
  return {caption.join(", "), description.join(", ")};
}

}  // namespace permanence::ui
