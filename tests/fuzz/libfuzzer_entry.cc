// The libFuzzer entry point of one fuzz binary (clang -fsanitize=fuzzer). CMake
// compiles this file once per target with SHOPDESK_FUZZ_TARGET set to the target's
// function (targets.h), e.g. FuzzMimeParse.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "targets.h"

#ifndef SHOPDESK_FUZZ_TARGET
#error "SHOPDESK_FUZZ_TARGET must name a function of targets.h"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  shopdesk::fuzz::SHOPDESK_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
