#include "core/mustache.h"

#include <algorithm>

#include "core/html_escape.h"

namespace shopdesk {

struct MustacheTemplate::Node {
  enum class Kind { kText, kEscaped, kRaw, kSection, kInverted };
  Kind kind = Kind::kText;
  std::string text;               // the text, or the name as written
  std::vector<std::string> path;  // the name split at '.'; empty for "."
  std::vector<Node> children;     // sections
};

namespace {

using Node = MustacheTemplate::Node;

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (IsBlank(s.front()) || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (IsBlank(s.back()) || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// 1-based line and column of byte `offset`.
std::pair<int, int> Position(std::string_view source, size_t offset) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < source.size(); ++i) {
    if (source[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int>(offset - line_start) + 1};
}

// InvalidArgument "template error at line L, column C: <what>" with reason
// "template.<kind>" and params line, column and `params`.
Error ErrorAt(std::string_view source, size_t offset, const std::string& what, const char* kind,
              Error::Params params = {}) {
  auto [line, column] = Position(source, offset);
  params.insert(params.begin(),
                {{"line", std::to_string(line)}, {"column", std::to_string(column)}});
  return Error::InvalidArgument("template error at line " + std::to_string(line) + ", column " +
                                std::to_string(column) + ": " + what)
      .WithReason(std::string("template.") + kind, std::move(params));
}

std::vector<std::string> SplitPath(std::string_view name) {
  std::vector<std::string> parts;
  if (name == ".") return parts;
  size_t start = 0;
  for (;;) {
    const size_t dot = name.find('.', start);
    parts.emplace_back(name.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool ValidName(std::string_view name) {
  if (name == ".") return true;
  if (name.empty() || name.front() == '.' || name.back() == '.') return false;
  if (name.find("..") != std::string_view::npos) return false;
  return std::none_of(name.begin(), name.end(), [](char c) {
    return IsBlank(c) || c == '\n' || c == '\r' || c == '{' || c == '}';
  });
}

const TemplateValue* Lookup(const std::vector<std::string>& path,
                            const std::vector<const TemplateValue*>& stack) {
  if (path.empty()) return stack.back();
  const TemplateValue* value = nullptr;
  for (auto it = stack.rbegin(); it != stack.rend() && !value; ++it) {
    value = (*it)->Find(path.front());
  }
  // The rest of a dotted name resolves inside what the first part found, never further
  // down the stack.
  for (size_t i = 1; value && i < path.size(); ++i) value = value->Find(path[i]);
  return value;
}

void RenderNodes(const std::vector<Node>& nodes, std::vector<const TemplateValue*>& stack,
                 Escaping escaping, std::string& out, std::vector<std::string>* blank) {
  for (const Node& node : nodes) {
    switch (node.kind) {
      case Node::Kind::kText:
        out += node.text;
        break;
      case Node::Kind::kEscaped:
      case Node::Kind::kRaw: {
        const TemplateValue* value = Lookup(node.path, stack);
        std::string_view text;
        if (value) {
          if (const auto* s = value->AsText()) text = *s;
          if (const auto* b = value->AsBool()) text = *b ? "true" : "false";
        }
        if (text.empty()) {
          if (blank && !node.path.empty() &&
              std::find(blank->begin(), blank->end(), node.text) == blank->end()) {
            blank->push_back(node.text);
          }
          break;
        }
        if (node.kind == Node::Kind::kEscaped && escaping == Escaping::kHtml) {
          // Escaped as for an attribute: a value may land inside one.
          AppendHtmlEscaped(out, text, HtmlContext::kAttribute);
        } else {
          out += text;
        }
        break;
      }
      case Node::Kind::kSection: {
        const TemplateValue* value = Lookup(node.path, stack);
        if (!value || !value->Truthy()) break;
        if (const auto* list = value->AsList()) {
          for (const auto& item : *list) {
            stack.push_back(&item);
            RenderNodes(node.children, stack, escaping, out, blank);
            stack.pop_back();
          }
        } else {
          stack.push_back(value);
          RenderNodes(node.children, stack, escaping, out, blank);
          stack.pop_back();
        }
        break;
      }
      case Node::Kind::kInverted: {
        const TemplateValue* value = Lookup(node.path, stack);
        if (!value || !value->Truthy()) RenderNodes(node.children, stack, escaping, out, blank);
        break;
      }
    }
  }
}

}  // namespace

bool TemplateValue::Truthy() const {
  if (IsNull()) return false;
  if (const auto* b = AsBool()) return *b;
  if (const auto* s = AsText()) return !s->empty();
  if (const auto* l = AsList()) return !l->empty();
  return true;
}

const TemplateValue* TemplateValue::Find(std::string_view name) const {
  const Map* map = AsMap();
  if (!map) return nullptr;
  for (const auto& [key, value] : *map) {
    if (key == name) return &value;
  }
  return nullptr;
}

Result<MustacheTemplate> MustacheTemplate::Compile(std::string_view source) {
  struct Open {
    Node node;
    size_t offset;
  };
  std::vector<Open> open;  // sections being read; open[0] is the root
  open.push_back({Node{}, 0});
  MustacheTemplate compiled;
  auto remember = [&](const std::string& name, size_t offset) {
    if (name == ".") return;
    for (const auto& n : compiled.names_) {
      if (n.name == name) return;
    }
    auto [line, column] = Position(source, offset);
    compiled.names_.push_back({name, line, column});
  };
  auto add_text = [&](std::string_view text) {
    if (text.empty()) return;
    auto& siblings = open.back().node.children;
    if (!siblings.empty() && siblings.back().kind == Node::Kind::kText) {
      siblings.back().text += text;
    } else {
      siblings.push_back(Node{Node::Kind::kText, std::string(text), {}, {}});
    }
  };

  size_t pos = 0;
  for (;;) {
    const size_t tag = source.find("{{", pos);
    if (tag == std::string_view::npos) {
      add_text(source.substr(pos));
      break;
    }
    const char sigil = tag + 2 < source.size() ? source[tag + 2] : '\0';
    const bool triple = sigil == '{';
    const std::string_view closer = triple ? "}}}" : "}}";
    const size_t close = source.find(closer, tag + 2);
    if (close == std::string_view::npos) {
      return ErrorAt(source, tag,
                     std::string("'{{' is never closed with '") + std::string(closer) + "'",
                     "unclosed_tag", {{"closer", std::string(closer)}});
    }
    const size_t after = close + closer.size();
    const bool has_sigil =
        std::string_view("{&#^/!>=").find(sigil) != std::string_view::npos && sigil != '\0';
    const std::string_view inner =
        source.substr(tag + 2 + (has_sigil ? 1 : 0), close - tag - 2 - (has_sigil ? 1 : 0));
    const std::string name(Trim(inner));
    if (sigil == '>')
      return ErrorAt(source, tag, "partials ({{> name}}) are not supported", "partial");
    if (sigil == '=')
      return ErrorAt(source, tag, "delimiter changes ({{=...=}}) are not supported", "delimiter");

    // A section, inverted section, closing or comment tag alone on its line takes the
    // whole line with it (the spec's "standalone" rule).
    size_t text_end = tag, next = after;
    if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!') {
      size_t line_start = tag;
      while (line_start > 0 && source[line_start - 1] != '\n') --line_start;
      const bool blank_before = line_start >= pos && std::all_of(source.begin() + line_start,
                                                                 source.begin() + tag, IsBlank);
      size_t end = after;
      while (end < source.size() && IsBlank(source[end])) ++end;
      size_t line_end = std::string_view::npos;
      if (end == source.size()) {
        line_end = end;
      } else if (source[end] == '\n') {
        line_end = end + 1;
      } else if (source.compare(end, 2, "\r\n") == 0) {
        line_end = end + 2;
      }
      if (blank_before && line_end != std::string_view::npos) {
        text_end = line_start;
        next = line_end;
      }
    }
    add_text(source.substr(pos, text_end - pos));
    pos = next;

    if (sigil == '!') continue;
    if (!ValidName(name)) {
      if (name.empty()) return ErrorAt(source, tag, "a tag needs a name", "no_name");
      return ErrorAt(source, tag, "'" + name + "' is not a valid name", "bad_name",
                     {{"name", name}});
    }
    if (sigil == '#' || sigil == '^') {
      remember(name, tag);
      Node section{
          sigil == '#' ? Node::Kind::kSection : Node::Kind::kInverted, name, SplitPath(name), {}};
      open.push_back({std::move(section), tag});
      continue;
    }
    if (sigil == '/') {
      if (open.size() == 1) {
        return ErrorAt(source, tag, "'{{/" + name + "}}' closes a section that was never opened",
                       "stray_close", {{"name", name}});
      }
      if (open.back().node.text != name) {
        auto [line, column] = Position(source, open.back().offset);
        return ErrorAt(
            source, tag,
            "'{{/" + name + "}}' does not close '" + open.back().node.text + "', opened at line " +
                std::to_string(line) + ", column " + std::to_string(column),
            "wrong_close",
            {{"name", name}, {"open", open.back().node.text}, {"open_line", std::to_string(line)}});
      }
      Node done = std::move(open.back().node);
      open.pop_back();
      open.back().node.children.push_back(std::move(done));
      continue;
    }
    remember(name, tag);
    const bool raw = triple || sigil == '&';
    open.back().node.children.push_back(
        Node{raw ? Node::Kind::kRaw : Node::Kind::kEscaped, name, SplitPath(name), {}});
  }
  if (open.size() > 1) {
    return ErrorAt(source, open.back().offset,
                   "section '" + open.back().node.text + "' is never closed (add {{/" +
                       open.back().node.text + "}})",
                   "unclosed_section", {{"name", open.back().node.text}});
  }
  compiled.nodes_ = std::make_shared<const std::vector<Node>>(std::move(open[0].node.children));
  return compiled;
}

std::string MustacheTemplate::Render(const TemplateValue& data, Escaping escaping,
                                     std::vector<std::string>* blank) const {
  std::string out;
  std::vector<const TemplateValue*> stack{&data};
  if (nodes_) RenderNodes(*nodes_, stack, escaping, out, blank);
  return out;
}

}  // namespace shopdesk
