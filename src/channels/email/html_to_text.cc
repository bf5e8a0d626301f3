#include "channels/email/html_to_text.h"

#include <gumbo.h>

#include <set>
#include <vector>

#include "channels/email/charset_decoder.h"
#include "channels/email/gumbo_parse.h"
#include "channels/email/html_limiter.h"

namespace shopdesk::channels::email {
namespace {

constexpr int kMaxTreeDepth = 2000;

const std::set<GumboTag> kBlock{
    GUMBO_TAG_P,       GUMBO_TAG_DIV,    GUMBO_TAG_TR,     GUMBO_TAG_LI,         GUMBO_TAG_H1,
    GUMBO_TAG_H2,      GUMBO_TAG_H3,     GUMBO_TAG_H4,     GUMBO_TAG_H5,         GUMBO_TAG_H6,
    GUMBO_TAG_PRE,     GUMBO_TAG_TABLE,  GUMBO_TAG_UL,     GUMBO_TAG_OL,         GUMBO_TAG_DL,
    GUMBO_TAG_DD,      GUMBO_TAG_DT,     GUMBO_TAG_CENTER, GUMBO_TAG_ADDRESS,    GUMBO_TAG_SECTION,
    GUMBO_TAG_ARTICLE, GUMBO_TAG_HEADER, GUMBO_TAG_FOOTER, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_CAPTION,
    GUMBO_TAG_FORM,    GUMBO_TAG_NAV,    GUMBO_TAG_ASIDE,  GUMBO_TAG_MAIN,       GUMBO_TAG_FIGURE,
    GUMBO_TAG_THEAD,   GUMBO_TAG_TBODY,  GUMBO_TAG_TFOOT,  GUMBO_TAG_FIELDSET};

const std::set<GumboTag> kSkipped{GUMBO_TAG_SCRIPT,   GUMBO_TAG_STYLE,    GUMBO_TAG_HEAD,
                                  GUMBO_TAG_TITLE,    GUMBO_TAG_TEMPLATE, GUMBO_TAG_NOSCRIPT,
                                  GUMBO_TAG_TEXTAREA, GUMBO_TAG_SELECT,   GUMBO_TAG_OBJECT,
                                  GUMBO_TAG_IFRAME,   GUMBO_TAG_SVG,      GUMBO_TAG_MATH};

bool IsParagraphLike(GumboTag tag) {
  return tag == GUMBO_TAG_P || (tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6) ||
         tag == GUMBO_TAG_TABLE || tag == GUMBO_TAG_BLOCKQUOTE || tag == GUMBO_TAG_PRE;
}

class TextWriter {
 public:
  std::string Take() { return std::move(out_); }

  void Node(const GumboNode& node, int depth) {
    if (depth > kMaxTreeDepth) return;
    switch (node.type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        Text(node.v.text.text);
        return;
      case GUMBO_NODE_DOCUMENT:
        Children(node.v.document.children, depth);
        return;
      case GUMBO_NODE_ELEMENT:
        Element(node.v.element, depth);
        return;
      default:
        return;
    }
  }

 private:
  struct List {
    bool ordered = false;
    int next = 1;
  };

  void Children(const GumboVector& children, int depth) {
    for (unsigned i = 0; i < children.length; ++i) {
      Node(*static_cast<GumboNode*>(children.data[i]), depth + 1);
    }
  }

  void Element(const GumboElement& e, int depth) {
    if (kSkipped.count(e.tag) || e.tag_namespace != GUMBO_NAMESPACE_HTML) return;
    switch (e.tag) {
      case GUMBO_TAG_BR:
        Newline(/*force=*/true);
        return;
      case GUMBO_TAG_HR:
        BlankLine();
        out_ += "----------";
        BlankLine();
        return;
      case GUMBO_TAG_TD:
      case GUMBO_TAG_TH:
        if (!out_.empty() && out_.back() != '\n' && out_.back() != ' ') out_ += ' ';
        Children(e.children, depth);
        return;
      case GUMBO_TAG_BLOCKQUOTE: {
        BlankLine();
        TextWriter inner;
        inner.Children(e.children, depth);
        std::string quoted = Trimmed(inner.Take());
        for (size_t pos = 0; pos < quoted.size();) {
          const size_t end = std::min(quoted.find('\n', pos), quoted.size());
          out_ += quoted[pos] == '>' ? ">" : "> ";
          out_.append(quoted, pos, end - pos);
          out_ += '\n';
          pos = end + 1;
        }
        BlankLine();
        return;
      }
      case GUMBO_TAG_UL:
      case GUMBO_TAG_OL:
        lists_.push_back({e.tag == GUMBO_TAG_OL, 1});
        Newline(false);
        Children(e.children, depth);
        lists_.pop_back();
        Newline(false);
        return;
      case GUMBO_TAG_LI: {
        Newline(false);
        if (lists_.size() > 1) out_ += std::string(2 * (lists_.size() - 1), ' ');
        if (!lists_.empty() && lists_.back().ordered) {
          out_ += std::to_string(lists_.back().next++) + ". ";
        } else {
          out_ += "・";
        }
        Children(e.children, depth);
        Newline(false);
        return;
      }
      case GUMBO_TAG_PRE:
        BlankLine();
        ++pre_;
        Children(e.children, depth);
        --pre_;
        BlankLine();
        return;
      default:
        break;
    }
    const bool block = kBlock.count(e.tag) > 0;
    if (block) IsParagraphLike(e.tag) ? BlankLine() : Newline(false);
    Children(e.children, depth);
    if (block) IsParagraphLike(e.tag) ? BlankLine() : Newline(false);
  }

  void Text(const char* text) {
    for (const char* p = text; *p; ++p) {
      char c = *p;
      if (pre_ > 0) {
        if (c != '\r') out_.push_back(c);
        continue;
      }
      if (c == '\xc2' && p[1] == '\xa0') {  // NBSP
        ++p;
        c = ' ';
      }
      if (c == '\t' || c == '\r' || c == '\n' || c == '\f') c = ' ';
      if (c == ' ' && (out_.empty() || out_.back() == ' ' || out_.back() == '\n')) continue;
      out_.push_back(c);
    }
  }

  void Newline(bool force) {
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (force || (!out_.empty() && out_.back() != '\n')) out_.push_back('\n');
  }

  void BlankLine() {
    Newline(false);
    if (!out_.empty() && !out_.ends_with("\n\n")) out_.push_back('\n');
  }

  static std::string Trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \n");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \n");
    return s.substr(b, e - b + 1);
  }

  std::string out_;
  std::vector<List> lists_;
  int pre_ = 0;
};

std::string CollapseBlankLines(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  int newlines = 0;
  for (char c : text) {
    newlines = c == '\n' ? newlines + 1 : 0;
    if (newlines <= 2) out.push_back(c);
  }
  const auto b = out.find_first_not_of(" \n");
  if (b == std::string::npos) return "";
  const auto e = out.find_last_not_of(" \n");
  return out.substr(b, e - b + 1);
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  if (html.empty()) return "";
  const LimitedHtml limited = LimitHtmlForParsing(html);
  TextWriter writer;
  {
    const ParsedHtml parsed(limited.html);
    writer.Node(parsed.document(), 0);
  }
  std::string text = CollapseBlankLines(writer.Take());
  // gumbo can leave a stray byte for an overflowing numeric reference (see
  // SanitizeHtml): the text is stored, so it must be UTF-8 (found by fuzzing).
  if (!IsValidUtf8(text)) text = ReplaceInvalidUtf8(text);
  return text;
}

}  // namespace shopdesk::channels::email
