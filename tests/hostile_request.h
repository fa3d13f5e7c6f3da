// The hostile-request corpus (tests/hostile/*.http): reading a case file into the exact bytes to
// send, and a raw HTTP/1.1 exchange over a plain TCP socket (httplib's client would tidy the request
// up). Format of a case file, documented for people in docs/reliability.md:
//
//   # expect 400 bad_json                 status and error code the answer must carry
//   # contains <text>                     optional: a substring the error message must contain
//   # anything else after '#'             a comment (say what the case attacks)
//   POST /v1/commands/openCase HTTP/1.1   the raw request; every LF is sent as CRLF
//   ...
//
// Placeholders, expanded in order: {{TOKEN_<ROLE>}} (a live token; DESK is PLATFORM),
// {{REPEAT:n:text}} (text n times; \r \n \t \\ escapes inside text), {{HEX:0d0a}} (raw bytes),
// then {{CONTENT_LENGTH}} (the byte length of the body). A body's final line break is not sent.
#ifndef BITACORA_TESTS_HOSTILE_REQUEST_H_
#define BITACORA_TESTS_HOSTILE_REQUEST_H_

#include <functional>
#include <string>
#include <vector>

namespace bitacora::testing {

struct HostileCase {
  std::string name;      // the file's stem: "012_nan_amount"
  int status = 0;        // expected HTTP status
  std::string code;      // expected error code
  std::string contains;  // expected substring of the message ("" = no check)
  std::string request;   // the request as written, placeholders unexpanded (LF line ends)
};

// Every *.http file of `dir`, sorted by name. Cases whose `# expect` line is missing or malformed
// get status 0 (the test then fails on them by name).
std::vector<HostileCase> LoadHostileCorpus(const std::string& dir);

// The bytes to send for `request`: LF -> CRLF, placeholders expanded; `token` maps a role name in
// upper case ("DESK", "SUPERVISOR", ...) to a token. Unknown placeholders stay as written.
std::string ExpandRequest(const std::string& request, const std::function<std::string(const std::string&)>& token);

struct RawAnswer {
  bool answered = false;  // a status line arrived
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, names as sent
  std::string body;
  std::string failure;  // why nothing (or only part) came back: "timeout", "refused", ...
};

// Connects to 127.0.0.1:`port`, sends `bytes` (stopping early if the answer starts first) and
// reads one answer (Content-Length, chunked or up to EOF). Gives up `timeout_ms` after sending.
RawAnswer RawExchange(int port, const std::string& bytes, int timeout_ms = 10000);

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points > U+10FFFF).
bool IsUtf8(const std::string& text);

}  // namespace bitacora::testing

#endif  // BITACORA_TESTS_HOSTILE_REQUEST_H_
