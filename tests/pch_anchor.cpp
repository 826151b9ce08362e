// The one source of interleave_test_pch: a target that only builds the precompiled GoogleTest
// header which every core test program reuses (see tests/CMakeLists.txt).
