// The HTTP access log (serve --access-log): one line per request naming who acted and the route,
// never a client's CI (the route's {id} stands for it) nor a token, and a percent-encoded line
// break in a path cannot forge a second line.
#include <spdlog/logger.h>
#include <spdlog/sinks/basic_file_sink.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

class RestAccessLog : public RestFixture {
 protected:
  void SetUp() override {
    RestFixture::SetUp();
    path_ = dir_.Sub("access.log");
    auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path_);
    sink->set_pattern("%v");
    access_log_ = std::make_shared<spdlog::logger>("access-test", sink);
    StartServer(shim::ServerOptions{});
  }
  // The log once it holds a line: the server writes it just after sending the answer.
  std::string Lines() {
    for (int i = 0; i < 200 && Read().empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a forged second line would be here
    return Read();
  }
  std::string Read() {
    access_log_->flush();
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::string path_;
};

TEST_F(RestAccessLog, AClientsRecordIsLoggedWithTheActorAndWithoutTheCi) {
  auto res = Get("/v1/clients/4455667%20PT", schema::Role::PLATFORM);
  ASSERT_TRUE(res);
  const std::string log = Lines();
  EXPECT_NE(log.find("actor-platform GET /v1/clients/{id} " + std::to_string(res->status)),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("4455667"), std::string::npos) << log;
  EXPECT_EQ(log.find("Bearer"), std::string::npos) << log;
}

TEST_F(RestAccessLog, AnEncodedLineBreakInAPathStaysOnOneLine) {
  auto res = Get("/v1/clients/1%0A127.0.0.1%20supervisor%20POST%20/v1/backup%20201");
  ASSERT_TRUE(res);
  const std::string log = Lines();
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;
  EXPECT_EQ(log.rfind("127.0.0.1 ", 0), 0u) << log;  // the one line is the request's own
  EXPECT_NE(log.find("\\x0a127.0.0.1"), std::string::npos) << log;  // the break, shown escaped
}

TEST_F(RestAccessLog, ARefusedTokenLeavesNoActor) {
  auto res = client_->Get("/v1/projections", httplib::Headers{{"Authorization", "Bearer btk_nope"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  const std::string log = Lines();
  EXPECT_NE(log.find(" - GET /v1/projections 401"), std::string::npos) << log;
}

}  // namespace
}  // namespace bitacora::testing
