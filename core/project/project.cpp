#include "project/project.h"

#include <algorithm>

namespace permanence {

ObjectTrack* Project::findObject(const std::string& id) {
  auto it = std::find_if(objects.begin(), objects.end(), [&](const ObjectTrack& o) { return o.id == id; });
  return it == objects.end() ? nullptr : &*it;
}

const ObjectTrack* Project::findObject(const std::string& id) const {
  return const_cast<Project*>(this)->findObject(id);
}

std::string Project::newObjectId() const {
  for (int n = 1;; ++n) {
    const std::string id = "obj" + std::to_string(n);
    if (!findObject(id)) return id;
  }
}

}  // namespace permanence
