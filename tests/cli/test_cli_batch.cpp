// permanence-cli batch on this machine: three generated shots, one of them broken;
// the summary, the outputs, resume, and the validation of the shot list.
#include "test_paths.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace permanence;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A generated clip in DIR/NAME/sample.mp4; returns the click on its object.
std::string makeSample(const test::TempDir& dir, const std::string& name, int seed) {
  const auto r = test::runCommand(test::cliPath() + " sample --out " + dir / name +
                                  " --width 160 --height 96 --frames 12 --seed " + std::to_string(seed));
  EXPECT_EQ(r.exitCode, 0) << r.err;
  return json::parse(r.out)["click"].get<std::string>() + "@0";
}

json shot(const std::string& name, const std::string& source, const std::string& click) {
  return {{"name", name}, {"source", source}, {"objects", {{{"name", "thing"}, {"clicks", {click}}}}}};
}

void writeJson(const std::string& path, const json& value) { std::ofstream(path) << value.dump(2); }

json readJson(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

json shotIn(const json& summary, const std::string& name) {
  for (const json& s : summary["shots"])
    if (s["name"] == name) return s;
  ADD_FAILURE() << "no shot " << name << " in " << summary.dump();
  return {};
}

}  // namespace

TEST(CliBatch, RunsShotsResumesAndReportsTheBrokenOne) {
  test::TempDir dir;
  const std::string clickA = makeSample(dir, "a", 1), clickB = makeSample(dir, "b", 2);
  std::ofstream(dir / "broken.mp4") << "not a video at all";
  json list = {{"version", 1},
               {"defaults", {{"topk", 1}}},
               {"shots",
                {shot("a", "a/sample.mp4", clickA),
                 {{"name", "b"},
                  {"source", "b/sample.mp4"},
                  {"objects", {{{"name", "thing"}, {"clicks", {clickB}}}}},
                  {"moves", {"thing:10,-5"}}},
                 shot("broken", "broken.mp4", "20,20@0")}}};
  writeJson(dir / "shots.json", list);
  const std::string batch = test::cliPath() + " batch " + dir / "shots.json" + " --out " + dir / "out";

  const auto first = test::runCommand(batch + " --jobs 2");
  EXPECT_EQ(first.exitCode, 1) << first.err;  // a shot failed
  const json summary = readJson(dir / "out/batch.json");
  EXPECT_EQ(shotIn(summary, "a")["status"], "ok") << first.err;
  EXPECT_EQ(shotIn(summary, "b")["status"], "ok") << first.err;
  const json broken = shotIn(summary, "broken");
  EXPECT_EQ(broken["status"], "failed");
  EXPECT_EQ(broken["exit_code"], 1);
  EXPECT_NE(broken["error"].get<std::string>().find("broken.mp4"), std::string::npos) << broken.dump();
  for (const char* name : {"a", "b"}) {
    const fs::path shotDir = dir.path() / "out" / name;
    EXPECT_TRUE(fs::exists(shotDir / "composite.mp4")) << name;
    EXPECT_TRUE(fs::exists(shotDir / "sample.permanence/project.json")) << name;
    EXPECT_TRUE(fs::is_directory(shotDir / "objects/thing/rgba")) << name;
    EXPECT_GT(shotIn(summary, name)["seconds"].get<double>(), 0) << name;
    EXPECT_GT(shotIn(summary, name)["peak_mb"].get<double>(), 10) << name;  // the child's, not the batch's
  }
  // The readable table, in batch.txt and on stderr.
  std::ifstream table(dir / "out/batch.txt");
  const std::string text((std::istreambuf_iterator<char>(table)), {});
  EXPECT_NE(text.find("peak MB"), std::string::npos) << text;
  EXPECT_NE(text.find("broken  failed"), std::string::npos) << text;
  EXPECT_NE(first.err.find("peak MB"), std::string::npos) << first.err;
  EXPECT_EQ(json::parse(first.out)["counts"]["ok"], 2) << first.out;

  // Again: the two finished shots are skipped, untouched; the broken one runs again.
  const auto resultTime = fs::last_write_time(dir / "out/.batch/shots/a.json");
  const auto second = test::runCommand(batch);
  EXPECT_EQ(second.exitCode, 1) << second.err;
  const json again = readJson(dir / "out/batch.json");
  EXPECT_EQ(shotIn(again, "a")["status"], "skipped");
  EXPECT_EQ(shotIn(again, "b")["status"], "skipped");
  EXPECT_EQ(shotIn(again, "broken")["status"], "failed");
  EXPECT_EQ(fs::last_write_time(dir / "out/.batch/shots/a.json"), resultTime);

  // The broken shot fixed: only it runs, and the batch succeeds.
  list["shots"][2] = shot("broken", "a/sample.mp4", clickA);
  writeJson(dir / "shots.json", list);
  const auto third = test::runCommand(batch);
  EXPECT_EQ(third.exitCode, 0) << third.err;
  const json fixed = readJson(dir / "out/batch.json");
  EXPECT_EQ(shotIn(fixed, "a")["status"], "skipped");
  EXPECT_EQ(shotIn(fixed, "broken")["status"], "ok");
  EXPECT_TRUE(fs::exists(dir / "out/broken/composite.mp4"));

  // --status reads the same folder.
  const auto status = test::runCommand(test::cliPath() + " batch --status " + dir / "out");
  EXPECT_EQ(status.exitCode, 0) << status.err;
  EXPECT_EQ(json::parse(status.out)["counts"]["ok"], 3) << status.out;
}

TEST(CliBatch, RejectsABadShotListNamingEachShotAndField) {
  test::TempDir dir;
  std::ofstream(dir / "clip.mp4") << "x";
  writeJson(dir / "shots.json",
            {{"version", 1},
             {"shots",
              {{{"name", "one"},
                {"source", "clip.mp4"},
                {"objects", {{{"name", "ball"}, {"clicks", {"12,x"}}}}},
                {"moves", {"cup:1,2"}}},
               {{"name", "two"}, {"source", "missing.mp4"}, {"objects", {{{"clicks", {"1,2"}}}}}, {"boxes", 1}},
               {{"name", "one"}, {"source", "clip.mp4"}, {"objects", {{{"clicks", {"1,2@3"}}}}}, {"topk", 0}}}}});
  const auto r = test::runCommand(test::cliPath() + " batch " + dir / "shots.json" + " --out " + dir / "out");
  EXPECT_EQ(r.exitCode, 1);
  for (const char* expected :
       {"shot 'one': objects[0].clicks[0]: '12,x': expected X,Y", "shot 'one': moves: 'cup:1,2': unknown object 'cup'",
        "shot 'two': source:", "missing.mp4 does not exist", "shot 'two': unknown field 'boxes'",
        "shot 'one' (#3): name: used by an earlier shot", "shot 'one': topk: expected an integer 1..16"})
    EXPECT_NE(r.err.find(expected), std::string::npos) << "missing '" << expected << "' in: " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;  // one line
  EXPECT_FALSE(fs::exists(dir / "out"));  // nothing ran, nothing written
}

TEST(CliBatch, RefusesAFolderThatIsNotABatch) {
  test::TempDir dir;
  const std::string click = makeSample(dir, "a", 1);
  writeJson(dir / "shots.json", {{"version", 1}, {"shots", {shot("a", "a/sample.mp4", click)}}});
  fs::create_directories(dir / "out");
  std::ofstream(dir / "out/precious.txt") << "mine";
  const auto r = test::runCommand(test::cliPath() + " batch " + dir / "shots.json" + " --out " + dir / "out");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("something other than a batch"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir / "out/precious.txt"));
}

// --slurm against stand-ins for sbatch and sacct (the farm label runs a real
// cluster): the script submitted, the task states read from sacct, a task's run.
TEST(CliBatch, SubmitsAnArrayScriptAndReadsSacct) {
  test::TempDir dir;
  const std::string click = makeSample(dir, "a", 1);
  std::ofstream(dir / "broken.mp4") << "not a video";
  writeJson(dir / "shots.json",
            {{"version", 1}, {"shots", {shot("a", "a/sample.mp4", click), shot("broken", "broken.mp4", "20,20@0")}}});
  fs::create_directories(dir / "bin");
  std::ofstream(dir / "bin/sbatch") << "#!/bin/sh\ncp \"$2\" \"$(dirname \"$0\")/submitted.sbatch\"\necho '77;farm'\n";
  std::ofstream(dir / "bin/sacct") << "#!/bin/sh\ncat \"$(dirname \"$0\")/sacct.out\"\n";
  fs::permissions(dir / "bin/sbatch", fs::perms::owner_all);
  fs::permissions(dir / "bin/sacct", fs::perms::owner_all);
  const auto sacctSays = [&](const std::string& lines) { std::ofstream(dir / "bin/sacct.out") << lines; };
  const std::string path = "PATH=" + dir / "bin" + ":$PATH ";
  const std::string cli = path + test::cliPath() + " batch ";

  sacctSays("77_[0-1%1]|PENDING|0:0\n");
  const auto submitted = test::runCommand(cli + dir / "shots.json" + " --out " + dir / "out" +
                                          " --slurm --partition gpu --gres gpu:1 --time 30 --array-limit 1");
  ASSERT_EQ(submitted.exitCode, 0) << submitted.err;
  EXPECT_EQ(json::parse(submitted.out)["slurm_job"], "77");
  std::ifstream scriptFile(dir / "bin/submitted.sbatch");
  const std::string script((std::istreambuf_iterator<char>(scriptFile)), {});
  for (const std::string& expected : std::vector<std::string>{
           "#SBATCH --array=0,1%1\n", "#SBATCH --requeue\n", "#SBATCH --partition=gpu\n", "#SBATCH --gres=gpu:1\n",
        "#SBATCH --time=30\n", "batch '" + dir / "out/.batch/slurm/1/shots.json" + "' --out '" + dir / "out" +
        "' --shot \"$SLURM_ARRAY_TASK_ID\"\n"})
    EXPECT_NE(script.find(expected), std::string::npos) << "missing " << expected << " in:\n" << script;
  EXPECT_EQ(shotIn(json::parse(submitted.out), "a")["status"], "pending");

  // Task 0 runs (as Slurm would start it); sacct then says it completed.
  const auto task = test::runCommand(path + "SLURM_ARRAY_JOB_ID=77 SLURM_ARRAY_TASK_ID=0 " + test::cliPath() +
                                     " batch " + dir / "out/.batch/slurm/1/shots.json" + " --out " + dir / "out" +
                                     " --shot 0");
  EXPECT_EQ(task.exitCode, 0) << task.err;
  sacctSays("77_0|COMPLETED|0:0\n77_0.batch|COMPLETED|0:0\n77_1|FAILED|0:9\n");
  const auto status = test::runCommand(cli + "--status " + dir / "out");
  EXPECT_EQ(status.exitCode, 1) << status.err;
  const json summary = json::parse(status.out);
  EXPECT_EQ(summary["slurm_states_from"], "sacct");
  EXPECT_EQ(shotIn(summary, "a")["status"], "ok");
  EXPECT_EQ(shotIn(summary, "a")["slurm_task"], "77_0 COMPLETED");
  EXPECT_EQ(shotIn(summary, "broken")["status"], "failed");  // killed before it wrote a result
  EXPECT_NE(shotIn(summary, "broken")["error"].get<std::string>().find("FAILED (exit 0:9) without a result"),
            std::string::npos)
      << status.out;
  EXPECT_EQ(readJson(dir / "out/.batch/shots/a.json")["slurm_task"], "77_0");
}
