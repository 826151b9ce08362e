#pragma once

#include "teach/lesson.h"

#include <map>
#include <string>
#include <vector>

namespace interleave {

// index.md of a tour (`interleave tour --markdown`): a page of the lessons, ready to publish
// beside the pictures: for each lesson its title and text, the question it asks, each of its
// pictures with a caption, and the equivalent Python. Plain Markdown (CommonMark), pictures
// by relative file name. Made from the lessons and the files written, nothing measured: the
// same tour writes the same page.

struct TourPageItem {
    std::string lessonId;
    std::string view; // as TourShot::view
    std::string fileName;
    double replaySpeed = 0; // an animation's
};

struct TourPageSettings {
    int width = 0; // logical pixels of the pictures
    int height = 0;
    double scale = 1;
    std::string theme; // "light" or "dark"
};

// The caption under a picture of `view` of the lesson (one sentence or two).
std::string tourCaption(const Lesson& lesson, const TourPageItem& item);

// The page. pythonByTopic: the equivalent Python of each lesson topic (the explanation
// panel's snippet); a lesson whose topic has none gets no code block.
std::string tourMarkdown(const std::vector<Lesson>& lessons, const std::vector<TourPageItem>& items,
    const std::map<std::string, std::string>& pythonByTopic, const TourPageSettings& settings);

} // namespace interleave
