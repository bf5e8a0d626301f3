#include "http/server/request.h"

#include <charconv>

namespace shopdesk::http {
namespace {

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Parses all of `text` as a decimal integer (an optional '-' then digits).
std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t value = 0;
  if (text.empty() || text.front() == '+') return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

const std::string* Headers::Find(std::string_view name) const {
  for (const auto& field : fields_) {
    if (EqualsIgnoreCase(field.first, name)) return &field.second;
  }
  return nullptr;
}

const std::string& Request::Header(std::string_view name) const {
  static const std::string kEmpty;
  const std::string* value = headers.Find(name);
  return value ? *value : kEmpty;
}

const std::string* Request::QueryParam(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? nullptr : &it->second;
}

Result<std::int64_t> PathInt(const Request& request, const std::string& name) {
  auto it = request.path_params.find(name);
  const std::string_view value =
      it == request.path_params.end() ? std::string_view() : std::string_view(it->second);
  std::optional<std::int64_t> number;
  if (!value.empty() && value.find_first_not_of("0123456789") == std::string_view::npos) {
    number = ParseInt(value);
  }
  if (!number) {
    return Error::InvalidArgument("path parameter '" + name + "' must be a non-negative integer" +
                                  (value.size() <= 40 ? ", got '" + std::string(value) + "'" : ""));
  }
  return *number;
}

Result<std::optional<std::int64_t>> QueryInt(const Request& request, const std::string& name,
                                             std::int64_t min, std::int64_t max) {
  const std::string* text = request.QueryParam(name);
  if (!text) return std::optional<std::int64_t>();
  const auto number = ParseInt(*text);
  if (!number || *number < min || *number > max) {
    std::string range;
    if (min != INT64_MIN && max != INT64_MAX) {
      range = " from " + std::to_string(min) + " to " + std::to_string(max);
    } else if (min != INT64_MIN) {
      range = " of at least " + std::to_string(min);
    } else if (max != INT64_MAX) {
      range = " of at most " + std::to_string(max);
    }
    return Error::InvalidArgument("query parameter '" + name + "' must be an integer" + range);
  }
  return std::optional<std::int64_t>(*number);
}

std::string UrlDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && Hex(text[i + 1]) >= 0 && Hex(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(Hex(text[i + 1]) * 16 + Hex(text[i + 2])));
      i += 2;
    } else if (plus_is_space && text[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (!pair.empty()) {
      out[UrlDecode(pair.substr(0, eq), true)] =
          eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1), true);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace shopdesk::http
