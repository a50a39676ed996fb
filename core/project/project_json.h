#pragma once
// Project <-> versioned JSON. Numbers are written by nlohmann::json, which does not
// depend on the C locale. Older documents are migrated step by step on load; a
// newer one is refused.
#include "project/project.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>

namespace permanence {

// 2: masks, layers and the plate as patch files (media/patch_file.h).
constexpr int kProjectSchemaVersion = 2;

nlohmann::json toJson(const Project& project);
// Throws InputError naming `file` and the field that is wrong.
Project projectFromJson(const nlohmann::json& document, const std::string& file);

// Migration from version v to v+1, keyed by v.
using Migrations = std::map<int, std::function<void(nlohmann::json&)>>;
const Migrations& projectMigrations();
// Brings `document` from its schema_version up to `target`, one step at a time.
// Throws InputError naming `file` when the version is missing, newer than `target`,
// or has no migration.
void migrateDocument(nlohmann::json& document, const Migrations& migrations, int target,
                     const std::string& file);

}  // namespace permanence
