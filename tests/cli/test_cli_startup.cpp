// Every command pays the process start-up: the CLI must not load libraries that cost a
// short command a large share of its time. Debian's OpenCV imgcodecs pulls in GDAL and
// ~80 more shared libraries (0.17 s); libtorch costs ~0.5 s and is loaded only by the
// diffusion backend plug-in.
#include "test_paths.h"

#include <gtest/gtest.h>

using namespace permanence;

TEST(CliStartup, LoadsNeitherImgcodecsNorGdalNorTorch) {
  const test::CommandResult ldd = test::runCommand("ldd '" + test::cliPath() + "'");
  ASSERT_EQ(ldd.exitCode, 0) << ldd.err;
  ASSERT_NE(ldd.out.find("libavcodec"), std::string::npos) << ldd.out;  // the listing is real
  for (const char* library : {"libopencv_imgcodecs", "libgdal", "libtorch"})
    EXPECT_EQ(ldd.out.find(library), std::string::npos) << library << " is loaded at start-up";
}
