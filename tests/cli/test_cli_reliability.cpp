// The CLI never loses a user's file, never crashes on bad input and cleans up after
// an interrupt: one case for each defect a fault matrix found (each failed before
// the output folder was staged, locked and published entry by entry).
#include "media/image_codec.h"
#include "media/video_reader.h"
#include "synth/synthetic_scene.h"
#include "synthetic_video.h"
#include "test_paths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

using namespace permanence;
namespace fs = std::filesystem;

namespace {

// A small generated scene (frames/, modal/, amodal/...) in DIR/scene and its clip.
struct Scene {
  std::string frames, modal, amodal;
  std::string click;  // on the object in frame 0
};

Scene makeScene(const test::TempDir& dir, int frames = 8) {
  SyntheticSceneSpec spec;
  spec.width = 160;
  spec.height = 96;
  spec.frames = frames;
  const SyntheticScene scene = makeSyntheticScene(spec);
  writeSyntheticScene(scene, dir / "scene");
  const cv::Rect box = scene.target.modal[0].boundingBox();
  return {dir / "scene/frames", dir / "scene/modal", dir / "scene/amodal",
          std::to_string(box.x + box.width / 2) + "," + std::to_string(box.y + box.height / 2)};
}

void writeText(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

std::string readText(const fs::path& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Hidden entries the CLI leaves while it works (staging folders, the lock).
std::vector<std::string> workFiles(const fs::path& folder) {
  std::vector<std::string> found;
  if (!fs::exists(folder)) return found;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (name.find("staging") != std::string::npos || name.find(".partial") != std::string::npos ||
        name == ".permanence.lock")
      found.push_back(name);
  }
  return found;
}

std::string cli() { return test::cliPath(); }

// `amodal` on the scene, up to its --out value.
std::string amodalInto(const Scene& s) {
  return cli() + " amodal --frames " + s.frames + " --masks " + s.modal + " --out ";
}

}  // namespace

// --- data loss -------------------------------------------------------------------

TEST(CliReliability, AmodalAndCompleteKeepTheUsersFilesInOut) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  for (const std::string out : {"a", "c", "b"}) writeText(dir.path() / out / "NOTES.txt", "mine");
  auto r = test::runCommand(amodalInto(s) + dir / "a");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  r = test::runCommand(cli() + " complete --frames " + s.frames + " --masks " + s.modal + " --amodal " + s.amodal +
                       " --out " + dir / "c");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  r = test::runCommand(cli() + " complete --frames " + s.frames + " --masks " + s.modal + " --background --out " +
                       dir / "b");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  for (const std::string out : {"a", "c", "b"}) {
    EXPECT_EQ(readText(dir.path() / out / "NOTES.txt"), "mine") << out;
    EXPECT_TRUE(fs::exists(dir.path() / out / "00007.png")) << out;
    EXPECT_TRUE(workFiles(dir.path() / out).empty()) << out;
  }
}

TEST(CliReliability, OutAsTheCurrentFolderKeepsEverythingInIt) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  writeText(dir.path() / "work/NOTES.txt", "mine");
  writeText(dir.path() / "work/plans/cut.txt", "cut");
  const auto r = test::runCommand("cd " + dir / "work" + " && " + amodalInto(s) + "\"$PWD\" --topk 2");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(readText(dir.path() / "work/NOTES.txt"), "mine");
  EXPECT_EQ(readText(dir.path() / "work/plans/cut.txt"), "cut");
  EXPECT_TRUE(fs::exists(dir.path() / "work/sample_2/00003.png"));
}

TEST(CliReliability, ExistingOutputsOfTheSameNameNeedForce) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  writeText(dir.path() / "a/00002.png", "a user's file, not a mask");
  const std::string amodal = amodalInto(s) + dir / "a";
  auto r = test::runCommand(amodal);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("00002.png"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(readText(dir.path() / "a/00002.png"), "a user's file, not a mask");
  EXPECT_FALSE(fs::exists(dir.path() / "a/00003.png")) << "nothing published";
  r = test::runCommand(amodal + " --force");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(readText(dir.path() / "a/00002.png"), "a user's file, not a mask");
}

TEST(CliReliability, RunWithoutForceKeepsAnExistingCompositeAndObjectFolder) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  writeText(dir.path() / "out/composite.mp4", "my edit");
  const std::string run = cli() + " run --video " + s.frames + " --click " + s.click + " --out " + dir / "out";
  auto r = test::runCommand(run);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("composite.mp4"), std::string::npos) << r.err;
  EXPECT_EQ(readText(dir.path() / "out/composite.mp4"), "my edit");
  fs::remove(dir.path() / "out/composite.mp4");
  writeText(dir.path() / "out/objects/obj1/notes.txt", "mine");
  r = test::runCommand(run);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("objects/obj1"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out/frames.permanence"));
  EXPECT_TRUE(workFiles(dir.path() / "out").empty());
}

TEST(CliReliability, ALockedOutFolderMakesASecondWriterFailAtOnce) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  fs::create_directories(dir.path() / "out");
  // Another writer holds the lock, as a running command does.
  const int fd = ::open((dir.path() / "out/.permanence.lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  ASSERT_EQ(::write(fd, "4242\n", 5), 5);
  const auto r = test::runCommand(amodalInto(s) + dir / "out");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("another permanence-cli command (pid 4242)"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out/00000.png"));
  ::close(fd);
}

TEST(CliReliability, TwoRunsOnOneOutFolderNeverBothReplaceEachOther) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  const std::string run = cli() + " run --video " + s.frames + " --click " + s.click + " --out " + dir / "out";
  test::CommandResult first, second;
  std::thread a([&] { first = test::runCommand(run + " --move obj1:10,0"); });
  std::thread b([&] { second = test::runCommand(run + " --move obj1:-10,0"); });
  a.join();
  b.join();
  // One wins; the other is refused (locked out, or the project exists by then).
  EXPECT_EQ((first.exitCode == 0) + (second.exitCode == 0), 1) << first.err << "\n" << second.err;
  EXPECT_EQ(first.exitCode + second.exitCode, 1) << first.err << "\n" << second.err;
  EXPECT_TRUE(workFiles(dir.path() / "out").empty());
}

TEST(CliReliability, OutFoldersNoUserMeansAreRefused) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  const std::string amodal = amodalInto(s);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"''", "empty path"},
      {"/", "root folder"},
      {"\"$HOME\"", "home folder"},
      {s.modal, "is also an input"},
      {s.frames, "is also an input"},
      {s.frames + "/00000.png", "not a folder"},
  };
  for (const auto& [out, needle] : cases) {
    const auto r = test::runCommand(amodal + out);
    EXPECT_EQ(r.exitCode, 1) << out;
    EXPECT_NE(r.err.find(needle), std::string::npos) << out << ": " << r.err;
  }
  const auto r = test::runCommand(cli() + " track --frames " + s.frames + " --init-mask " + s.modal +
                                  "/00000.png --out /");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("root folder"), std::string::npos) << r.err;
}

// --- crashes ---------------------------------------------------------------------

TEST(CliReliability, MalformedClicksAreInputErrorsNamingTheOption) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  const std::string run = cli() + " run --video " + s.frames + " --out " + dir / "out ";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--click 1,2,3", "--click '1,2,3'"},
      {"--click abc", "--click 'abc'"},
      {"--click 5,5@x", "--click '5,5@x'"},
      {"--neg-click 5,5", "--neg-click given before any --click"},
      {"--click 99999999999999999999,5", "out of range"},
      {"--click 5,5@99999999999", "out of range"},
  };
  for (const auto& [option, needle] : cases) {
    const auto r = test::runCommand(run + option);
    EXPECT_EQ(r.exitCode, 1) << option << ": " << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << option << ": " << r.err;
    EXPECT_EQ(r.err.find("stoi"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST(CliReliability, FrameFoldersGetTheSizeLimitsOfVideos) {
  test::TempDir dir;
  for (const auto& [name, size] : {std::pair<std::string, cv::Size>{"wide", {4608, 32}}, {"tiny", {8, 8}}}) {
    fs::create_directories(dir.path() / name);
    for (int i = 0; i < 3; ++i)
      writePngFile(dir / (name + "/" + std::to_string(i) + ".png"),
                   cv::Mat(size, CV_8UC3, cv::Scalar(40 * i, 90, 200)));
    const auto r = test::runCommand(cli() + " track --frames " + dir / name + " --click 4,4 --out " + dir / "out");
    EXPECT_EQ(r.exitCode, 1) << name << ": " << r.err;
    EXPECT_NE(r.err.find("outside the supported range 16..4096"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "out"));
  }
}

// --- broken ----------------------------------------------------------------------

TEST(CliReliability, RunOnAFrameFolderExportsAtTheGivenRate) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  const auto r = test::runCommand(cli() + " run --video " + s.frames + " --click " + s.click + " --fps 30000/1001 --out " +
                                  dir / "out");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  const MediaInfo info = VideoReader(dir / "out/composite.mp4").describe();
  EXPECT_EQ(info.frameCount, 8);
  EXPECT_EQ(info.fps.toString(), "30000/1001");
  EXPECT_FALSE(info.hasAudio);
  const auto bad = test::runCommand(cli() + " run --video " + s.frames + " --click " + s.click + " --fps fast --out " +
                                    dir / "out2");
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_NE(bad.err.find("--fps 'fast'"), std::string::npos) << bad.err;
}

TEST(CliReliability, RunOnAVariableFrameRateClipKeepsItsTimestamps) {
  test::TempDir dir;
  test::ClipSpec spec;
  spec.size = {160, 96};
  spec.frames = 16;
  spec.variableRate = true;  // frames 0..9 at 1/25 s, the rest at 3/25 s
  test::makeClip(dir / "vfr.mp4", spec);
  const auto r = test::runCommand(cli() + " run --video " + dir / "vfr.mp4" + " --click 80,60 --out " + dir / "out");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  VideoReader source(dir / "vfr.mp4"), composite(dir / "out/composite.mp4");
  ASSERT_EQ(composite.frameCount(), source.frameCount());
  for (int i = 0; i < source.frameCount(); ++i)
    EXPECT_NEAR(composite.frameTime(i), source.frameTime(i), 1e-3) << "frame " << i;
  EXPECT_NEAR(composite.frameTime(12) - composite.frameTime(11), 3.0 / 25, 1e-3);
}

TEST(CliReliability, SigtermDuringRunLeavesNothingBehind) {
  test::TempDir dir;
  const Scene s = makeScene(dir, 60);
  const fs::path out = dir.path() / "out";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, STDOUT_FILENO);
    ::dup2(devnull, STDERR_FILENO);
    const std::string frames = s.frames, outText = out.string(), cliPath = cli();
    ::execl(cliPath.c_str(), cliPath.c_str(), "run", "--video", frames.c_str(), "--click", s.click.c_str(), "--topk",
            "2", "--out", outText.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Wait until it is working (its staging folder holds files), then stop it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool working = false;
  while (!working && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const fs::path staging = out / (".permanence-staging-" + std::to_string(child));
    std::error_code ec;
    working = fs::exists(staging / "frames.permanence", ec);
  }
  ASSERT_TRUE(working) << "the run never started writing";
  ASSERT_EQ(::kill(child, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  // The folder was made by the run and is empty again: it goes too.
  EXPECT_FALSE(fs::exists(out)) << (fs::exists(out) ? testing::PrintToString(workFiles(out)) : "");
}

TEST(CliReliability, StagingFoldersOfDeadProcessesAreRemoved) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  // pid 2^22 + 1 is above Linux's pid_max: no live process has it.
  const fs::path stale = dir.path() / "out/.permanence-staging-4194305";
  writeText(stale / "frames.permanence/project.json", "{}");
  writeText(dir.path() / "out/NOTES.txt", "mine");
  const auto r = test::runCommand(amodalInto(s) + dir / "out");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_EQ(readText(dir.path() / "out/NOTES.txt"), "mine");
}

// --- unclear ---------------------------------------------------------------------

TEST(CliReliability, ProcessingSizesAreValidated) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  for (const std::string size : {"100000x100000", "0x0", "500x256", "512"}) {
    const auto r = test::runCommand(amodalInto(s) + dir / "out" + " --backend diffusion --work-size " + size);
    EXPECT_EQ(r.exitCode, 1) << size;
    EXPECT_NE(r.err.find("--work-size"), std::string::npos) << size << ": " << r.err;
    EXPECT_EQ(r.err.find("allocate"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST(CliReliability, ObjectNamesAreCheckedBeforeAnyWork) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  const auto r = test::runCommand(cli() + " run --video " + s.frames + " --object ../../evil --click " + s.click +
                                  " --out " + dir / "out");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("--object '../../evil'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out")) << "refused before the output folder was made";
  EXPECT_FALSE(fs::exists(dir.path() / "evil"));
}

TEST(CliReliability, TrackWithForceLeavesNoMaskOfAnEarlierLongerClip) {
  test::TempDir dir;
  const Scene longer = makeScene(dir, 10);
  const std::string out = dir / "masks";
  writeText(dir.path() / "masks/README.txt", "mine");
  auto r = test::runCommand(cli() + " track --frames " + longer.frames + " --init-mask " + longer.modal +
                            "/00000.png --out " + out);
  ASSERT_EQ(r.exitCode, 0) << r.err;
  ASSERT_TRUE(fs::exists(dir.path() / "masks/00009.png"));
  test::TempDir other;
  const Scene shorter = makeScene(other, 6);
  const std::string again = cli() + " track --frames " + shorter.frames + " --init-mask " + shorter.modal +
                            "/00000.png --out " + out;
  r = test::runCommand(again);
  EXPECT_EQ(r.exitCode, 1) << "replacing masks needs --force";
  r = test::runCommand(again + " --force");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir.path() / "masks/00005.png"));
  EXPECT_FALSE(fs::exists(dir.path() / "masks/00006.png")) << "a mask of the earlier, longer clip";
  EXPECT_EQ(readText(dir.path() / "masks/README.txt"), "mine");
}

TEST(CliReliability, AFullDiskIsAnIoErrorAndLeavesNothing) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  // Files limited to 20 KB; the shell ignores SIGXFSZ, so writes fail with EFBIG.
  const auto limited = [](const std::string& command) {
    return test::runCommand("sh -c \"trap '' XFSZ; ulimit -f 40; " + command + "\"");
  };
  auto r = limited(cli() + " sample --width 320 --height 192 --frames 30 --out " + dir / "sample");
  EXPECT_EQ(r.exitCode, 3) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "sample/sample.mp4")) << "no video without its truth";
  EXPECT_FALSE(fs::exists(dir.path() / "sample"));
  r = limited(cli() + " run --video " + s.frames + " --click " + s.click + " --out " + dir / "run");
  EXPECT_EQ(r.exitCode, 3) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "run")) << "a failed run leaves no empty --out folder";
}

TEST(CliReliability, AFailedRunLeavesTheOutFolderItMadeNoMore) {
  test::TempDir dir;
  const Scene s = makeScene(dir);
  const auto r = test::runCommand(cli() + " run --video " + s.frames + " --click " + s.click +
                                  " --backend diffusion --weights-dir " + dir / "no-weights" + " --out " + dir / "new/out");
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("no-weights"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "new"));
}
