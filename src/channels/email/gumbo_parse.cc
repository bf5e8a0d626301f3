#include "channels/email/gumbo_parse.h"

#include <cstddef>

namespace shopdesk::channels::email {
namespace {

void* Allocate(void* arena, size_t size) {
  return static_cast<std::pmr::memory_resource*>(arena)->allocate(size == 0 ? 1 : size,
                                                                  alignof(std::max_align_t));
}

void Deallocate(void*, void*) {}  // the arena is released as a whole

}  // namespace

ParsedHtml::ParsedHtml(std::string_view html) : arena_(64 * 1024), options_(kGumboDefaultOptions) {
  options_.allocator = Allocate;
  options_.deallocator = Deallocate;
  options_.userdata = &arena_;
  output_ = gumbo_parse_with_options(&options_, html.data(), html.size());
}

ParsedHtml::~ParsedHtml() { gumbo_destroy_output(&options_, output_); }

}  // namespace shopdesk::channels::email
