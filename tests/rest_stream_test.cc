// Reads over HTTP: a Server-Sent Events follower receives events as they are appended; the log
// page; a case's record, history and the client's folder after commands.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/domain/ids.h"
#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

using schema::Role;

class RestStreamTest : public RestFixture {};

TEST_F(RestStreamTest, SseFollowerReceivesEventsAsTheyAreAppended) {
  const uint64_t start = Head() + 1;
  std::string received;
  std::mutex mu;
  std::atomic<int> ids{0};
  httplib::Client follower("127.0.0.1", server_->port());
  follower.set_read_timeout(10);
  std::thread thread([&] {
    follower.Get(("/v1/log/stream?from=" + std::to_string(start)).c_str(),
                 httplib::Headers{{"Authorization", "Bearer " + tokens_[Role::AUDITOR]}},
                 [&](const char* data, size_t n) {
                   std::lock_guard lock(mu);
                   received.append(data, n);
                   int count = 0;
                   for (size_t at = received.find("id: "); at != std::string::npos; at = received.find("id: ", at + 1)) ++count;
                   ids = count;
                   return count < 3;
                 });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the follower is waiting
  for (int i = 0; i < 3; ++i) {
    auto res = Post("openCase",
                    R"({"kind":"newConnection","clientCi":"77788)" + std::to_string(i) +
                        R"(","tariffCategory":"residential","address":"Calle Chorolque"})",
                    Role::PLATFORM);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
  }
  thread.join();
  std::lock_guard lock(mu);
  EXPECT_EQ(ids.load(), 3);
  for (uint64_t p = start; p < start + 3; ++p) {
    EXPECT_NE(received.find("id: " + std::to_string(p) + "\nevent: caseOpened\ndata: {"), std::string::npos) << received;
  }
}

TEST_F(RestStreamTest, LogPageAndViewsAfterCommands) {
  auto checklist = Post("setRequirementChecklist",
                        R"({"caseKind":"newConnection","tariffCategory":"residential","documents":["Fotocopia de CI"]})",
                        Role::SUPERVISOR);
  ASSERT_TRUE(checklist);
  ASSERT_EQ(checklist->status, 201) << checklist->body;
  auto opened = Post("openCase",
                     R"({"kind":"newConnection","clientCi":"5566778-1A LP","tariffCategory":"residential","address":"Av. Santa Cruz 3"})",
                     Role::PLATFORM);
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 201);
  auto docs = Post("presentDocuments", R"({"caseId":"TRA-2026-000001","documents":["Fotocopia de CI"]})", Role::PLATFORM);
  ASSERT_TRUE(docs);
  ASSERT_EQ(docs->status, 201) << docs->body;
  auto client = Post("registerClient",
                     R"({"caseId":"TRA-2026-000001","clientCi":"5566778-1A LP","fullName":"Rosa Quispe","address":"Av. Santa Cruz 3","phone":"71234567"})",
                     Role::PLATFORM);
  ASSERT_TRUE(client);
  ASSERT_EQ(client->status, 201) << client->body;
  const std::string head = std::to_string(Head());
  auto log = Get("/v1/log?from=1&limit=1000");
  ASSERT_TRUE(log);
  EXPECT_EQ(log->status, 200);
  EXPECT_NE(log->body.find("\"next\":" + std::to_string(Head() + 1)), std::string::npos) << log->body;
  auto kase = Get("/v1/cases/TRA-2026-000001?min_position=" + head);
  ASSERT_TRUE(kase);
  EXPECT_EQ(kase->status, 200) << kase->body;
  EXPECT_EQ(JsonText(kase->body, "clientCi"), "5566778-1A");
  auto folder = Get("/v1/clients/5566778-1A%20LP/folder?min_position=" + head);
  ASSERT_TRUE(folder);
  EXPECT_EQ(folder->status, 200) << folder->body;
  EXPECT_NE(folder->body.find("\"event\":\"clientRegistered\""), std::string::npos) << folder->body;
  // Answers are cached by the views' position: a new event is seen by the next read.
  auto update = Post("registerClient", R"({"clientCi":"5566778-1A","phone":"79999999"})", Role::PLATFORM);
  ASSERT_TRUE(update);
  ASSERT_EQ(update->status, 201) << update->body;
  auto again = Get("/v1/clients/5566778-1A%20LP/folder?min_position=" + std::to_string(Head()));
  ASSERT_TRUE(again);
  EXPECT_NE(again->body.find("\"event\":\"clientDataUpdated\""), std::string::npos) << again->body;
  auto client_now = Get("/v1/clients/5566778-1A?min_position=" + std::to_string(Head()));
  ASSERT_TRUE(client_now);
  EXPECT_EQ(JsonText(client_now->body, "phone"), "79999999");
  auto before = Get("/v1/clients/5566778-1A/folder?as_of=2");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 404) << before->body;  // the client had no entry at position 2
  auto history = Get("/v1/cases/TRA-2026-000001/history");
  ASSERT_TRUE(history);
  EXPECT_EQ(history->status, 200);
  EXPECT_NE(history->body.find("\"event\":\"caseOpened\""), std::string::npos) << history->body;
}

}  // namespace
}  // namespace bitacora::testing

namespace bitacora::testing {
namespace {

TEST_F(RestStreamTest, ReportsInEveryFormatAndTheirErrors) {
  const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string today = domain::FormatDate(domain::ToLocalDate(now));
  auto json = Get("/v1/reports/daily-control?date=" + today);
  ASSERT_TRUE(json);
  EXPECT_EQ(json->status, 200) << json->body;
  EXPECT_EQ(JsonText(json->body, "title"), "Control diario de Órdenes " + today);
  // Sent in pieces as its lines are read, not built whole first (app/daily_control_json.h).
  EXPECT_EQ(json->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_EQ(json->get_header_value("Content-Type"), "application/json; charset=utf-8");
  auto csv = Get("/v1/reports/daily-control?date=" + today + "&format=csv");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  auto xlsx = Get("/v1/reports/monthly-stats?month=" + today.substr(0, 7) + "&format=xlsx");
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");  // a zip: the workbook
  const uint64_t head = Head();
  for (const auto& [path, status] : std::vector<std::pair<std::string, int>>{
           {"/v1/reports/daily-control?date=" + today + "&format=pdf", 400},
           {"/v1/reports/daily-control", 400},
           {"/v1/reports/daily-control?date=27-11-2026", 400},
           {"/v1/reports/weekly?date=" + today, 404}}) {
    auto r = Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << path << " " << r->body;
    EXPECT_FALSE(JsonText(r->body, "code").empty()) << r->body;
  }
  EXPECT_EQ(Head(), head);
}

}  // namespace
}  // namespace bitacora::testing
