#include "shot_list.h"

#include "arguments.h"
#include "errors.h"

#include <fstream>
#include <regex>
#include <set>

namespace fs = std::filesystem;
using nlohmann::json;

namespace permanence::cli {
namespace {

const std::regex kShotName(R"([A-Za-z0-9][A-Za-z0-9._-]{0,99})");

// Each value is checked by the parser `run` itself uses, so a shot list is accepted
// exactly when its shots' options are (one throws InputError for a bad value).
using ValueCheck = void (*)(const std::string&);
void checkClick(const std::string& text) { parseClick(text, true, 0, "click"); }
void checkMove(const std::string& text) { parseMove(text); }
void checkName(const std::string& text) { checkObjectName(text, "name"); }

// Fields a shot may set in "defaults" (for every shot) or itself.
const std::set<std::string> kSharedFields = {"topk", "backend", "weights_dir", "device", "steps"};
const std::set<std::string> kShotFields = {"name", "source", "objects", "moves", "order", "hide",
                                           "topk", "backend", "weights_dir", "device", "steps"};
const std::set<std::string> kObjectFields = {"name", "clicks", "neg_clicks"};

std::string joined(const std::set<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// Collects every problem of the file, each prefixed with where it is.
class Problems {
 public:
  void add(const std::string& where, const std::string& what) { lines_.push_back(where + ": " + what); }
  bool empty() const { return lines_.empty(); }
  std::string text() const {
    std::string all;
    for (const std::string& line : lines_) all += (all.empty() ? "" : "; ") + line;
    return all;
  }

 private:
  std::vector<std::string> lines_;
};

// A list of strings, each passing `check` (described by `expected`).
std::vector<std::string> stringList(const json& value, const std::string& where, ValueCheck check,
                                    const std::string& expected, Problems& problems) {
  std::vector<std::string> items;
  if (!value.is_array()) {
    problems.add(where, "expected a list of strings");
    return items;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    if (!value[i].is_string()) {
      problems.add(at, "expected a string");
      continue;
    }
    const std::string text = value[i].get<std::string>();
    try {
      check(text);
      items.push_back(text);
    } catch (const InputError&) {
      problems.add(at, "'" + text + "': expected " + expected);
    }
  }
  return items;
}

void checkFields(const json& value, const std::set<std::string>& known, const std::string& where,
                 Problems& problems) {
  for (const auto& [key, unused] : value.items())
    if (!known.count(key)) problems.add(where, "unknown field '" + key + "' (known: " + joined(known) + ")");
}

// A path of the file, relative to the file's folder unless absolute.
fs::path resolved(const fs::path& base, const std::string& path) { return fs::absolute(base / path).lexically_normal(); }

std::vector<ShotObject> parseObjects(const json& value, const std::string& where, Problems& problems) {
  std::vector<ShotObject> objects;
  if (!value.is_array() || value.empty()) {
    problems.add(where + ": objects", "expected a non-empty list of objects");
    return objects;
  }
  std::set<std::string> names;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string at = where + ": objects[" + std::to_string(i) + "]";
    const json& entry = value[i];
    if (!entry.is_object()) {
      problems.add(at, "expected an object");
      continue;
    }
    checkFields(entry, kObjectFields, at, problems);
    ShotObject object;
    object.name = "obj" + std::to_string(i + 1);  // run's name for an unnamed object
    if (entry.contains("name")) {
      try {
        if (!entry["name"].is_string()) throw InputError("not a string");
        checkName(entry["name"].get<std::string>());
        object.name = entry["name"].get<std::string>();
      } catch (const InputError&) {
        problems.add(at + ".name", "expected 1-64 letters, digits, '_', '.' or '-', not starting with '.'");
      }
    }
    if (!names.insert(object.name).second) problems.add(at + ".name", "'" + object.name + "' is used twice");
    if (!entry.contains("clicks"))
      problems.add(at + ".clicks", "missing (each object needs at least one click)");
    else
      object.clicks = stringList(entry["clicks"], at + ".clicks", checkClick, "X,Y or X,Y@FRAME", problems);
    if (entry.contains("clicks") && entry["clicks"].is_array() && entry["clicks"].empty())
      problems.add(at + ".clicks", "empty (each object needs at least one click)");
    if (entry.contains("neg_clicks"))
      object.negativeClicks = stringList(entry["neg_clicks"], at + ".neg_clicks", checkClick, "X,Y or X,Y@FRAME", problems);
    objects.push_back(object);
  }
  return objects;
}

bool knownObject(const Shot& shot, const std::string& name) {
  for (const ShotObject& object : shot.objects)
    if (object.name == name) return true;
  return false;
}

// The shot-wide settings (also allowed in "defaults"), validated into `shot`.
void parseSettings(const json& entry, const std::string& where, const fs::path& base, Shot& shot,
                   Problems& problems) {
  if (entry.contains("topk")) {
    if (!entry["topk"].is_number_integer() || entry["topk"].get<int>() < 1 || entry["topk"].get<int>() > 16)
      problems.add(where + ": topk", "expected an integer 1..16");
    else
      shot.topK = entry["topk"].get<int>();
  }
  if (entry.contains("backend")) {
    if (entry["backend"] != "classic" && entry["backend"] != "diffusion")
      problems.add(where + ": backend", "expected \"classic\" or \"diffusion\"");
    else
      shot.backend = entry["backend"].get<std::string>();
  }
  if (entry.contains("weights_dir")) {
    if (!entry["weights_dir"].is_string()) {
      problems.add(where + ": weights_dir", "expected a folder path");
    } else {
      shot.weightsDir = resolved(base, entry["weights_dir"].get<std::string>()).string();
      if (!fs::is_directory(shot.weightsDir)) problems.add(where + ": weights_dir", shot.weightsDir + " is not a folder");
    }
  }
  if (entry.contains("device")) {
    if (!entry["device"].is_string() || entry["device"].get<std::string>().empty())
      problems.add(where + ": device", "expected a device name, e.g. \"cuda\"");
    else
      shot.device = entry["device"].get<std::string>();
  }
  if (entry.contains("steps")) {
    if (!entry["steps"].is_number_integer() || entry["steps"].get<int>() < 2 || entry["steps"].get<int>() > 1000)
      problems.add(where + ": steps", "expected an integer 2..1000");
    else
      shot.steps = entry["steps"].get<int>();
  }
}

Shot parseShot(const json& entry, const json& defaults, size_t index, const fs::path& base, Problems& problems) {
  Shot shot;
  std::string where = "shot #" + std::to_string(index + 1);
  if (!entry.is_object()) {
    problems.add(where, "expected an object");
    return shot;
  }
  if (!entry.contains("name") || !entry["name"].is_string() ||
      !std::regex_match(entry["name"].get<std::string>(), kShotName)) {
    problems.add(where + ": name", "expected a folder name: letters, digits, '_', '.' or '-', not starting with '.'");
  } else {
    shot.name = entry["name"].get<std::string>();
    where = "shot '" + shot.name + "'";
    if (shot.name == "batch.json" || shot.name == "batch.txt")
      problems.add(where + ": name", "'" + shot.name + "' is the batch's summary file");
  }
  checkFields(entry, kShotFields, where, problems);

  shot.definition = defaults;
  for (const auto& [key, value] : entry.items()) shot.definition[key] = value;
  if (!entry.contains("source") || !entry["source"].is_string() || entry["source"].get<std::string>().empty()) {
    problems.add(where + ": source", "expected the path of a video file or a folder of frames");
  } else {
    shot.source = resolved(base, entry["source"].get<std::string>()).string();
    if (!fs::exists(shot.source)) problems.add(where + ": source", shot.source + " does not exist");
    shot.definition["source"] = shot.source;
  }
  parseSettings(defaults, where, base, shot, problems);
  parseSettings(entry, where, base, shot, problems);
  if (!shot.weightsDir.empty()) shot.definition["weights_dir"] = shot.weightsDir;
  if (entry.contains("objects")) shot.objects = parseObjects(entry["objects"], where, problems);
  else problems.add(where + ": objects", "missing (each shot needs at least one object)");

  const auto names = [&](const char* field, ValueCheck check, const std::string& expected) {
    return entry.contains(field) ? stringList(entry[field], where + ": " + field, check, expected, problems)
                                 : std::vector<std::string>{};
  };
  shot.moves = names("moves", checkMove, "OBJ:DX,DY or OBJ:DX,DY@FRAME");
  shot.order = names("order", checkName, "an object name");
  shot.hides = names("hide", checkName, "an object name");
  for (const std::string& move : shot.moves) {
    const std::string object = move.substr(0, move.find(':'));
    if (!knownObject(shot, object)) problems.add(where + ": moves", "'" + move + "': unknown object '" + object + "'");
  }
  std::set<std::string> ordered;
  for (const std::string& name : shot.order) {
    if (!knownObject(shot, name)) problems.add(where + ": order", "unknown object '" + name + "'");
    if (!ordered.insert(name).second) problems.add(where + ": order", "'" + name + "' is listed twice");
  }
  for (const std::string& name : shot.hides)
    if (!knownObject(shot, name)) problems.add(where + ": hide", "unknown object '" + name + "'");
  return shot;
}

}  // namespace

std::vector<Shot> loadShotList(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string() + ": cannot read the shot list");
  json root;
  try {
    root = json::parse(in);
  } catch (const json::parse_error& e) {
    throw InputError(file.string() + ": not valid JSON (" + e.what() + ")");
  }
  Problems problems;
  if (!root.is_object()) throw InputError(file.string() + ": expected {\"version\": 1, \"shots\": [...]}");
  checkFields(root, {"version", "defaults", "shots"}, "top level", problems);
  if (!root.contains("version") || root["version"] != 1)
    problems.add("version", "expected 1 (the only shot list version this permanence-cli reads)");
  json defaults = json::object();
  if (root.contains("defaults")) {
    if (!root["defaults"].is_object()) {
      problems.add("defaults", "expected an object");
    } else {
      defaults = root["defaults"];
      checkFields(defaults, kSharedFields, "defaults", problems);
    }
  }
  std::vector<Shot> shots;
  if (!root.contains("shots") || !root["shots"].is_array() || root["shots"].empty()) {
    problems.add("shots", "expected a non-empty list of shots");
  } else {
    const fs::path base = fs::absolute(file).parent_path();
    std::set<std::string> names;
    for (size_t i = 0; i < root["shots"].size(); ++i) {
      shots.push_back(parseShot(root["shots"][i], defaults, i, base, problems));
      const std::string& name = shots.back().name;
      if (!name.empty() && !names.insert(name).second)
        problems.add("shot '" + name + "' (#" + std::to_string(i + 1) + "): name", "used by an earlier shot too");
    }
  }
  if (!problems.empty()) throw InputError(file.string() + ": " + problems.text());
  return shots;
}

json toShotList(const std::vector<Shot>& shots) {
  json list = json::array();
  for (const Shot& shot : shots) list.push_back(shot.definition);
  return {{"version", 1}, {"shots", list}};
}

std::vector<std::string> runArguments(const Shot& shot, const fs::path& out) {
  // --option=value throughout: a value such as "-4,10" must not read as an option.
  std::vector<std::string> args = {"run", "--video=" + shot.source, "--out=" + out.string()};
  for (const ShotObject& object : shot.objects) {
    args.push_back("--object=" + object.name);
    for (const std::string& click : object.clicks) args.push_back("--click=" + click);
    for (const std::string& click : object.negativeClicks) args.push_back("--neg-click=" + click);
  }
  args.push_back("--topk=" + std::to_string(shot.topK));
  args.push_back("--backend=" + shot.backend);
  for (const std::string& move : shot.moves) args.push_back("--move=" + move);
  if (!shot.order.empty()) {
    std::string order;
    for (const std::string& name : shot.order) order += (order.empty() ? "" : ",") + name;
    args.push_back("--order=" + order);
  }
  for (const std::string& name : shot.hides) args.push_back("--hide=" + name);
  if (!shot.weightsDir.empty()) args.push_back("--weights-dir=" + shot.weightsDir);
  if (!shot.device.empty()) args.push_back("--device=" + shot.device);
  if (shot.steps > 0) args.push_back("--steps=" + std::to_string(shot.steps));
  return args;
}

}  // namespace permanence::cli
