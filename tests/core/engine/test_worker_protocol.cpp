#include "engine/worker_protocol.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace interleave {
namespace {

namespace wp = worker_protocol;
using Bytes = std::vector<std::uint8_t>;

std::vector<wp::Message> sampleMessages()
{
    return {
        wp::Hello{.pid = 4242},
        wp::LaneDecl{.lane = 1, .parent = 0, .kind = LaneKind::Thread, .tid = 4243, .name = "Thread-1"},
        wp::Record{0, StateChange{1'234'567'890'123, 7, State::Running, 0, 3}},
        wp::Record{1, StateChange{-5, kNoTask, State::Failed, 9, 0xffff}},
        wp::Note{0, 99, "task 3 failed: \xc3\xa9t\xc3\xa9"},
        wp::Note{0, 0, ""},
        wp::TaskStarted{5, 1000},
        wp::TaskFinished{5, 2000, State::Failed, 2},
        wp::Ready{3000, 17},
        wp::Bye{123'456'789},
        wp::Chunk{4, {8, 9, 10}},
        wp::Exit{},
    };
}

Bytes encodeAll(const std::vector<wp::Message>& messages)
{
    Bytes out;
    for (const auto& m : messages)
        wp::appendFrame(out, m);
    return out;
}

// Decodes everything available; fails the test on a decoder error.
void drain(wp::FrameDecoder& decoder, std::vector<wp::Message>& out)
{
    wp::Message m;
    for (;;) {
        const auto status = decoder.next(m);
        ASSERT_NE(status, wp::FrameDecoder::Status::Error) << decoder.error();
        if (status == wp::FrameDecoder::Status::NeedMore)
            return;
        out.push_back(m);
    }
}

wp::FrameDecoder::Status decodeOne(const Bytes& bytes, wp::Message& out, wp::FrameDecoder& decoder)
{
    decoder.feed(bytes.data(), bytes.size());
    return decoder.next(out);
}

TEST(WorkerProtocol, FrameTypeFollowsTheVariantOrder)
{
    EXPECT_EQ(wp::frameType(wp::Hello{}), wp::FrameType::Hello);
    EXPECT_EQ(wp::frameType(wp::Record{}), wp::FrameType::Record);
    EXPECT_EQ(wp::frameType(wp::Bye{}), wp::FrameType::Bye);
    EXPECT_EQ(wp::frameType(wp::Exit{}), wp::FrameType::Exit);
}

TEST(WorkerProtocol, RecordFrameLayoutIsLittleEndianAndFixed)
{
    const StateChange change{0x1122334455667788, 0x0a0b0c0d, State::BlockedIo, 0, 0xbeef};
    const Bytes bytes = wp::encodeFrame(wp::Record{0x0102, change});
    const Bytes expected{
        3,    0,    18,   0,                                      // header: type, zero, length 18
        0x02, 0x01,                                               // lane
        0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,           // time
        0x0d, 0x0c, 0x0b, 0x0a,                                   // task
        static_cast<std::uint8_t>(State::BlockedIo), 0, 0xef, 0xbe // state, reserved, detail
    };
    EXPECT_EQ(bytes, expected);
}

TEST(WorkerProtocol, EveryMessageRoundTrips)
{
    const auto messages = sampleMessages();
    const Bytes bytes = encodeAll(messages);
    wp::FrameDecoder decoder;
    decoder.feed(bytes.data(), bytes.size());
    std::vector<wp::Message> decoded;
    drain(decoder, decoded);
    EXPECT_EQ(decoded, messages);
    EXPECT_EQ(decoder.pendingBytes(), 0u);
    EXPECT_FALSE(decoder.failed());
}

TEST(WorkerProtocol, DecodesAStreamSplitAtEveryByteBoundary)
{
    const auto messages = sampleMessages();
    const Bytes bytes = encodeAll(messages);
    for (std::size_t split = 0; split <= bytes.size(); ++split) {
        wp::FrameDecoder decoder;
        std::vector<wp::Message> decoded;
        decoder.feed(bytes.data(), split);
        drain(decoder, decoded);
        decoder.feed(bytes.data() + split, bytes.size() - split);
        drain(decoder, decoded);
        ASSERT_EQ(decoded, messages) << "split at byte " << split;
        EXPECT_EQ(decoder.pendingBytes(), 0u);
    }
}

TEST(WorkerProtocol, DecodesAStreamFedOneByteAtATime)
{
    const auto messages = sampleMessages();
    const Bytes bytes = encodeAll(messages);
    wp::FrameDecoder decoder;
    std::vector<wp::Message> decoded;
    for (std::uint8_t b : bytes) {
        decoder.feed(&b, 1);
        drain(decoder, decoded);
    }
    EXPECT_EQ(decoded, messages);
}

TEST(WorkerProtocol, LongStreamsDoNotAccumulate)
{
    // Thousands of records fed in odd-sized pieces: the decoder keeps at most a partial frame.
    Bytes bytes;
    for (int i = 0; i < 5000; ++i)
        wp::appendFrame(bytes, wp::Record{0, StateChange{i, i, State::Running, 0, 0}});
    wp::FrameDecoder decoder;
    std::vector<wp::Message> decoded;
    for (std::size_t pos = 0; pos < bytes.size(); pos += 777) {
        decoder.feed(bytes.data() + pos, std::min<std::size_t>(777, bytes.size() - pos));
        drain(decoder, decoded);
        EXPECT_LT(decoder.pendingBytes(), 22u);
    }
    ASSERT_EQ(decoded.size(), 5000u);
    EXPECT_EQ(std::get<wp::Record>(decoded[4999]).change.time, 4999);
}

TEST(WorkerProtocol, PartialFrameIsPending)
{
    const Bytes bytes = wp::encodeFrame(wp::TaskStarted{1, 2});
    wp::FrameDecoder decoder;
    decoder.feed(bytes.data(), bytes.size() - 1);
    wp::Message m;
    EXPECT_EQ(decoder.next(m), wp::FrameDecoder::Status::NeedMore);
    EXPECT_EQ(decoder.pendingBytes(), bytes.size() - 1);
}

struct CorruptCase {
    const char* name;
    Bytes bytes;
    const char* errorContains;
};

class WorkerProtocolCorrupt : public testing::TestWithParam<CorruptCase> {};

TEST_P(WorkerProtocolCorrupt, IsRejectedWithAnError)
{
    const CorruptCase& c = GetParam();
    wp::FrameDecoder decoder;
    wp::Message m;
    EXPECT_EQ(decodeOne(c.bytes, m, decoder), wp::FrameDecoder::Status::Error);
    EXPECT_TRUE(decoder.failed());
    EXPECT_NE(decoder.error().find(c.errorContains), std::string::npos) << decoder.error();
    // Once failed, always failed: valid input afterwards is not believed either.
    const Bytes valid = wp::encodeFrame(wp::Exit{});
    decoder.feed(valid.data(), valid.size());
    EXPECT_EQ(decoder.next(m), wp::FrameDecoder::Status::Error);
}

Bytes withByte(Bytes bytes, std::size_t index, std::uint8_t value)
{
    bytes.at(index) = value;
    return bytes;
}

Bytes withLength(Bytes bytes, std::uint16_t length)
{
    bytes.at(2) = static_cast<std::uint8_t>(length);
    bytes.at(3) = static_cast<std::uint8_t>(length >> 8);
    bytes.resize(4 + length, 0);
    return bytes;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, WorkerProtocolCorrupt,
    testing::Values(
        CorruptCase{"UnknownType", {0x7f, 0, 0, 0}, "unknown frame type"},
        CorruptCase{"TypeZero", {0, 0, 0, 0}, "unknown frame type"},
        CorruptCase{"ReservedByteSet", withByte(wp::encodeFrame(wp::Exit{}), 1, 1), "reserved"},
        CorruptCase{"FixedSizeTooShort", withLength(wp::encodeFrame(wp::Record{}), 17), "payload"},
        CorruptCase{"FixedSizeTooLong", withLength(wp::encodeFrame(wp::Bye{}), 9), "payload"},
        CorruptCase{"ExitWithPayload", withLength(wp::encodeFrame(wp::Exit{}), 1), "payload"},
        // Rejected from the header alone, before 64 KiB of payload would have arrived.
        CorruptCase{"HugeLengthHeaderOnly", {3, 0, 0xff, 0xff}, "payload"},
        CorruptCase{"BadState", withByte(wp::encodeFrame(wp::Record{}), 4 + 2 + 12, 200), "unknown state"},
        CorruptCase{"BadLaneKind", withByte(wp::encodeFrame(wp::LaneDecl{}), 4 + 4, 9), "lane kind"},
        CorruptCase{"BadMagic", withByte(wp::encodeFrame(wp::Hello{}), 4, 0), "magic"},
        CorruptCase{"OtherVersion", withByte(wp::encodeFrame(wp::Hello{}), 8, 99), "version"},
        CorruptCase{"ChunkNotWholeIds", withLength(wp::encodeFrame(wp::Chunk{0, {1}}), 10), "whole number"},
        CorruptCase{"EmptyChunk", withLength(wp::encodeFrame(wp::Chunk{0, {1}}), 4), "payload"},
        CorruptCase{"TaskFinishedRunning",
                    withByte(wp::encodeFrame(wp::TaskFinished{}), 4 + 12,
                             static_cast<std::uint8_t>(State::Running)),
                    "non-terminal"}),
    [](const testing::TestParamInfo<CorruptCase>& info) { return std::string(info.param.name); });

TEST(WorkerProtocol, RandomGarbageNeverCrashes)
{
    // Whatever arrives, the decoder only ever returns messages, asks for more, or fails; it
    // never reads outside its buffer (the sanitizer builds check that part).
    std::mt19937 rng(12345);
    for (int round = 0; round < 2000; ++round) {
        Bytes bytes(rng() % 200);
        for (auto& b : bytes)
            b = static_cast<std::uint8_t>(rng());
        if (round % 2 == 0 && bytes.size() > 4) {
            // Plausible headers get further into the payload checks.
            bytes[0] = static_cast<std::uint8_t>(1 + rng() % 10);
            bytes[1] = 0;
            bytes[3] = 0;
        }
        wp::FrameDecoder decoder;
        std::size_t pos = 0;
        wp::Message m;
        while (pos < bytes.size() && !decoder.failed()) {
            const std::size_t n = std::min<std::size_t>(1 + rng() % 16, bytes.size() - pos);
            decoder.feed(bytes.data() + pos, n);
            pos += n;
            while (decoder.next(m) == wp::FrameDecoder::Status::Message) {
            }
        }
    }
    SUCCEED();
}

TEST(WorkerProtocol, LongTextIsCutOnACharacterBoundary)
{
    // 'a' then two-byte characters: the cut at kMaxText would fall inside one of them.
    std::string text = "a";
    while (text.size() < wp::kMaxText + 10)
        text += "\xc3\xa9";
    wp::FrameDecoder decoder;
    wp::Message m;
    ASSERT_EQ(decodeOne(wp::encodeFrame(wp::Note{0, 1, text}), m, decoder),
              wp::FrameDecoder::Status::Message);
    const std::string& got = std::get<wp::Note>(m).text;
    EXPECT_LE(got.size(), wp::kMaxText);
    EXPECT_GE(got.size(), wp::kMaxText - 1);
    EXPECT_EQ(got, text.substr(0, got.size()));
    EXPECT_NE(static_cast<unsigned char>(got.back()), 0xc3u) << "cut inside a character";
}

TEST(WorkerProtocol, ChunkSizeLimitsAreEnforcedAtEncode)
{
    EXPECT_THROW(wp::encodeFrame(wp::Chunk{0, {}}), std::length_error);
    std::vector<std::int32_t> tooMany(wp::kMaxChunkTasks + 1, 1);
    Bytes out{1, 2, 3};
    EXPECT_THROW(wp::appendFrame(out, wp::Chunk{0, tooMany}), std::length_error);
    EXPECT_EQ(out, (Bytes{1, 2, 3})) << "a refused frame leaves nothing behind";

    std::vector<std::int32_t> largest(wp::kMaxChunkTasks);
    for (std::size_t i = 0; i < largest.size(); ++i)
        largest[i] = static_cast<std::int32_t>(i);
    wp::FrameDecoder decoder;
    wp::Message m;
    ASSERT_EQ(decodeOne(wp::encodeFrame(wp::Chunk{1, largest}), m, decoder),
              wp::FrameDecoder::Status::Message);
    EXPECT_EQ(std::get<wp::Chunk>(m).tasks, largest);
}

} // namespace
} // namespace interleave
