#include "drawcommands/imagesize.h"

#include "export/timelineexport.h"

#include <charconv>
#include <system_error>

namespace interleave::cli {

std::optional<QSize> parseImageSize(const std::string& text)
{
    const std::size_t x = text.find('x');
    if (x == std::string::npos)
        return std::nullopt;
    const auto side = [](const char* begin, const char* end) -> std::optional<int> {
        int value = 0;
        const auto [ptr, ec] = std::from_chars(begin, end, value);
        if (ec != std::errc() || ptr != end || begin == end || value < 1 || value > kMaxImageSide)
            return std::nullopt;
        return value;
    };
    const char* data = text.data();
    const auto width = side(data, data + x);
    const auto height = side(data + x + 1, data + text.size());
    if (!width || !height)
        return std::nullopt;
    return QSize(*width, *height);
}

std::optional<std::string> imagePixelsProblem(QSize size, double scale)
{
    if (auto problem = exportPixelsProblem(size, scale))
        return "--size " + *problem;
    return std::nullopt;
}

} // namespace interleave::cli
