#include "channels/email/gmime_objects.h"

#include <cstring>

namespace shopdesk::channels::email {
namespace {

std::string MemBytes(GMimeStream* stream) {
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
  return array ? std::string(reinterpret_cast<const char*>(array->data), array->len) : "";
}

}  // namespace

std::string RawHeader(GMimeObject* object, const char* name) {
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  if (!list) return "";
  GMimeHeader* header = g_mime_header_list_get_header(list, name);
  if (!header) return "";
  const char* raw = g_mime_header_get_raw_value(header);
  if (!raw) return "";
  return std::string(raw, strnlen(raw, kMaxHeaderValue));
}

std::vector<std::string> RawHeaders(GMimeObject* object, const char* name) {
  std::vector<std::string> values;
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  if (!list) return values;
  const int n = g_mime_header_list_get_count(list);
  for (int i = 0; i < n; ++i) {
    GMimeHeader* header = g_mime_header_list_get_header_at(list, i);
    const char* header_name = header ? g_mime_header_get_name(header) : nullptr;
    if (!header_name || g_ascii_strcasecmp(header_name, name) != 0) continue;
    const char* raw = g_mime_header_get_raw_value(header);
    values.emplace_back(raw ? std::string(raw, strnlen(raw, kMaxHeaderValue)) : "");
  }
  return values;
}

bool HasHeader(GMimeObject* object, const char* name) {
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  return list && g_mime_header_list_contains(list, name);
}

std::string DecodedContent(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return "";
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, stream.get());
  return MemBytes(stream.get());
}

std::string EncodedContent(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return "";
  GMimeStream* source = g_mime_data_wrapper_get_stream(content);
  if (!source) return "";
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_stream_reset(source);
  g_mime_stream_write_to_stream(source, stream.get());
  g_mime_stream_reset(source);
  return MemBytes(stream.get());
}

std::string ObjectBytes(GMimeObject* object) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(object, nullptr, stream.get());
  return MemBytes(stream.get());
}

}  // namespace shopdesk::channels::email
