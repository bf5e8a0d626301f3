#include "channels/email/flowed_text.h"

#include <vector>

namespace shopdesk::channels::email {
namespace {

struct Line {
  int depth = 0;        // number of leading '>'
  std::string text;     // after the quote marks and the stuffing space
  bool flowed = false;  // ended in a soft break
};

Line ParseLine(std::string_view raw, bool delsp) {
  Line line;
  size_t i = 0;
  while (i < raw.size() && raw[i] == '>') ++i;
  line.depth = static_cast<int>(i);
  if (i < raw.size() && raw[i] == ' ') ++i;  // space-stuffing
  line.text = std::string(raw.substr(i));
  if (line.text != "-- " && !line.text.empty() && line.text.back() == ' ') {
    line.flowed = true;
    if (delsp) line.text.pop_back();
  }
  return line;
}

}  // namespace

std::string UnflowText(std::string_view text, bool delsp) {
  std::string out;
  out.reserve(text.size());
  bool continuing = false;  // the previous line was flowed into this one
  int depth = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    const Line line = ParseLine(raw, delsp);
    if (continuing && line.depth != depth) out += '\n';  // depth changed: a hard break
    if (!continuing || line.depth != depth) {
      if (line.depth > 0) out += std::string(static_cast<size_t>(line.depth), '>') + " ";
    }
    out += line.text;
    depth = line.depth;
    continuing = line.flowed;
    if (!continuing && end < text.size()) out += '\n';
    pos = end + 1;
  }
  return out;
}

}  // namespace shopdesk::channels::email
