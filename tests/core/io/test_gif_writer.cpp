#include "io/gif_palette.h"
#include "io/gif_writer.h"

#include <gif_lib.h>

#include "gif_testing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace interleave {
namespace {

constexpr std::uint32_t kWhite = 0xFF'FF'FF'FFu;
constexpr std::uint32_t kGreen = 0xFF'00'9E'73u;
constexpr std::uint32_t kOrange = 0xFF'E6'9F'00u;
constexpr std::uint32_t kText = 0xFF'11'11'11u;

// A GIF decoded back from memory, with giflib's own reader.
struct Decoded {
    struct Deleter {
        void operator()(GifFileType* gif) const
        {
            int error = 0;
            DGifCloseFile(gif, &error);
        }
    };
    std::string bytes;
    std::size_t offset = 0;
    std::unique_ptr<GifFileType, Deleter> gif;
};

int readBytes(GifFileType* gif, GifByteType* into, int length)
{
    auto* decoded = static_cast<Decoded*>(gif->UserData);
    const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(length), decoded->bytes.size() - decoded->offset);
    std::memcpy(into, decoded->bytes.data() + decoded->offset, n);
    decoded->offset += n;
    return static_cast<int>(n);
}

std::unique_ptr<Decoded> decode(std::string bytes)
{
    auto decoded = std::make_unique<Decoded>();
    decoded->bytes = std::move(bytes);
    int error = 0;
    decoded->gif.reset(DGifOpen(decoded.get(), &readBytes, &error));
    if (!decoded->gif)
        ADD_FAILURE() << "DGifOpen: " << GifErrorString(error);
    else if (DGifSlurp(decoded->gif.get()) != GIF_OK)
        ADD_FAILURE() << "DGifSlurp: " << GifErrorString(decoded->gif->Error);
    return decoded;
}

GraphicsControlBlock controlOf(GifFileType& gif, int image)
{
    GraphicsControlBlock control {};
    EXPECT_EQ(DGifSavedExtensionToGCB(&gif, image, &control), GIF_OK);
    return control;
}

struct Frame {
    int width;
    int height;
    std::vector<std::uint32_t> pixels;

    Frame(int w, int h, std::uint32_t fill)
        : width(w)
        , height(h)
        , pixels(static_cast<std::size_t>(w * h), fill)
    {
    }
    void fill(int left, int top, int w, int h, std::uint32_t colour)
    {
        for (int y = top; y < top + h; ++y)
            for (int x = left; x < left + w; ++x)
                pixels[static_cast<std::size_t>(y * width + x)] = colour;
    }
};

const std::vector<std::uint32_t> kTheme {kWhite, kGreen, kOrange, kText};

// The canvas a viewer shows after each image: every image drawn over the one before, its
// transparent pixels leaving what was there.
std::vector<std::vector<std::uint32_t>> composed(GifFileType& gif)
{
    std::vector<std::uint32_t> canvas(static_cast<std::size_t>(gif.SWidth * gif.SHeight), 0);
    std::vector<std::vector<std::uint32_t>> frames;
    for (int i = 0; i < gif.ImageCount; ++i) {
        testing_gif::drawImageOnto(gif, i, canvas.data());
        frames.push_back(canvas);
    }
    return frames;
}

TEST(GifPalette, RequiredColoursComeFirstAndExact)
{
    GifPalette palette(kTheme, {});
    ASSERT_EQ(palette.colours().size(), 4u);
    EXPECT_EQ(palette.colours()[0], 0xFF'FF'FFu);
    EXPECT_EQ(palette.colours()[1], 0x00'9E'73u);
    EXPECT_EQ(palette.indexOf(kOrange), 2);
    EXPECT_EQ(palette.indexOf(kText), 3);
}

TEST(GifPalette, OtherColoursTakeTheNearestEntry)
{
    GifPalette palette(kTheme, {});
    EXPECT_EQ(palette.indexOf(0xFF'F0'F0'F0u), 0); // a light grey: white
    EXPECT_EQ(palette.indexOf(0xFF'20'20'20u), 3); // a dark grey: the text
    EXPECT_EQ(palette.indexOf(0xFF'10'A0'70u), 1); // nearly the green
}

TEST(GifPalette, SamplesFillTheRestByFrequencyDeterministically)
{
    std::vector<std::uint32_t> samples;
    for (int i = 0; i < 3; ++i)
        samples.push_back(0xFF'80'80'80u);
    samples.push_back(0xFF'40'40'40u);
    samples.push_back(0xFF'C0'C0'C0u);
    samples.push_back(kWhite); // already in: not twice
    GifPalette a(kTheme, samples);
    std::reverse(samples.begin(), samples.end());
    GifPalette b(kTheme, samples);
    EXPECT_EQ(a.colours(), b.colours());
    ASSERT_EQ(a.colours().size(), 7u);
    EXPECT_EQ(a.colours()[4], 0x80'80'80u); // the most frequent first
    EXPECT_EQ(a.colours()[5], 0x40'40'40u); // then ties by value
    EXPECT_EQ(a.colours()[6], 0xC0'C0'C0u);
}

TEST(GifPalette, HoldsAtMost255Colours)
{
    std::vector<std::uint32_t> many;
    for (std::uint32_t i = 0; i < 1000; ++i)
        many.push_back(0xFF'00'00'00u | i * 37);
    GifPalette palette(many, many);
    EXPECT_EQ(palette.colours().size(), GifPalette::kMaxColours);
}

TEST(GifWriter, DecodesToItsSizePaletteFramesAndLoop)
{
    GifWriter writer(40, 30, GifPalette(kTheme, {}), true);
    Frame frame(40, 30, kWhite);
    writer.addFrame(frame.pixels.data(), frame.width, 5);
    frame.fill(0, 10, 10, 5, kGreen);
    writer.addFrame(frame.pixels.data(), frame.width, 5);
    frame.fill(10, 10, 10, 5, kOrange);
    writer.addFrame(frame.pixels.data(), frame.width, 7);
    EXPECT_EQ(writer.imageCount(), 3);
    const auto decoded = decode(writer.finish());
    GifFileType& gif = *decoded->gif;
    EXPECT_EQ(gif.SWidth, 40);
    EXPECT_EQ(gif.SHeight, 30);
    EXPECT_EQ(gif.ImageCount, 3);
    ASSERT_NE(gif.SColorMap, nullptr);
    EXPECT_EQ(gif.SColorMap->ColorCount, 256);
    EXPECT_EQ(gif.SColorMap->Colors[1].Green, 0x9E);
    EXPECT_TRUE(testing_gif::loops(gif));
    EXPECT_EQ(controlOf(gif, 0).DelayTime, 5);
    EXPECT_EQ(controlOf(gif, 2).DelayTime, 7);
    EXPECT_EQ(controlOf(gif, 1).DisposalMode, DISPOSE_DO_NOT);
}

TEST(GifWriter, PlaysOnceWithoutLoop)
{
    GifWriter writer(8, 8, GifPalette(kTheme, {}), false);
    Frame frame(8, 8, kWhite);
    writer.addFrame(frame.pixels.data(), frame.width, 5);
    const auto decoded = decode(writer.finish());
    EXPECT_EQ(decoded->gif->ImageCount, 1);
    EXPECT_FALSE(testing_gif::loops(*decoded->gif));
}

TEST(GifWriter, EncodesOnlyTheRectangleThatChanged)
{
    GifWriter writer(64, 48, GifPalette(kTheme, {}), false);
    Frame frame(64, 48, kWhite);
    writer.addFrame(frame.pixels.data(), frame.width, 5);
    frame.fill(20, 11, 5, 4, kGreen);
    frame.fill(30, 13, 2, 6, kText);
    writer.addFrame(frame.pixels.data(), frame.width, 5);
    const auto decoded = decode(writer.finish());
    GifFileType& gif = *decoded->gif;
    ASSERT_EQ(gif.ImageCount, 2);
    const GifImageDesc& first = gif.SavedImages[0].ImageDesc;
    EXPECT_EQ(first.Width, 64);
    EXPECT_EQ(first.Height, 48);
    const GifImageDesc& second = gif.SavedImages[1].ImageDesc;
    EXPECT_EQ(second.Left, 20);
    EXPECT_EQ(second.Top, 11);
    EXPECT_EQ(second.Width, 12);
    EXPECT_EQ(second.Height, 8);
    // Inside the rectangle, the pixels that stayed white are transparent.
    EXPECT_EQ(controlOf(gif, 1).TransparentColor, GifPalette::kTransparentIndex);
}

TEST(GifWriter, AFrameThatChangesNothingLengthensTheOneBefore)
{
    GifWriter writer(16, 16, GifPalette(kTheme, {}), true);
    Frame frame(16, 16, kWhite);
    writer.addFrame(frame.pixels.data(), frame.width, 5);
    writer.addFrame(frame.pixels.data(), frame.width, 5);
    frame.pixels[3] = 0xFF'FE'FE'FEu; // maps to white: no visible change either
    writer.addFrame(frame.pixels.data(), frame.width, 4);
    frame.fill(2, 2, 3, 3, kOrange);
    writer.addFrame(frame.pixels.data(), frame.width, 5);
    const auto decoded = decode(writer.finish());
    ASSERT_EQ(decoded->gif->ImageCount, 2);
    EXPECT_EQ(controlOf(*decoded->gif, 0).DelayTime, 14);
    EXPECT_EQ(controlOf(*decoded->gif, 1).DelayTime, 5);
}

TEST(GifWriter, ComposedFramesShowWhatWasGiven)
{
    GifWriter writer(32, 20, GifPalette(kTheme, {}), false);
    std::vector<Frame> given;
    Frame frame(32, 20, kWhite);
    given.push_back(frame);
    frame.fill(0, 0, 16, 20, kGreen);
    given.push_back(frame);
    frame.fill(8, 5, 16, 5, kText);
    given.push_back(frame);
    frame.fill(0, 0, 32, 20, kOrange);
    given.push_back(frame);
    for (const Frame& f : given)
        writer.addFrame(f.pixels.data(), f.width, 5);
    const auto decoded = decode(writer.finish());
    const auto frames = composed(*decoded->gif);
    ASSERT_EQ(frames.size(), given.size());
    for (std::size_t i = 0; i < frames.size(); ++i)
        EXPECT_EQ(frames[i], given[i].pixels) << "frame " << i;
}

TEST(GifWriter, RefusesSizesTheFormatCannotHold)
{
    EXPECT_THROW(GifWriter(0, 10, GifPalette(kTheme, {}), false), GifError);
    EXPECT_THROW(GifWriter(70'000, 10, GifPalette(kTheme, {}), false), GifError);
}

} // namespace
} // namespace interleave
