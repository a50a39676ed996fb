#include "errors.h"
#include "project/project_json.h"
#include "project/project_paths.h"
#include "project/project_store.h"
#include "test_paths.h"

#include <gtest/gtest.h>

#include <clocale>
#include <fstream>
#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <thread>

using namespace permanence;
namespace fs = std::filesystem;

namespace {

Project sampleProject() {
  Project p;
  p.source = "/videos/clip.mp4";
  ObjectTrack o;
  o.id = "obj1";
  o.name = "ball";
  o.colour = "#12ab34";
  o.clicks = {{0, 400.5, 462.25, true}, {12, 10, 20, false}};
  o.boxes = {{3, 1.5, 2.5, 100, 50}};
  o.keyframes = {0, 12};
  o.modalPath = "objects/obj1/modal";
  o.samples = {{0.91, "objects/obj1/amodal/sample_1", "objects/obj1/rgba/sample_1", "similarity, ±12 frames"},
               {0.42, "objects/obj1/amodal/sample_2", ""}};
  o.chosenSample = 1;
  p.objects.push_back(o);
  Layer l;
  l.objectId = "obj1";
  l.visible = false;
  l.keyframes = {{0, 0, 0, 1, 0, 1, Interpolation::EaseInOut}, {24, 120.125, -3.5, 1.25, 15, 0.5, Interpolation::Hold}};
  p.layers.push_back(l);
  p.backgroundPath = "background";
  p.exportSettings.crf = 21;
  p.exportSettings.lastFrame = 99;
  p.exportSettings.proresPerObject = true;
  p.backends.topK = 5;
  return p;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeText(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace

TEST(Project, JsonRoundTripKeepsEverything) {
  const Project p = sampleProject();
  const nlohmann::json j = toJson(p);
  EXPECT_EQ(j["schema_version"], kProjectSchemaVersion);
  const Project back = projectFromJson(j, "mem");
  EXPECT_EQ(toJson(back), j);
  ASSERT_EQ(back.objects.size(), 1u);
  EXPECT_EQ(back.objects[0].clicks[0].y, 462.25);
  EXPECT_EQ(back.objects[0].chosenSample, 1);
  EXPECT_EQ(back.objects[0].samples[0].label, "similarity, ±12 frames");
  EXPECT_EQ(back.layers[0].keyframes[1].interpolation, Interpolation::Hold);
  EXPECT_FALSE(back.layers[0].visible);
}

TEST(Project, NumbersDoNotDependOnTheLocale) {
  // A locale with ',' as decimal separator must not change the file.
  const std::string before = toJson(sampleProject()).dump();
  const char* old = std::setlocale(LC_NUMERIC, nullptr);
  const std::string saved = old ? old : "C";
  const bool haveComma = std::setlocale(LC_NUMERIC, "de_DE.UTF-8") || std::setlocale(LC_NUMERIC, "fr_FR.UTF-8");
  const std::string during = toJson(sampleProject()).dump();
  const Project parsed = projectFromJson(nlohmann::json::parse(during), "mem");
  std::setlocale(LC_NUMERIC, saved.c_str());
  EXPECT_EQ(before, during);
  EXPECT_EQ(parsed.objects[0].clicks[0].x, 400.5);
  EXPECT_NE(before.find("400.5"), std::string::npos);
  if (!haveComma) GTEST_LOG_(INFO) << "no comma-decimal locale installed; checked the C locale only";
}

TEST(Project, SaveLoadAndAutosaveRecovery) {
  test::TempDir dir;
  const fs::path folder = dir.path() / "clip.permanence";
  Project p = sampleProject();
  saveProject(p, folder);
  EXPECT_FALSE(hasRecoverableAutosave(folder));
  EXPECT_EQ(toJson(loadProject(folder)), toJson(p));

  p.objects[0].name = "renamed after save";
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  autosaveProject(p, folder);
  ASSERT_TRUE(hasRecoverableAutosave(folder));
  EXPECT_EQ(loadAutosave(folder).objects[0].name, "renamed after save");
  EXPECT_EQ(loadProject(folder).objects[0].name, "ball");  // the saved file is untouched

  discardAutosave(folder);
  EXPECT_FALSE(hasRecoverableAutosave(folder));
  autosaveProject(p, folder);
  saveProject(p, folder);  // a save makes the autosave stale and removes it
  EXPECT_FALSE(fs::exists(folder / kAutosaveFileName));
}

TEST(Project, RefusesCorruptNewerAndForeignFiles) {
  test::TempDir dir;
  const fs::path folder = dir.path() / "p.permanence";
  saveProject(sampleProject(), folder);
  const fs::path file = folder / kProjectFileName;
  const std::string good = slurp(file);

  auto expectRefused = [&](const std::string& text, const std::string& needle) {
    writeText(file, text);
    try {
      loadProject(folder);
      ADD_FAILURE() << "accepted: " << text.substr(0, 60);
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
      EXPECT_NE(msg.find(needle), std::string::npos) << msg;
    }
  };
  expectRefused(good.substr(0, good.size() / 2), "corrupt");
  expectRefused("{\"source\": \"a.mp4\"}", "schema_version");
  auto newer = nlohmann::json::parse(good);
  newer["schema_version"] = kProjectSchemaVersion + 1;
  expectRefused(newer.dump(), "newer");
  auto escaping = nlohmann::json::parse(good);
  escaping["objects"][0]["modal"] = "../../etc";
  expectRefused(escaping.dump(), "outside the project");
  auto absoluteInternal = nlohmann::json::parse(good);
  absoluteInternal["background"] = "/tmp/plate";
  expectRefused(absoluteInternal.dump(), "must be relative");
  auto badLayer = nlohmann::json::parse(good);
  badLayer["layers"][0]["object_id"] = "ghost";
  expectRefused(badLayer.dump(), "ghost");
}

TEST(Project, FailedSaveLeavesTheOldFileIntact) {
  if (geteuid() == 0) GTEST_SKIP() << "root ignores folder permissions";
  test::TempDir dir;
  const fs::path folder = dir.path() / "p.permanence";
  saveProject(sampleProject(), folder);
  const std::string before = slurp(folder / kProjectFileName);
  ::chmod(folder.c_str(), 0555);
  Project changed = sampleProject();
  changed.objects[0].name = "x";
  EXPECT_THROW(saveProject(changed, folder), IoError);
  ::chmod(folder.c_str(), 0755);
  EXPECT_EQ(slurp(folder / kProjectFileName), before);
}

TEST(Project, FailedSaveOnAFullDiskLeavesTheOldFileIntact) {
  // A file-size limit makes writes fail the way a full disk does, even for root.
  test::TempDir dir;
  const fs::path folder = dir.path() / "p.permanence";
  saveProject(sampleProject(), folder);
  const std::string before = slurp(folder / kProjectFileName);
  Project bigger = sampleProject();
  bigger.objects[0].name = std::string(100000, 'x');
  struct rlimit old {};
  getrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = 4096;
  setrlimit(RLIMIT_FSIZE, &small);
  EXPECT_THROW(saveProject(bigger, folder), IoError);
  setrlimit(RLIMIT_FSIZE, &old);
  EXPECT_EQ(slurp(folder / kProjectFileName), before);
  for (const auto& entry : fs::directory_iterator(folder))  // no temp file left behind
    EXPECT_EQ(entry.path().filename(), kProjectFileName);
}

TEST(Project, RefusesToSaveAPathOutsideTheFolder) {
  test::TempDir dir;
  const fs::path folder = dir.path() / "p.permanence";
  saveProject(sampleProject(), folder);
  const std::string before = slurp(folder / kProjectFileName);
  Project invalid = sampleProject();
  invalid.backgroundPath = "../outside";  // refused before anything is written
  EXPECT_THROW(saveProject(invalid, folder), InputError);
  EXPECT_EQ(slurp(folder / kProjectFileName), before);
}

TEST(Project, MigrationsRunStepByStep) {
  Migrations steps;
  steps[1] = [](nlohmann::json& d) { d["renamed"] = d["old"]; d.erase("old"); };
  steps[2] = [](nlohmann::json& d) { d["added"] = 7; };
  nlohmann::json doc = {{"schema_version", 1}, {"old", "value"}};
  migrateDocument(doc, steps, 3, "doc");
  EXPECT_EQ(doc["schema_version"], 3);
  EXPECT_EQ(doc["renamed"], "value");
  EXPECT_EQ(doc["added"], 7);
  nlohmann::json gap = {{"schema_version", 0}};
  EXPECT_THROW(migrateDocument(gap, steps, 3, "doc"), InputError);
}

TEST(Project, SourcePathsAreRelativeInsideAndAbsoluteOutside) {
  test::TempDir dir;
  const fs::path folder = dir.path() / "p.permanence";
  fs::create_directories(folder / "media");
  EXPECT_EQ(storedSourcePath(folder, folder / "media" / "clip.mp4"), "media/clip.mp4");
  const std::string outside = storedSourcePath(folder, dir.path() / "clip.mp4");
  EXPECT_TRUE(fs::path(outside).is_absolute());
  EXPECT_EQ(resolveInProject(folder, "media/clip.mp4", true, "f"), folder / "media/clip.mp4");
}
