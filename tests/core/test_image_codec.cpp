// Still-image reading and PNG writing through FFmpeg, checked against OpenCV's
// imgcodecs (libpng, libjpeg, libtiff, libwebp) as an independent reference.
#include "errors.h"
#include "media/image_codec.h"
#include "test_paths.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <gtest/gtest.h>

#include <fstream>

using namespace permanence;

namespace {

cv::Mat texture(int type, int rows = 37, int cols = 53) {
  cv::Mat image(rows, cols, type);
  cv::randu(image, 0, image.depth() == CV_16U ? 65536 : 256);
  return image;
}

bool identical(const cv::Mat& a, const cv::Mat& b) {
  return a.type() == b.type() && a.size() == b.size() && cv::norm(a, b, cv::NORM_INF) == 0;
}

std::vector<std::uint8_t> fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST(ImageCodec, PngRoundTripKeepsEveryTypeExactly) {
  for (int type : {CV_8UC1, CV_8UC3, CV_8UC4, CV_16UC1, CV_16UC3, CV_16UC4}) {
    const cv::Mat image = texture(type);
    for (PngCompression compression : {PngCompression::Fast, PngCompression::Compact}) {
      const std::vector<std::uint8_t> png = encodePng(image, compression);
      EXPECT_TRUE(identical(decodeImage(png, ImageLayout::AsStored, "round trip"), image)) << type;
      // libpng reads what this wrote: channel order, byte order and filters are the standard's.
      EXPECT_TRUE(identical(cv::imdecode(png, cv::IMREAD_UNCHANGED), image)) << type;
    }
  }
}

TEST(ImageCodec, ReadsPngsWrittenByLibpngAsOpenCvDoes) {
  test::TempDir dir;
  for (int type : {CV_8UC1, CV_8UC3, CV_8UC4, CV_16UC1, CV_16UC3}) {
    const std::string file = dir / "image.png";
    const cv::Mat image = texture(type);
    cv::imwrite(file, image);
    EXPECT_TRUE(identical(readImageFile(file, ImageLayout::AsStored), image)) << type;
    const cv::Mat gray = readImageFile(file, ImageLayout::Gray);
    ASSERT_EQ(gray.type(), CV_8UC1);
    EXPECT_LE(cv::norm(gray, cv::imread(file, cv::IMREAD_GRAYSCALE), cv::NORM_INF), 1) << type;
  }
}

TEST(ImageCodec, ConvertsToTheAskedLayout) {
  const cv::Mat bgr = texture(CV_8UC3);
  const std::vector<std::uint8_t> png = encodePng(bgr);
  const cv::Mat bgra = decodeImage(png, ImageLayout::Bgra, "bgra");
  ASSERT_EQ(bgra.type(), CV_8UC4);
  cv::Mat expected;
  cv::cvtColor(bgr, expected, cv::COLOR_BGR2BGRA);
  EXPECT_TRUE(identical(bgra, expected));
  const cv::Mat gray = texture(CV_8UC1);
  cv::Mat grayAsBgr;
  cv::cvtColor(gray, grayAsBgr, cv::COLOR_GRAY2BGR);
  EXPECT_TRUE(identical(decodeImage(encodePng(gray), ImageLayout::Bgr, "gray"), grayAsBgr));
}

TEST(ImageCodec, ReadsJpegBmpTiffAndWebp) {
  test::TempDir dir;
  cv::Mat photo(120, 160, CV_8UC3);
  for (int y = 0; y < photo.rows; ++y)
    for (int x = 0; x < photo.cols; ++x) photo.at<cv::Vec3b>(y, x) = cv::Vec3b(x + y, 200 - y, 40 + x / 2);
  for (const char* extension : {".bmp", ".tif", ".webp"}) {
    const std::string file = dir / (std::string("photo") + extension);
    cv::imwrite(file, photo, {cv::IMWRITE_WEBP_QUALITY, 101});  // lossless WebP
    EXPECT_TRUE(identical(readImageFile(file, ImageLayout::Bgr), photo)) << extension;
  }
  const std::string jpeg = dir / "photo.jpg";
  cv::imwrite(jpeg, photo, {cv::IMWRITE_JPEG_QUALITY, 95});
  const cv::Mat decoded = readImageFile(jpeg, ImageLayout::Bgr);
  ASSERT_EQ(decoded.type(), CV_8UC3);
  // Full-range YCbCr (a limited-range mistake shifts every channel by ~10) and chroma
  // interpolated as libjpeg does (swscale's default nearest chroma differs by ~1.2).
  EXPECT_LT(cv::norm(decoded, cv::imread(jpeg), cv::NORM_L1) / decoded.total() / 3, 0.8);
}

TEST(ImageCodec, PaletteWithoutTransparencyIsBgr) {
  // An indexed PNG as annotation tools write them (palette, no tRNS): black stays 0.
  test::TempDir dir;
  const std::string file = dir / "mask.png";
  cv::Mat mask = cv::Mat::zeros(20, 30, CV_8UC1);
  mask(cv::Rect(5, 5, 10, 8)).setTo(255);
  cv::imwrite(file, mask, {cv::IMWRITE_PNG_BILEVEL, 1});
  const cv::Mat read = readImageFile(file, ImageLayout::AsStored);
  EXPECT_NE(read.channels(), 4);
  cv::Mat gray = read;
  if (read.channels() == 3) cv::cvtColor(read, gray, cv::COLOR_BGR2GRAY);
  EXPECT_TRUE(identical(gray, mask));
}

TEST(ImageCodec, AppliesJpegExifOrientation) {
  test::TempDir dir;
  const std::string plain = dir / "plain.jpg";
  cv::Mat photo(40, 80, CV_8UC3, cv::Scalar(30, 30, 30));
  photo(cv::Rect(0, 0, 20, 40)).setTo(cv::Scalar(250, 250, 250));  // bright left edge
  cv::imwrite(plain, photo, {cv::IMWRITE_JPEG_QUALITY, 95});
  // Insert an APP1 EXIF segment right after SOI: orientation 6 (turn 90 degrees clockwise).
  std::vector<std::uint8_t> bytes = fileBytes(plain);
  const std::vector<std::uint8_t> exif = {0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
                                          'I', 'I', 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00,
                                          0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,
                                          0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  bytes.insert(bytes.begin() + 2, exif.begin(), exif.end());
  const cv::Mat turned = decodeImage(bytes, ImageLayout::Bgr, "exif");
  ASSERT_EQ(turned.size(), cv::Size(40, 80));
  EXPECT_GT(cv::mean(turned(cv::Rect(0, 0, 40, 10)))[0], 200);   // the left edge is now the top
  EXPECT_LT(cv::mean(turned(cv::Rect(0, 70, 40, 10)))[0], 60);
}

TEST(ImageCodec, BadBytesNameTheFile) {
  test::TempDir dir;
  const std::string text = dir / "notes.png";
  std::ofstream(text) << "not an image";
  try {
    readImageFile(text, ImageLayout::Bgr);
    FAIL() << "expected MediaError";
  } catch (const MediaError& e) {
    EXPECT_NE(std::string(e.what()).find("notes.png"), std::string::npos) << e.what();
  }
  std::vector<std::uint8_t> truncated = encodePng(texture(CV_8UC3, 200, 200));
  truncated.resize(truncated.size() / 3);
  EXPECT_THROW(decodeImage(truncated, ImageLayout::Bgr, "truncated"), MediaError);
  EXPECT_THROW(readImageFile((dir / "missing.png"), ImageLayout::Bgr), MediaError);
  EXPECT_THROW(encodePng(cv::Mat(4, 4, CV_32FC1)), InputError);
}

TEST(ImageCodec, WritingIntoAMissingFolderNamesTheFile) {
  test::TempDir dir;
  const std::string file = dir / "no/such/folder/mask.png";
  try {
    writePngFile(file, texture(CV_8UC1));
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("mask.png"), std::string::npos);
  }
}
