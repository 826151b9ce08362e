#include "io/gif_writer.h"

#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <optional>

namespace interleave {
namespace {

constexpr int kMaxSide = 65535; // the format's 16-bit sizes
constexpr int kMaxDelayCs = 65535;

[[noreturn]] void failWith(const char* what, int error)
{
    const char* text = GifErrorString(error);
    throw GifError(std::string("GIF encoding failed: ") + what + ": " + (text ? text : "unknown error"));
}

int appendBytes(GifFileType* gif, const GifByteType* bytes, int length)
{
    auto* out = static_cast<std::string*>(gif->UserData);
    out->append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
    return length;
}

struct Rect {
    int left = 0;
    int top = 0;
    int right = 0; // exclusive
    int bottom = 0; // exclusive
};

} // namespace

struct GifWriter::Encoder {
    std::string bytes;
    GifFileType* gif = nullptr;

    ~Encoder()
    {
        if (gif) {
            int error = 0;
            EGifCloseFile(gif, &error); // after a failure: frees, whatever it writes is dropped
        }
    }
    void check(int status, const char* what) const
    {
        if (status != GIF_OK)
            failWith(what, gif->Error);
    }
};

GifWriter::GifWriter(int width, int height, GifPalette palette, bool loop)
    : m_encoder(std::make_unique<Encoder>())
    , m_width(width)
    , m_height(height)
    , m_palette(std::move(palette))
{
    if (width < 1 || height < 1 || width > kMaxSide || height > kMaxSide)
        throw GifError("a GIF is 1 to 65535 pixels on a side, not " + std::to_string(width) + "x"
            + std::to_string(height));
    int error = 0;
    m_encoder->gif = EGifOpen(&m_encoder->bytes, &appendBytes, &error);
    if (!m_encoder->gif)
        failWith("cannot start the file", error);
    GifFileType* gif = m_encoder->gif;
    EGifSetGifVersion(gif, true); // GIF89a: delays, transparency and the loop need it

    // 256 entries, the last one the transparent "unchanged" marker; unused ones black.
    ColorMapObject* map = GifMakeMapObject(256, nullptr);
    if (!map)
        throw GifError("GIF encoding failed: out of memory for the colour table");
    const std::vector<std::uint32_t>& colours = m_palette.colours();
    for (int i = 0; i < 256; ++i) {
        const std::uint32_t rgb = static_cast<std::size_t>(i) < colours.size() ? colours[static_cast<std::size_t>(i)] : 0;
        map->Colors[i] = GifColorType {static_cast<GifByteType>(rgb >> 16), static_cast<GifByteType>(rgb >> 8),
            static_cast<GifByteType>(rgb)};
    }
    const int status = EGifPutScreenDesc(gif, width, height, 8, 0, map);
    GifFreeMapObject(map); // copied by giflib
    m_encoder->check(status, "the screen descriptor");

    if (loop) {
        // NETSCAPE2.0: sub-block 1, then the loop count (0: for ever), little-endian.
        static constexpr std::array<GifByteType, 11> kApplication
            = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
        static constexpr std::array<GifByteType, 3> kLoopForever = {1, 0, 0};
        m_encoder->check(EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE), "the loop extension");
        m_encoder->check(EGifPutExtensionBlock(gif, kApplication.size(), kApplication.data()), "the loop extension");
        m_encoder->check(EGifPutExtensionBlock(gif, kLoopForever.size(), kLoopForever.data()), "the loop extension");
        m_encoder->check(EGifPutExtensionTrailer(gif), "the loop extension");
    }
}

GifWriter::~GifWriter() = default;

void GifWriter::addFrame(const std::uint32_t* pixels, std::ptrdiff_t stride, int delayCs)
{
    if (m_finished)
        throw GifError("GIF encoding failed: a frame after the end");
    delayCs = std::clamp(delayCs, 0, kMaxDelayCs);
    const auto width = static_cast<std::size_t>(m_width);
    const auto row = [&](int y) { return pixels + static_cast<std::ptrdiff_t>(y) * stride; };
    const auto lastRow = [&](int y) { return m_lastPixels.data() + static_cast<std::size_t>(y) * width; };

    Rect changed {0, 0, m_width, m_height};
    const bool first = m_lastPixels.empty();
    if (first) {
        m_lastPixels.resize(width * static_cast<std::size_t>(m_height));
        m_canvas.assign(width * static_cast<std::size_t>(m_height), 0);
    } else {
        // The rows that differ, then the columns within them (colour bits only).
        std::optional<Rect> found;
        for (int y = 0; y < m_height; ++y) {
            const std::uint32_t* now = row(y);
            const std::uint32_t* before = lastRow(y);
            if (std::memcmp(now, before, width * sizeof(std::uint32_t)) == 0)
                continue;
            const auto same = [&](int x) { return ((now[x] ^ before[x]) & 0xFF'FF'FFu) == 0; };
            int left = 0;
            while (left < m_width && same(left))
                ++left;
            if (left == m_width)
                continue; // only alpha bits differ
            int right = m_width;
            while (right > left + 1 && same(right - 1))
                --right;
            if (!found)
                found = Rect {left, y, right, y + 1};
            found->left = std::min(found->left, left);
            found->right = std::max(found->right, right);
            found->bottom = y + 1;
        }
        if (!found) {
            // Nothing a viewer could see changed: the frame before stays up longer.
            if (m_pending)
                m_pending->delayCs = std::min(kMaxDelayCs, m_pending->delayCs + delayCs);
            return;
        }
        changed = *found;
    }

    auto next = std::make_unique<Pending>();
    next->left = changed.left;
    next->top = changed.top;
    next->width = changed.right - changed.left;
    next->height = changed.bottom - changed.top;
    next->delayCs = delayCs;
    next->indices.resize(static_cast<std::size_t>(next->width) * static_cast<std::size_t>(next->height));
    bool anyChanged = first;
    for (int y = changed.top; y < changed.bottom; ++y) {
        const std::uint32_t* now = row(y);
        std::uint32_t* before = lastRow(y);
        std::uint8_t* shown = m_canvas.data() + static_cast<std::size_t>(y) * width;
        std::uint8_t* out = next->indices.data()
            + static_cast<std::size_t>(y - changed.top) * static_cast<std::size_t>(next->width);
        for (int x = changed.left; x < changed.right; ++x) {
            const std::uint8_t index = m_palette.indexOf(now[x]);
            // Unchanged on screen (even where the colour changed by less than the table
            // resolves): transparent, so the frame before shows through.
            if (!first && index == shown[x]) {
                out[x - changed.left] = GifPalette::kTransparentIndex;
                next->transparent = true;
            } else {
                out[x - changed.left] = index;
                shown[x] = index;
                anyChanged = true;
            }
            before[x] = now[x];
        }
    }
    if (!anyChanged) {
        // Changed colours that map to the same entries: nothing to draw.
        if (m_pending)
            m_pending->delayCs = std::min(kMaxDelayCs, m_pending->delayCs + delayCs);
        return;
    }
    flush();
    m_pending = std::move(next);
}

void GifWriter::flush()
{
    if (!m_pending)
        return;
    GifFileType* gif = m_encoder->gif;
    const Pending& frame = *m_pending;
    GraphicsControlBlock control {};
    control.DisposalMode = DISPOSE_DO_NOT; // each frame draws over the one before
    control.UserInputFlag = false;
    control.DelayTime = frame.delayCs;
    control.TransparentColor = frame.transparent ? GifPalette::kTransparentIndex : NO_TRANSPARENT_COLOR;
    GifByteType extension[4];
    const std::size_t length = EGifGCBToExtension(&control, extension);
    m_encoder->check(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(length), extension),
        "a frame's delay");
    m_encoder->check(EGifPutImageDesc(gif, frame.left, frame.top, frame.width, frame.height, false, nullptr),
        "a frame's rectangle");
    for (int y = 0; y < frame.height; ++y) {
        auto* line = const_cast<GifPixelType*>(
            frame.indices.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(frame.width));
        m_encoder->check(EGifPutLine(gif, line, frame.width), "a frame's pixels");
    }
    ++m_images;
    m_pending.reset();
}

std::string GifWriter::finish()
{
    if (m_finished)
        throw GifError("GIF encoding failed: finished twice");
    flush();
    m_finished = true;
    int error = 0;
    GifFileType* gif = m_encoder->gif;
    m_encoder->gif = nullptr;
    if (EGifCloseFile(gif, &error) != GIF_OK)
        failWith("the end of the file", error);
    return std::move(m_encoder->bytes);
}

} // namespace interleave
