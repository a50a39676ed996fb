#pragma once
// A batch's shot list: a versioned JSON file naming, per shot, the source clip and
// what `permanence-cli run` should do with it. The whole file is validated before
// any shot runs; every error names the shot and the field. Media problems (a clip
// that does not decode, a click on nothing) are not checked here: they fail that
// shot alone when it runs.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace permanence::cli {

struct ShotObject {
  std::string name;
  std::vector<std::string> clicks, negativeClicks;  // "X,Y[@FRAME]"
};

struct Shot {
  std::string name;    // also the shot's output folder under the batch's --out
  std::string source;  // absolute
  std::vector<ShotObject> objects;
  int topK = 1;
  std::string backend = "classic";
  std::vector<std::string> moves;  // "OBJ:DX,DY[@FRAME]"
  std::vector<std::string> order;  // back to front
  std::vector<std::string> hides;
  std::string weightsDir;          // absolute; diffusion only
  std::string device;              // diffusion only
  int steps = 0;                   // diffusion only; 0: run's default
  // The shot as written in the file after defaults and path resolution: a finished
  // shot counts as done only while its definition is unchanged.
  nlohmann::json definition;
};

// Reads and validates the whole file; throws InputError with every problem found
// (one line, "; "-separated), each naming the shot and the field.
std::vector<Shot> loadShotList(const std::filesystem::path& file);

// The same shots as a shot list with absolute paths, so that it can be read from
// anywhere (the batch keeps one in its folder for Slurm tasks and --status).
nlohmann::json toShotList(const std::vector<Shot>& shots);

// The arguments of `permanence-cli run` (after "run") for the shot, writing into `out`.
std::vector<std::string> runArguments(const Shot& shot, const std::filesystem::path& out);

}  // namespace permanence::cli
