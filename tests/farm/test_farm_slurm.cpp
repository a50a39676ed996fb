// permanence-cli batch --slurm on a real one-node Slurm cluster (munged, slurmctld,
// slurmd on 127.0.0.1, started here by one_node_slurm.sh and stopped at the end):
// three generated shots, one broken; a task killed mid-run and requeued; resume.
// A cluster that cannot start fails the test: it never skips.
#include "test_paths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

using namespace permanence;
using nlohmann::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::string kScript = std::string(PERMANENCE_SOURCE_DIR) + "/tests/farm/one_node_slurm.sh";

// The cluster for one test: started in the constructor, stopped in the destructor
// (also when an assertion ends the test early).
class OneNodeSlurm {
 public:
  explicit OneNodeSlurm(const std::string& dir) : dir_(dir) {
    const auto r = test::runCommand("bash " + kScript + " start " + dir_);
    started_ = r.exitCode == 0;
    message_ = r.err;
    if (started_) ::setenv("SLURM_CONF", (dir_ + "/slurm.conf").c_str(), 1);
  }
  ~OneNodeSlurm() { test::runCommand("bash " + kScript + " stop " + dir_); }
  bool started() const { return started_; }
  const std::string& message() const { return message_; }

 private:
  std::string dir_;
  bool started_ = false;
  std::string message_;
};

std::string makeSample(const test::TempDir& dir, const std::string& name, const std::string& size, int frames) {
  const auto r = test::runCommand(test::cliPath() + " sample --out " + dir / name + " " + size + " --frames " +
                                  std::to_string(frames));
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return json::parse(r.out)["click"].get<std::string>() + "@0";
}

json shot(const std::string& name, const std::string& source, const std::string& click) {
  return {{"name", name}, {"source", source}, {"objects", {{{"name", "thing"}, {"clicks", {click}}}}}};
}

json shotIn(const json& summary, const std::string& name) {
  for (const json& s : summary["shots"])
    if (s["name"] == name) return s;
  ADD_FAILURE() << "no shot " << name << " in " << summary.dump();
  return {};
}

// The pid of the `permanence-cli run` writing into `out`, or 0.
pid_t runProcessFor(const std::string& out) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string pid = entry.path().filename();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(in)), {});
    if (cmdline.find(std::string(1, '\0') + "run" + '\0') != std::string::npos &&
        cmdline.find("--out=" + out + '\0') != std::string::npos)
      return std::stoi(pid);
  }
  return 0;
}

// The Slurm state of one array task, from squeue (the test cluster keeps no accounting).
std::string taskState(const std::string& task) {
  const auto r = test::runCommand("squeue --noheader --states=all --format=%T --jobs=" + task);
  return r.out.substr(0, r.out.find('\n'));
}

bool waitUntil(const std::function<bool()>& done, std::chrono::seconds limit,
               std::chrono::milliseconds period = 100ms) {
  for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;) {
    if (done()) return true;
    std::this_thread::sleep_for(period);
  }
  return done();
}

}  // namespace

TEST(FarmSlurm, BatchArrayWithABrokenShotAKilledTaskRequeuedAndResume) {
  test::TempDir dir;
  const OneNodeSlurm cluster(dir / "cluster");
  ASSERT_TRUE(cluster.started()) << "the one-node Slurm cluster did not start, so the farm test cannot run: "
                                 << cluster.message();

  const std::string clickA = makeSample(dir, "a", "--width 160 --height 96", 12);
  // Long enough (a few seconds) to be killed mid-run.
  const std::string clickSlow = makeSample(dir, "slow", "--width 320 --height 180", 40);
  std::ofstream(dir / "broken.mp4") << "not a video at all";
  std::ofstream(dir / "shots.json") << json{{"version", 1},
                                            {"shots",
                                             {shot("a", "a/sample.mp4", clickA), shot("slow", "slow/sample.mp4", clickSlow),
                                              shot("broken", "broken.mp4", "20,20@0")}}}
                                           .dump(2);
  const std::string out = dir / "out";
  const std::string submit =
      test::cliPath() + " batch " + dir / "shots.json" + " --out " + out + " --slurm --partition test --time 10";
  const std::string status = test::cliPath() + " batch --status " + out;

  const auto submitted = test::runCommand(submit);
  ASSERT_EQ(submitted.exitCode, 0) << submitted.err;
  const std::string job = json::parse(submitted.out)["slurm_job"];
  EXPECT_TRUE(fs::exists(out + "/.batch/slurm/1/batch.sbatch"));

  // Kill the slow shot's task mid-run, as a pre-emption would: nothing half-written appears.
  pid_t run = 0;
  ASSERT_TRUE(waitUntil([&] { return (run = runProcessFor(out + "/slow")) != 0; }, 60s))
      << "the slow shot's run never started; task log:\n" << test::runCommand("cat " + out + "/.batch/slurm/1/*.log").out;
  std::this_thread::sleep_for(500ms);
  ASSERT_EQ(runProcessFor(out + "/slow"), run) << "the slow shot finished before it could be killed";
  const auto killed = test::runCommand("scancel --signal=KILL --full " + job + "_1");
  ASSERT_EQ(killed.exitCode, 0) << killed.err;
  ASSERT_TRUE(waitUntil(
      [&] {
        const std::string state = taskState(job + "_1");
        return state != "RUNNING" && state != "COMPLETING";
      },
      30s));
  EXPECT_FALSE(fs::exists(out + "/slow/composite.mp4"));
  EXPECT_FALSE(fs::exists(out + "/slow/sample.permanence"));

  // Slurm's requeue finishes it. Slurm holds a requeued job for two minutes
  // (BeginTime); the test lets it start at once.
  const auto requeued = test::runCommand("scontrol requeue " + job + "_1");
  ASSERT_EQ(requeued.exitCode, 0) << requeued.err << " (task state " << taskState(job + "_1") << ")";
  const auto released = test::runCommand("scontrol update JobId=" + job + "_1 StartTime=now");
  ASSERT_EQ(released.exitCode, 0) << released.err;
  json summary;
  int statusCode = -1;
  ASSERT_TRUE(waitUntil(
      [&] {
        const auto r = test::runCommand(status);
        if (r.exitCode != 0 && r.exitCode != 1) return false;
        statusCode = r.exitCode;
        summary = json::parse(r.out);
        return summary["finished"] == true;
      },
      120s, 500ms))
      << summary.dump(2);
  EXPECT_EQ(statusCode, 1);  // the broken shot failed
  EXPECT_EQ(summary["slurm_states_from"], "squeue");
  EXPECT_EQ(shotIn(summary, "a")["status"], "ok") << summary.dump(2);
  EXPECT_EQ(shotIn(summary, "slow")["status"], "ok") << summary.dump(2);
  EXPECT_EQ(shotIn(summary, "broken")["status"], "failed");
  EXPECT_NE(shotIn(summary, "broken")["error"].get<std::string>().find("broken.mp4"), std::string::npos);
  EXPECT_EQ(shotIn(summary, "slow")["slurm_task"], job + "_1 COMPLETED");
  for (const char* name : {"a", "slow"}) {
    EXPECT_TRUE(fs::exists(out + "/" + name + "/composite.mp4")) << name;
    EXPECT_GT(shotIn(summary, name)["peak_mb"].get<double>(), 10) << name;
  }
  // Nothing of the killed attempt is left: no staging folder, no lock; the manifest of
  // what `run` published stays (it is how a later --force knows its own files).
  for (const auto& entry : fs::directory_iterator(out + "/slow")) {
    const std::string name = entry.path().filename().string();
    if (name != ".permanence-manifest.json") EXPECT_NE(name[0], '.') << "left behind: " << entry.path();
  }
  // --status wrote the same summary into the folder.
  std::ifstream summaryFile(out + "/batch.json");
  const json written = json::parse(summaryFile);
  for (const char* name : {"a", "slow", "broken"})
    EXPECT_EQ(shotIn(written, name)["status"], shotIn(summary, name)["status"]) << name;
  EXPECT_TRUE(fs::exists(out + "/batch.txt"));

  // Resume: only the broken shot is submitted again; --wait reports when it ends.
  const auto resultTime = fs::last_write_time(out + "/.batch/shots/a.json");
  const auto resumed = test::runCommand(submit + " --wait");
  EXPECT_EQ(resumed.exitCode, 1) << resumed.err;
  const json again = json::parse(resumed.out);
  EXPECT_EQ(again["submitted"], json::array({2})) << resumed.out;
  EXPECT_EQ(again["finished"], true);
  EXPECT_EQ(shotIn(again, "broken")["status"], "failed");
  EXPECT_EQ(fs::last_write_time(out + "/.batch/shots/a.json"), resultTime);
}
