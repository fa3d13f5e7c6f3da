#include "tests/hostile_request.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace bitacora::testing {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// "\r", "\n", "\t", "\\" in a REPEAT text.
std::string Unescape(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out.push_back(text[i]);
      continue;
    }
    const char c = text[++i];
    out.push_back(c == 'r' ? '\r' : c == 'n' ? '\n' : c == 't' ? '\t' : c);
  }
  return out;
}

std::string Hex(const std::string& digits) {
  std::string out;
  for (size_t i = 0; i + 1 < digits.size(); i += 2) {
    out.push_back(static_cast<char>(std::strtoul(digits.substr(i, 2).c_str(), nullptr, 16)));
  }
  return out;
}

// The value of one placeholder (without braces), or nullopt to leave it as written.
std::optional<std::string> Expand(const std::string& inner,
                                  const std::function<std::string(const std::string&)>& token) {
  if (inner.rfind("TOKEN_", 0) == 0) return token(inner.substr(6));
  if (inner.rfind("HEX:", 0) == 0) return Hex(inner.substr(4));
  if (inner.rfind("REPEAT:", 0) == 0) {
    const size_t colon = inner.find(':', 7);
    if (colon == std::string::npos) return std::nullopt;
    const long n = std::strtol(inner.substr(7, colon - 7).c_str(), nullptr, 10);
    const std::string unit = Unescape(inner.substr(colon + 1));
    std::string out;
    out.reserve(unit.size() * static_cast<size_t>(std::max(0L, n)));
    for (long i = 0; i < n; ++i) out += unit;
    return out;
  }
  return std::nullopt;
}

bool Receive(int fd, std::string& in, int timeout_ms, std::string& failure) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) {
    failure = "timeout";
    return false;
  }
  char buf[16384];
  const ssize_t n = recv(fd, buf, sizeof buf, 0);
  if (n <= 0) {
    failure = n == 0 ? "closed" : "recv: " + std::to_string(errno);
    return false;
  }
  in.append(buf, static_cast<size_t>(n));
  return true;
}

// Parses the head in `in` (up to the blank line) into `answer`; returns the Content-Length, or -1
// when chunked, or -2 when the body runs to EOF.
long ParseHead(const std::string& head, RawAnswer& answer) {
  std::istringstream lines(head);
  std::string line;
  std::getline(lines, line);
  if (line.rfind("HTTP/1.", 0) == 0 && line.size() >= 12) {
    answer.answered = true;
    answer.status = std::atoi(line.c_str() + 9);
  }
  long length = -2;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    answer.headers.emplace_back(line.substr(0, colon), value);
    const std::string name = Lower(line.substr(0, colon));
    if (name == "content-length") length = std::atol(value.c_str());
    if (name == "transfer-encoding" && Lower(value).find("chunked") != std::string::npos) length = -1;
  }
  return length;
}

// Decodes a complete chunked body from `in`; false while incomplete.
bool Dechunk(const std::string& in, std::string& out) {
  out.clear();
  size_t at = 0;
  while (true) {
    const size_t eol = in.find("\r\n", at);
    if (eol == std::string::npos) return false;
    const size_t size = std::strtoul(in.substr(at, eol - at).c_str(), nullptr, 16);
    if (size == 0) return true;
    if (eol + 2 + size + 2 > in.size()) return false;
    out.append(in, eol + 2, size);
    at = eol + 2 + size + 2;
  }
}

}  // namespace

std::vector<HostileCase> LoadHostileCorpus(const std::string& dir) {
  std::vector<HostileCase> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".http") continue;
    HostileCase c;
    c.name = entry.path().stem().string();
    std::istringstream text(ReadFile(entry.path()));
    std::string line;
    std::streampos request_at = 0;
    while (std::getline(text, line) && !line.empty() && line[0] == '#') {
      std::istringstream words(line.substr(1));
      std::string directive;
      words >> directive;
      if (directive == "expect") {
        words >> c.status >> c.code;
      } else if (directive == "contains") {
        std::getline(words, c.contains);
        c.contains.erase(0, c.contains.find_first_not_of(' '));
      }
      request_at = text.tellg();
    }
    c.request = ReadFile(entry.path()).substr(static_cast<size_t>(request_at));
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const HostileCase& a, const HostileCase& b) { return a.name < b.name; });
  return out;
}

std::string ExpandRequest(const std::string& request, const std::function<std::string(const std::string&)>& token) {
  std::string text = request;
  // The body's final line break is the file's, not the request's.
  const size_t blank = text.find("\n\n");
  if (blank != std::string::npos && blank + 2 < text.size() && text.back() == '\n') text.pop_back();
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += "\r\n";
    else crlf.push_back(c);
  }
  std::string out;
  size_t at = 0;
  while (true) {
    const size_t open = crlf.find("{{", at);
    const size_t close = open == std::string::npos ? open : crlf.find("}}", open + 2);
    if (close == std::string::npos) {
      out.append(crlf, at, std::string::npos);
      break;
    }
    out.append(crlf, at, open - at);
    const std::string inner = crlf.substr(open + 2, close - open - 2);
    auto value = Expand(inner, token);
    out += value ? *value : "{{" + inner + "}}";
    at = close + 2;
  }
  const size_t head_end = out.find("\r\n\r\n");
  const size_t body = head_end == std::string::npos ? out.size() : head_end + 4;
  const std::string length = std::to_string(out.size() - body);
  for (size_t p; (p = out.find("{{CONTENT_LENGTH}}")) != std::string::npos && p < body;) {
    out.replace(p, 18, length);
  }
  return out;
}

RawAnswer RawExchange(int port, const std::string& bytes, int timeout_ms) {
  RawAnswer answer;
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    answer.failure = "connect: " + std::to_string(errno);
    close(fd);
    return answer;
  }
  // Send, but stop as soon as the server answers (e.g. 413 before reading a huge body).
  size_t sent = 0;
  while (sent < bytes.size()) {
    pollfd p{fd, POLLIN | POLLOUT, 0};
    if (poll(&p, 1, timeout_ms) <= 0) break;
    if ((p.revents & (POLLIN | POLLHUP | POLLERR)) != 0) break;
    const ssize_t n = send(fd, bytes.data() + sent, std::min<size_t>(bytes.size() - sent, 65536), MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  // No half-close: httplib takes a client that shut its side down for gone and answers nothing.
  // One deadline for the whole answer: an event stream that keeps talking is a hang too.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string in;
  long length = -3;  // head not parsed yet
  size_t head_end = std::string::npos;
  while (true) {
    if (head_end == std::string::npos && (head_end = in.find("\r\n\r\n")) != std::string::npos) {
      length = ParseHead(in.substr(0, head_end), answer);
    }
    if (head_end != std::string::npos) {
      const std::string rest = in.substr(head_end + 4);
      if (length >= 0 && rest.size() >= static_cast<size_t>(length)) {
        answer.body = rest.substr(0, static_cast<size_t>(length));
        break;
      }
      if (length == -1 && Dechunk(rest, answer.body)) break;
    }
    std::string failure;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !Receive(fd, in, static_cast<int>(left.count()), failure)) {
      if (left.count() <= 0) failure = "no complete answer within the deadline";
      if (head_end != std::string::npos && length == -2) answer.body = in.substr(head_end + 4);
      else answer.failure = failure;
      break;
    }
  }
  close(fd);
  return answer;
}

bool IsUtf8(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > text.size()) return false;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = cp << 6 | (b & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

}  // namespace bitacora::testing
