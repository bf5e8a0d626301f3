#pragma once

// Small RAII and byte helpers over GMime objects, shared by the parser files.
// Callers must have called EnsureGmime(). Not for use outside channels/email.

#include <gmime/gmime.h>

#include <memory>
#include <string>
#include <vector>

namespace shopdesk::channels::email {

struct GObjectDeleter {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
// Owns one reference to a GObject.
template <typename T>
using GPtr = std::unique_ptr<T, GObjectDeleter>;

// Longest header value we read (a 2 MB header line is cut; the raw mail keeps it).
constexpr size_t kMaxHeaderValue = 64 * 1024;

// The raw (undecoded, still folded) value of the first header called `name` of
// `object`, cut at kMaxHeaderValue, or "" when absent.
std::string RawHeader(GMimeObject* object, const char* name);

// The raw values of every header called `name` of `object`, in order (each cut as
// RawHeader cuts it). Mail sometimes carries a field twice, the first one broken.
std::vector<std::string> RawHeaders(GMimeObject* object, const char* name);

bool HasHeader(GMimeObject* object, const char* name);

// The content of a leaf part with its transfer encoding removed.
std::string DecodedContent(GMimePart* part);

// The content of a leaf part as it stands in the mail (still base64 etc.).
std::string EncodedContent(GMimePart* part);

// `object` serialized back to RFC 5322 bytes (for message/rfc822 attachments).
std::string ObjectBytes(GMimeObject* object);

}  // namespace shopdesk::channels::email
