#include "channels/email/iconv_converter.h"

#include <iconv.h>

#include <cerrno>

namespace shopdesk::channels::email {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD
const iconv_t kInvalid = reinterpret_cast<iconv_t>(-1);

// Owns an iconv descriptor.
class Converter {
 public:
  explicit Converter(const char* from) : cd_(iconv_open("UTF-8", from)) {}
  ~Converter() {
    if (cd_ != kInvalid) iconv_close(cd_);
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
