// The hostile-request corpus (tests/hostile/*.http; docs/reliability.md, "Hostile requests"): each
// raw request, written to a plain socket of the in-process server, must be answered with its
// expected 4xx and a JSON error (the expected code, a non-empty message, well-formed UTF-8), must not
// get an injected header back, must append nothing, and must leave the server answering /healthz.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "tests/hostile_request.h"
#include "tests/rest_fixture.h"

namespace bitacora::testing {

void PrintTo(const HostileCase& c, std::ostream* os) { *os << c.name; }

namespace {

const std::vector<HostileCase>& Corpus() {
  static const auto* corpus = new std::vector<HostileCase>(LoadHostileCorpus(BITACORA_HOSTILE_DIR));
  return *corpus;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The string member `name` of the error object in `body`, unescaped ("" when absent).
std::string ErrorMember(const std::string& body, const std::string& name) {
  const std::string key = "\"" + name + "\":\"";
  size_t at = body.find(key);
  if (at == std::string::npos) return "";
  std::string out;
  for (at += key.size(); at < body.size() && body[at] != '"'; ++at) {
    if (body[at] == '\\' && at + 1 < body.size()) ++at;
    out.push_back(body[at]);
  }
  return out;
}

class RestHostileTest : public RestFixture, public ::testing::WithParamInterface<HostileCase> {
 protected:
  // The token of role `name` ("DESK" is the platform's, the front desk).
  std::string Token(const std::string& name) {
    auto role = app::ParseRole(name == "DESK" ? "platform" : Lower(name));
    return role ? tokens_[*role] : "no-such-role-" + name;
  }
};

TEST_P(RestHostileTest, IsRefusedWith4xxAndAClearErrorAndAppendsNothing) {
  const HostileCase& c = GetParam();
  ASSERT_TRUE(c.status >= 400 && c.status < 500) << "the case needs a '# expect <4xx> <code>' first line";
  const uint64_t head = Head();
  const std::string bytes = ExpandRequest(c.request, [this](const std::string& role) { return Token(role); });
  const RawAnswer answer = RawExchange(server_->port(), bytes);
  ASSERT_TRUE(answer.answered) << "no answer (" << answer.failure << ")";
  EXPECT_EQ(answer.status, c.status) << answer.body;
  std::string content_type;
  for (const auto& [name, value] : answer.headers) {
    const std::string lower = Lower(name);
    EXPECT_TRUE(lower != "x-injected" && lower != "set-cookie") << "injected header came back: " << name;
    if (lower == "content-type") content_type = value;
  }
  EXPECT_EQ(content_type.rfind("application/json", 0), 0u) << "Content-Type: " << content_type;
  EXPECT_EQ(answer.body.rfind("{\"error\":{", 0), 0u) << answer.body;
  EXPECT_EQ(ErrorMember(answer.body, "code"), c.code) << answer.body;
  const std::string message = ErrorMember(answer.body, "message");
  EXPECT_FALSE(message.empty()) << answer.body;
  if (!c.contains.empty()) {
    EXPECT_NE(message.find(c.contains), std::string::npos) << answer.body;
  }
  EXPECT_TRUE(IsUtf8(answer.body)) << "the error is not UTF-8: " << answer.body;
  EXPECT_EQ(Head(), head) << "the request appended events";
  const RawAnswer health = RawExchange(server_->port(), "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(health.answered) << "/healthz did not answer afterwards (" << health.failure << ")";
  EXPECT_EQ(health.status, 200) << health.body;
}

INSTANTIATE_TEST_SUITE_P(Corpus, RestHostileTest, ::testing::ValuesIn(Corpus()),
                         [](const ::testing::TestParamInfo<HostileCase>& param) { return param.param.name; });

TEST(RestHostileCorpusTest, HasAtLeastFiftyCasesEachWithAnExpectation) {
  EXPECT_GE(Corpus().size(), 50u);
  for (const HostileCase& c : Corpus()) EXPECT_NE(c.status, 0) << c.name << " has no '# expect' line";
}

// The harness itself: a well-formed request gets its 2xx through RawExchange, so a 4xx in the
// corpus is the server's verdict, not the harness mangling bytes.
class RestHostileHarnessTest : public RestFixture {};

TEST_F(RestHostileHarnessTest, AWellFormedRawRequestSucceeds) {
  const std::string request =
      "POST /v1/commands/openCase HTTP/1.1\nHost: t\nAuthorization: Bearer {{TOKEN_DESK}}\n"
      "Content-Type: application/json\nContent-Length: {{CONTENT_LENGTH}}\n\n"
      R"({"kind":"newConnection","clientCi":"4455667 CB","tariffCategory":"residential","address":"Calle Sucre 12"})"
      "\n";
  const uint64_t head = Head();
  const RawAnswer answer =
      RawExchange(server_->port(), ExpandRequest(request, [this](const std::string&) { return tokens_[schema::Role::PLATFORM]; }));
  ASSERT_TRUE(answer.answered) << answer.failure;
  EXPECT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(Head(), head + 1);
}

// What the UTF-8 checks must let through: a surrogate pair escaped, and accents as UTF-8.
TEST_F(RestHostileHarnessTest, WellFormedUnicodeIsAccepted) {
  const std::string request =
      "POST /v1/commands/openCase HTTP/1.1\nHost: t\nAuthorization: Bearer {{TOKEN_DESK}}\n"
      "Content-Type: application/json; charset=utf-8\nContent-Length: {{CONTENT_LENGTH}}\n\n"
      R"({"kind":"newConnection","clientCi":"4455667 CB","tariffCategory":"residential","address":"Peñaranda \ud83d\ude00 Ñ"})"
      "\n";
  const RawAnswer answer =
      RawExchange(server_->port(), ExpandRequest(request, [this](const std::string&) { return tokens_[schema::Role::PLATFORM]; }));
  ASSERT_TRUE(answer.answered) << answer.failure;
  EXPECT_EQ(answer.status, 201) << answer.body;
}

}  // namespace
}  // namespace bitacora::testing
