#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shopdesk::views {

// Appends JSON to a string without building a tree: for hot responses (the inbox list)
// where nlohmann::json's per-field allocations dominate. Commas are placed
// automatically. Strings are escaped; invalid UTF-8 becomes U+FFFD. Not thread-safe.
class JsonWriter {
 public:
  explicit JsonWriter(size_t reserve = 4096) { out_.reserve(reserve); }

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);  // REQUIRES: inside an object
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(std::int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Inserts already-serialized JSON as one value.
  JsonWriter& Raw(std::string_view json);

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue();
  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace shopdesk::views
