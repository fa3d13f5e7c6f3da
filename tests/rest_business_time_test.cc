// Business time over REST (docs/rest.md, "Commands"): `?occurred_at_ns=` more than a day back is
// the supervisor's, with `?backdating_reason=`, which the log's envelopes carry; a future time is
// refused; a refusal appends nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

using schema::Role;

constexpr const char* kOpenCase =
    R"({"kind":"newConnection","clientCi":"6677889 PT","tariffCategory":"residential","address":"Calle Chichas 5"})";

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class RestBusinessTime : public RestFixture {
 protected:
  httplib::Result PostAt(Role role, int64_t occurred, const std::string& reason_query) {
    const std::string path =
        "/v1/commands/openCase?occurred_at_ns=" + std::to_string(occurred) + reason_query;
    return client_->Post(path.c_str(),
                         httplib::Headers{{"Authorization", "Bearer " + tokens_[role]}}, kOpenCase,
                         "application/json");
  }
};

TEST_F(RestBusinessTime, ACaseOpenedTwoDaysAgoIsTheSupervisorsWithTheReasonInTheLog) {
  const int64_t two_days_ago = NowNs() - 48LL * 3600 * 1'000'000'000;
  const uint64_t head = Head();
  auto clerk = PostAt(Role::PLATFORM, two_days_ago, "&backdating_reason=olvido");
  ASSERT_TRUE(clerk);
  EXPECT_EQ(clerk->status, 403) << clerk->body;
  EXPECT_EQ(JsonText(clerk->body, "code"), "backdating_needs_supervisor");
  auto no_reason = PostAt(Role::SUPERVISOR, two_days_ago, "");
  ASSERT_TRUE(no_reason);
  EXPECT_EQ(no_reason->status, 400) << no_reason->body;
  EXPECT_EQ(JsonText(no_reason->body, "code"), "backdating_needs_reason");
  auto line_break = PostAt(Role::SUPERVISOR, two_days_ago, "&backdating_reason=a%0Ab");
  ASSERT_TRUE(line_break);
  EXPECT_EQ(line_break->status, 400) << line_break->body;
  EXPECT_EQ(Head(), head);

  auto ok = PostAt(Role::SUPERVISOR, two_days_ago,
                   "&backdating_reason=se%20abrio%20en%20papel%20sin%20sistema");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 201) << ok->body;
  auto log = Get("/v1/log?from=" + std::to_string(head + 1) + "&limit=10");
  ASSERT_TRUE(log);
  ASSERT_EQ(log->status, 200) << log->body;
  EXPECT_EQ(JsonText(log->body, "backdatingReason"), "se abrio en papel sin sistema") << log->body;
  EXPECT_NE(log->body.find(std::to_string(two_days_ago)), std::string::npos) << log->body;
}

TEST_F(RestBusinessTime, AnHourAheadOfTheServersClockIsRefused) {
  const uint64_t head = Head();
  auto ahead = PostAt(Role::PLATFORM, NowNs() + 3600LL * 1'000'000'000, "");
  ASSERT_TRUE(ahead);
  EXPECT_EQ(ahead->status, 422) << ahead->body;
  EXPECT_EQ(JsonText(ahead->body, "code"), "occurred_at_in_future");
  EXPECT_EQ(Head(), head);
}

}  // namespace
}  // namespace bitacora::testing
