#pragma once
// Converts the editor's object session to and from core's Project. The model (ids,
// prompts, keyframes, choices) is converted on the GUI thread; the pixels (each
// object's masks and Top-K samples, the background plate) travel as ProjectPixels,
// which a job writes to or reads from the project folder as patch files
// (media/patch_file.h), so that neither a
// save nor an open holds up the window.
#include "encoded_frame_source.h"
#include "object_session.h"
#include "jobs/job.h"
#include "project/project.h"

#include <filesystem>
#include <string>
#include <vector>

namespace permanence::ui {

// The file of a project that holds the background plate (a patch file over the clip).
inline constexpr const char* kBackgroundFile = "background.patches";

struct ObjectPixels {
  std::vector<Mask> modal;  // one per frame; empty: none stored
  ObjectSamples samples;    // null: none
};

struct ProjectPixels {
  std::vector<ObjectPixels> objects;  // in the project's object order
  EncodedFrames plate;                // the background plate; null: none
};

// The clip's frames as the project's files are named after them, usable on any thread.
struct FrameNaming {
  FrameNames names;
  cv::Size size;
  std::string clip;  // the clip's path, for error messages
};
FrameNaming frameNamingOf(const FrameSource& frames);

// The project model of the session: no pixel folders are named (see writeProjectPixels).
Project sessionToProject(const ObjectSession& session, const std::filesystem::path& folder);
// The session's masks and samples (copies; the samples are shared, never changed).
ProjectPixels pixelsOf(const ObjectSession& session);

// Writes the pixels into `folder` and names their folders in `project` (object i of
// `pixels` is object i of the project). Progress per file; throws InputError naming
// the file that cannot be written, Cancelled when cancelled.
void writeProjectPixels(const ProjectPixels& pixels, const FrameNaming& frames, const std::filesystem::path& folder,
                        Project& project, JobContext& context);
// Reads the pixels `project` names. Throws InputError naming the file that is missing
// or does not fit the clip, Cancelled when cancelled.
ProjectPixels readProjectPixels(const Project& project, const FrameNaming& frames, const std::filesystem::path& folder,
                                JobContext& context);

// Restores the objects of `project` into `session`, whose clip is already open, with
// their pixels as readProjectPixels read them (no file is read here).
void projectToSession(const Project& project, const ProjectPixels& pixels, ObjectSession& session);

}  // namespace permanence::ui
