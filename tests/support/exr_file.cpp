#include "exr_file.h"

#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfCompression.h>
#include <OpenEXR/ImfFrameBuffer.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfInputFile.h>
#include <OpenEXR/ImfStandardAttributes.h>

namespace permanence::test {
namespace {

cv::Rect toRect(const Imath::Box2i& box) {
  return {box.min.x, box.min.y, box.max.x - box.min.x + 1, box.max.y - box.min.y + 1};
}

std::string compressionName(Imf::Compression c) {
  switch (c) {
    case Imf::NO_COMPRESSION: return "none";
    case Imf::ZIP_COMPRESSION: return "zip";
    case Imf::ZIPS_COMPRESSION: return "zips";
    case Imf::DWAA_COMPRESSION: return "dwaa";
    case Imf::DWAB_COMPRESSION: return "dwab";
    default: return "other";
  }
}

}  // namespace

ExrFile readExrFile(const std::string& path) {
  Imf::InputFile file(path.c_str());
  const Imf::Header& header = file.header();
  ExrFile out;
  out.displayWindow = toRect(header.displayWindow());
  out.dataWindow = toRect(header.dataWindow());
  out.compression = compressionName(header.compression());
  if (Imf::hasFramesPerSecond(header)) {
    const Imf::Rational& fps = Imf::framesPerSecond(header);
    out.framesPerSecond = double(fps.n) / fps.d;
  }
  Imf::FrameBuffer buffer;
  const cv::Rect& d = out.dataWindow;
  for (auto it = header.channels().begin(); it != header.channels().end(); ++it) {
    out.allHalf = out.allHalf && it.channel().type == Imf::HALF;
    cv::Mat& plane = out.channels[it.name()] = cv::Mat(d.size(), CV_32FC1);
    buffer.insert(it.name(), Imf::Slice::Make(Imf::FLOAT, plane.data, Imath::V2i(d.x, d.y), d.width, d.height,
                                              sizeof(float), plane.step[0]));
  }
  file.setFrameBuffer(buffer);
  file.readPixels(header.dataWindow().min.y, header.dataWindow().max.y);
  return out;
}

}  // namespace permanence::test
