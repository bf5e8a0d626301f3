#pragma once

// Mustache templates (https://mustache.github.io/mustache.5.html) for saved replies:
// variables ({{name}}, {{{name}}}, {{&name}}, dotted names, {{.}}), sections
// ({{#name}}...{{/name}}), inverted sections ({{^name}}...{{/name}}) and comments
// ({{! ...}}), with the spec's standalone-line rules. Partials and delimiter changes are
// refused at compile time. Compile once, render many times: a compiled template is
// immutable and may be rendered from several threads at once.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"

namespace shopdesk {

// The data a template is rendered with: null, a boolean, text (numbers are given as
// their text), a list, or a map of names to values. Falsey: null, false, "" and [].
class TemplateValue {
 public:
  using List = std::vector<TemplateValue>;
  using Map = std::vector<std::pair<std::string, TemplateValue>>;  // small: linear lookup

  TemplateValue() = default;
  TemplateValue(bool b) : v_(b) {}  // NOLINT: implicit by design, like JSON
  TemplateValue(const char* text) : v_(std::string(text)) {}
  TemplateValue(std::string text) : v_(std::move(text)) {}
  TemplateValue(List list) : v_(std::move(list)) {}
  TemplateValue(Map map) : v_(std::move(map)) {}

  bool IsNull() const { return std::holds_alternative<std::monostate>(v_); }
  const bool* AsBool() const { return std::get_if<bool>(&v_); }
  const std::string* AsText() const { return std::get_if<std::string>(&v_); }
  const List* AsList() const { return std::get_if<List>(&v_); }
  const Map* AsMap() const { return std::get_if<Map>(&v_); }
  Map* AsMap() { return std::get_if<Map>(&v_); }
  bool Truthy() const;
  // The value under `name` in a map; nullptr when absent or not a map.
  const TemplateValue* Find(std::string_view name) const;

 private:
  std::variant<std::monostate, bool, std::string, List, Map> v_;
};

enum class Escaping { kHtml, kNone };  // {{name}} HTML-escaped, or not (plain text mail)

// A variable or section name used by a template, with where it first appears.
struct TemplateName {
  std::string name;  // as written, e.g. "customer.family_name"
  int line = 0;      // 1-based
  int column = 0;    // 1-based, in bytes
};

class MustacheTemplate {
 public:
  // InvalidArgument naming the line and column for an unclosed tag, an unclosed or
  // mismatched section, an empty name, a partial or a delimiter change.
  static Result<MustacheTemplate> Compile(std::string_view source);

  // `blank` (may be null) receives, once each in order, the name of every variable
  // that rendered as nothing (absent, null or empty text) where it stands: one inside
  // a section that was skipped is not rendered, so it is not blank.
  std::string Render(const TemplateValue& data, Escaping escaping,
                     std::vector<std::string>* blank = nullptr) const;
  // Every name the template looks up, in order of first appearance (for checking them
  // against the variables a saved reply may use).
  const std::vector<TemplateName>& Names() const { return names_; }

  struct Node;

 private:
  std::shared_ptr<const std::vector<Node>> nodes_;
  std::vector<TemplateName> names_;
};

}  // namespace shopdesk
