#include "cli_common.h"
#include "commands.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace permanence::cli {

ProgressPrinter::ProgressPrinter()
    : terminal_(isatty(fileno(stderr)) != 0),
      start_(std::chrono::steady_clock::now()),
      lastPrint_(start_) {}

void ProgressPrinter::operator()(const Progress& p) {
  using namespace std::chrono;
  const auto now = steady_clock::now();
  const bool last = p.total > 0 && p.done >= p.total;
  const bool newLabel = p.label != lastLabel_;
  const auto minGap = terminal_ ? milliseconds(100) : milliseconds(1000);
  if (!last && !newLabel && printed_ && now - lastPrint_ < minGap) return;
  lastPrint_ = now;
  printed_ = true;
  if (newLabel) start_ = now;
  lastLabel_ = p.label;

  const double elapsed = duration<double>(now - start_).count();
  const double fraction = p.total > 0 ? static_cast<double>(p.done) / p.total : 0.0;
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0.0;
  if (terminal_) {
    const int width = 30, filled = static_cast<int>(fraction * width);
    std::fprintf(stderr, "\r%-12s [%s%s] %lld/%lld  %3.0f%%  ETA %5.1fs ", p.label.c_str(),
                 std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                 static_cast<long long>(p.done), static_cast<long long>(p.total), fraction * 100,
                 eta);
    if (last) std::fputc('\n', stderr);
  } else {
    std::fprintf(stderr, "progress %s %lld/%lld %.0f%% eta %.1fs\n", p.label.c_str(),
                 static_cast<long long>(p.done), static_cast<long long>(p.total), fraction * 100,
                 eta);
  }
  std::fflush(stderr);
}

void ProgressPrinter::finish() {
  if (terminal_ && printed_) std::fputc('\n', stderr);
  printed_ = false;
}

ProgressCallback ProgressPrinter::callback() {
  return [this](const Progress& p) { (*this)(p); };
}

std::vector<CommandEntry>& commandRegistry() {
  static std::vector<CommandEntry> registry;
  return registry;
}

void copyBestSample(const std::string& folder, const std::string& sample) {
  namespace fs = std::filesystem;
  for (const auto& entry : fs::directory_iterator(fs::path(folder) / sample))
    fs::copy_file(entry.path(), fs::path(folder) / entry.path().filename(), fs::copy_options::overwrite_existing);
}

void printSummary(const nlohmann::json& summary) {
  std::cout << summary.dump() << std::endl;
}

}  // namespace permanence::cli
