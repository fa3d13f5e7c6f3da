// A small JSON writer, kept where no answer struct serves: report tables and the daily control
// streamed row by row, the log page and SSE frames (events are capnp-json, spliced in Raw), the
// OpenAPI document, tokens, /healthz, the demo summary. The answers declared in events/api.capnp
// (outcome, error, backup, records, histories, folders) go through app/answer_codec.h instead.
#ifndef BITACORA_APP_JSON_H_
#define BITACORA_APP_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bitacora::app {

// `text` as a JSON string literal, quotes included (UTF-8 passed through, controls escaped, bytes
// that are not well-formed UTF-8 replaced by U+FFFD).
std::string JsonString(std::string_view text);

// Builds one JSON object (or array) by appending members in order. Not thread-safe.
class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // The member name of the next value (inside an object).
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Uint(uint64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Inserts already-encoded JSON (e.g. from capnp-json) as the next value.
  JsonWriter& Raw(std::string_view json);
  JsonWriter& Strings(const std::vector<std::string>& values);

  // Key(key) then the value: shorthands for the common members.
  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const std::string& value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, int64_t value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, uint64_t value) { return Key(key).Uint(value); }
  JsonWriter& Field(std::string_view key, bool value) { return Key(key).Bool(value); }

  const std::string& str() const { return out_; }

 private:
  void Separate();
  std::string out_;
  std::vector<bool> first_;  // per open container: no member written yet
  bool after_key_ = false;
};

}  // namespace bitacora::app

#endif  // BITACORA_APP_JSON_H_
