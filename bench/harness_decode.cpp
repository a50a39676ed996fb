// Decode benchmark for issue 2: sequential decode + BGR conversion against
// `ffmpeg -f null`, random-access latency, and peak memory of a cache-backed scan.
//   harness_decode [CLIP]           all three on CLIP (default: a generated 30 s 720p clip)
//   harness_decode scan CLIP MB     one scan through a cache of MB megabytes; prints peak RSS
#include "media/frame_cache.h"
#include "media/video_reader.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

using namespace permanence;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

long peakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

std::string makeClip(int seconds) {
  const std::string path = "/tmp/permanence-bench-720p-" + std::to_string(seconds) + "s.mp4";
  if (!std::filesystem::exists(path)) {
    const std::string cmd = "ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=30:duration=" +
                            std::to_string(seconds) + " -c:v libx264 -preset ultrafast -g 60 -pix_fmt yuv420p " + path;
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("ffmpeg failed: " + cmd);
  }
  return path;
}

double cpuSeconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + 1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

// Fastest wall time and least CPU time over the rounds: the machine is shared, and
// the least disturbed run is the one that tells.
struct Cost {
  double wall = 1e30;
  double cpu = 1e30;
};

template <typename F>
void measure(Cost& cost, int who, F run) {
  const double cpuStart = cpuSeconds(who);
  const auto start = Clock::now();
  run();
  cost.wall = std::min(cost.wall, seconds(start));
  cost.cpu = std::min(cost.cpu, cpuSeconds(who) - cpuStart);
}

void runFfmpeg(const std::string& args) {
  const std::string cmd = "ffmpeg -hide_banner -loglevel error " + args;
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("ffmpeg failed: " + cmd);
}

// ffmpeg -f null decodes without converting; with -pix_fmt bgr24 it also converts
// to BGR as VideoReader does. Both include opening the file, as ours does. The
// three run in turn, round after round, so they see the same machine load.
void sequential(const std::string& clip) {
  Cost plain, bgr, ours;
  int n = 0;
  for (int round = 0; round < 5; ++round) {
    measure(plain, RUSAGE_CHILDREN, [&] { runFfmpeg("-i " + clip + " -f null -"); });
    measure(bgr, RUSAGE_CHILDREN, [&] { runFfmpeg("-i " + clip + " -pix_fmt bgr24 -f null -"); });
    measure(ours, RUSAGE_SELF, [&] {
      VideoReader reader(clip);
      n = reader.frameCount();
      for (int i = 0; i < n; ++i) reader.readFrame(i);
    });
  }
  auto row = [n](const char* name, const Cost& c, const Cost& ours) {
    std::printf("  %-40s %6.0f fps  %5.2f ms CPU/frame   VideoReader at %3.0f %% of its rate, %3.0f %% of its CPU cost\n",
                name, n / c.wall, 1000 * c.cpu / n, 100 * c.wall / ours.wall, 100 * ours.cpu / c.cpu);
  };
  std::printf("sequential  %d frames 1280x720 H.264, best of 5 interleaved rounds\n", n);
  row("ffmpeg -i CLIP -f null -", plain, ours);
  row("ffmpeg -i CLIP -pix_fmt bgr24 -f null -", bgr, ours);
  std::printf("  %-40s %6.0f fps  %5.2f ms CPU/frame\n", "VideoReader::readFrame (BGR)", n / ours.wall,
              1000 * ours.cpu / n);
}

void randomAccess(const std::string& clip) {
  VideoReader reader(clip);
  std::mt19937 rng(42);
  std::vector<double> ms;
  for (int k = 0; k < 60; ++k) {
    const int index = static_cast<int>(rng() % reader.frameCount());
    const auto start = Clock::now();
    reader.readFrame(index);
    ms.push_back(1000 * seconds(start));
  }
  std::sort(ms.begin(), ms.end());
  std::printf("random      %zu reads  median %.1f ms  p95 %.1f ms  max %.1f ms\n", ms.size(), ms[ms.size() / 2],
              ms[ms.size() * 95 / 100], ms.back());
}

int scan(const std::string& clip, long budgetMb) {
  const long before = peakRssMb();
  VideoReader reader(clip);
  FrameCache cache(static_cast<std::size_t>(budgetMb) << 20);
  const auto start = Clock::now();
  for (int i = 0; i < reader.frameCount(); ++i) cache.get(reader, i);
  std::printf("scan        %d frames in %.1f s  cache %ld MB  peak RSS %ld MB (at start %ld MB)\n",
              reader.frameCount(), seconds(start), budgetMb, peakRssMb(), before);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc == 4 && std::string(argv[1]) == "scan") return scan(argv[2], std::atol(argv[3]));
    const std::string clip = argc > 1 ? argv[1] : makeClip(30);
    sequential(clip);
    randomAccess(clip);
    for (int secs : {60, 300}) {
      std::fflush(stdout);
      const std::string cmd = std::string(argv[0]) + " scan " + makeClip(secs) + " 256";
      if (std::system(cmd.c_str()) != 0) return 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
