#include "channels/email/iconv_converter.h"

#include <iconv.h>

#include <cerrno>
#include <string>
#include <unordered_map>
#include <vector>

namespace shopdesk::channels::email {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD
const iconv_t kInvalid = reinterpret_cast<iconv_t>(-1);

// Descriptors this thread opened and finished with, by source charset. Opening one
// is costly: glibc loads the charset's gconv module with dlopen and unloads it when
// the last descriptor closes, so opening per mail cost an open, several mmaps and a
// close each time (about 8% of ingest). Bounded: only names iconv accepted are kept,
// at most kKeptPerName each.
class DescriptorCache {
 public:
  static constexpr std::size_t kKeptPerName = 4;
  ~DescriptorCache() {
    for (auto& [name, list] : kept_) {
      for (iconv_t cd : list) iconv_close(cd);
    }
  }
  iconv_t Take(const std::string& name) {
    auto it = kept_.find(name);
    if (it == kept_.end() || it->second.empty()) return kInvalid;
    iconv_t cd = it->second.back();
    it->second.pop_back();
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // back to the initial shift state
    return cd;
  }
  void Give(const std::string& name, iconv_t cd) {
    auto& list = kept_[name];
    if (list.size() < kKeptPerName) {
      list.push_back(cd);
    } else {
      iconv_close(cd);
    }
  }
  static DescriptorCache& ForThisThread() {
    thread_local DescriptorCache cache;
    return cache;
  }

 private:
  std::unordered_map<std::string, std::vector<iconv_t>> kept_;
};

// Uses an iconv descriptor (from this thread's cache, else a new one) and gives it
// back when done.
class Converter {
 public:
  explicit Converter(const char* from) : name_(from) {
    cd_ = DescriptorCache::ForThisThread().Take(name_);
    if (cd_ == kInvalid) cd_ = iconv_open("UTF-8", from);
  }
  ~Converter() {
    if (cd_ != kInvalid) DescriptorCache::ForThisThread().Give(name_, cd_);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;

  bool valid() const { return cd_ != kInvalid; }

  // Converts as much of `in` as possible, appending to `out`. Returns 0 when all was
  // consumed, else the errno that stopped it (EILSEQ or EINVAL); `in` is advanced.
  int Convert(std::string_view* in, std::string* out) {
    if (!valid()) return EBADF;
    char buffer[1024];
    char* src = const_cast<char*>(in->data());
    size_t src_left = in->size();
    int error = 0;
    while (src_left > 0) {
      char* dst = buffer;
      size_t dst_left = sizeof buffer;
      const size_t rc = iconv(cd_, &src, &src_left, &dst, &dst_left);
      out->append(buffer, static_cast<size_t>(dst - buffer));
      if (rc == static_cast<size_t>(-1) && errno != E2BIG) {
        error = errno;
        break;
      }
    }
    if (error == 0) {  // flush a stateful decoder
      char* dst = buffer;
      size_t dst_left = sizeof buffer;
      iconv(cd_, nullptr, nullptr, &dst, &dst_left);
      out->append(buffer, static_cast<size_t>(dst - buffer));
    }
    in->remove_prefix(in->size() - src_left);
    return error;
  }

  void Reset() {
    if (valid()) iconv(cd_, nullptr, nullptr, nullptr, nullptr);
  }

 private:
  std::string name_;
  iconv_t cd_;
};

}  // namespace

std::optional<std::string> IconvStrict(std::string_view bytes, const char* from) {
  Converter converter(from);
  if (!converter.valid()) return std::nullopt;
  std::string out;
  out.reserve(bytes.size() * 3 / 2 + 16);
  if (converter.Convert(&bytes, &out) != 0) return std::nullopt;
  return out;
}

std::string IconvReplacing(std::string_view bytes, const char* from, int* replaced) {
  Converter named(from);
  Converter fallback(named.valid() ? "UTF-8" : "CP932");
  Converter& converter = named.valid() ? named : fallback;
  std::string out;
  out.reserve(bytes.size() * 3 / 2 + 16);
  int count = 0;
  while (!bytes.empty()) {
    if (converter.Convert(&bytes, &out) == 0) break;
    out += kReplacement;
    ++count;
    if (!bytes.empty()) bytes.remove_prefix(1);
    converter.Reset();
  }
  if (replaced) *replaced = count;
  return out;
}

}  // namespace shopdesk::channels::email
