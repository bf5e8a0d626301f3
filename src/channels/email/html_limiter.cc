#include "channels/email/html_limiter.h"

#include <algorithm>
#include <map>
#include <set>

namespace shopdesk::channels::email {
namespace {

const std::set<std::string, std::less<>> kVoid{
    "area",  "base",   "br",    "col", "embed",  "hr",       "img",     "input", "link", "meta",
    "param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image"};

// End tags that may be omitted: these never nest inside themselves in gumbo's tree.
const std::set<std::string, std::less<>> kOptionalEnd{
    "p",     "li",      "dt", "dd", "tr", "td",  "th",   "option", "optgroup", "thead",   "tbody",
    "tfoot", "caption", "rb", "rt", "rp", "rtc", "html", "head",   "body",     "colgroup"};

// The elements gumbo keeps in its list of active formatting elements.
const std::set<std::string, std::less<>> kFormatting{"a",      "b",      "big",  "code", "em",
                                                     "font",   "i",      "nobr", "s",    "small",
                                                     "strike", "strong", "tt",   "u"};

// Elements whose content is raw text up to their end tag.
const std::set<std::string, std::less<>> kRawText{"script", "style",   "textarea", "title",   "xmp",
                                                  "iframe", "noembed", "noframes", "noscript"};

bool IsNameChar(unsigned char c) { return std::isalnum(c) || c == '-' || c == ':' || c == '_'; }

// Index just past the '>' ending the tag whose name ends at `i` (html.size() if none).
size_t TagEnd(std::string_view html, size_t i) {
  bool after_equals = false;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '>') return i + 1;
    if (after_equals && (c == '"' || c == '\'')) {
      const size_t close = html.find(c, i + 1);
      if (close == std::string_view::npos) return html.size();
      i = close + 1;
      after_equals = false;
      continue;
    }
    if (c == '=') {
      after_equals = true;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
      after_equals = false;
    }
    ++i;
  }
  return html.size();
}

// Position of "</name" (case-insensitive) at or after `from`, or html.size().
size_t FindEndTag(std::string_view html, std::string_view name, size_t from) {
  for (size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
    if (i + 2 + name.size() > html.size()) break;
    bool match = true;
    for (size_t k = 0; k < name.size() && match; ++k) {
      match = std::tolower(static_cast<unsigned char>(html[i + 2 + k])) == name[k];
    }
    if (match) return i;
  }
  return html.size();
}

class Limiter {
 public:
  LimitedHtml Run(std::string_view html) {
    LimitedHtml result;
    std::string& out = result.html;
    out.reserve(html.size());
    size_t i = 0;
    while (i < html.size()) {
      const size_t lt = html.find('<', i);
      if (lt == std::string_view::npos) {
        out.append(html.substr(i));
        break;
      }
      out.append(html.substr(i, lt - i));
      if (html.substr(lt).starts_with("<!--")) {
        const size_t end = html.find("-->", lt + 4);
        const size_t stop = end == std::string_view::npos ? html.size() : end + 3;
        out.append(html.substr(lt, stop - lt));
        i = stop;
        continue;
      }
      const bool end_tag = lt + 1 < html.size() && html[lt + 1] == '/';
      const size_t name_start = lt + 1 + (end_tag ? 1 : 0);
      if (name_start >= html.size() ||
          !std::isalpha(static_cast<unsigned char>(html[name_start]))) {
        // "<!doctype>", "<?xml>", "</>" or a bare '<': not an element.
        const bool markup = lt + 1 < html.size() && (html[lt + 1] == '!' || html[lt + 1] == '?');
        const size_t stop = markup ? TagEnd(html, lt + 1) : lt + 1;
        out.append(html.substr(lt, stop - lt));
        i = stop;
        continue;
      }
      size_t name_end = name_start;
      while (name_end < html.size() && IsNameChar(static_cast<unsigned char>(html[name_end]))) {
        ++name_end;
      }
      std::string name(html.substr(name_start, name_end - name_start));
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      const size_t stop = TagEnd(html, name_end);
      const std::string_view tag = html.substr(lt, stop - lt);
      i = stop;
      if (end_tag ? KeepEndTag(name) : KeepStartTag(name)) {
        out.append(tag);
      } else {
        ++result.dropped_tags;
      }
      if (!end_tag && kRawText.count(name)) {  // copy the raw text up to its end tag
        const size_t close = FindEndTag(html, name, i);
        out.append(html.substr(i, close - i));
        i = close;
      } else if (!end_tag && name == "plaintext") {
        out.append(html.substr(i));
        break;
      }
    }
    return result;
  }

 private:
  bool KeepStartTag(const std::string& name) {
    if (tags_ >= kMaxTags) return Drop(name);
    if (kRawText.count(name)) return Count();  // raw text cannot nest
    if (kVoid.count(name) || kOptionalEnd.count(name)) return Count();
    if (kFormatting.count(name)) {
      if (open_formatting_ >= kMaxOpenFormatting) return Drop(name);
      ++open_formatting_;
    } else {
      if (open_elements_ >= kMaxOpenElements) return Drop(name);
      ++open_elements_;
    }
    ++open_[name];
    return Count();
  }

  bool KeepEndTag(const std::string& name) {
    if (auto it = dropped_.find(name); it != dropped_.end() && it->second > 0) {
      --it->second;
      return false;
    }
    if (auto it = open_.find(name); it != open_.end() && it->second > 0) {
      --it->second;
      --(kFormatting.count(name) ? open_formatting_ : open_elements_);
    }
    return true;
  }

  bool Count() {
    ++tags_;
    return true;
  }

  bool Drop(const std::string& name) {
    ++dropped_[name];
    return false;
  }

  int tags_ = 0;
  int open_elements_ = 0;
  int open_formatting_ = 0;
  std::map<std::string, int> open_;
  std::map<std::string, int> dropped_;
};

}  // namespace

LimitedHtml LimitHtmlForParsing(std::string_view html) { return Limiter().Run(html); }

}  // namespace shopdesk::channels::email
