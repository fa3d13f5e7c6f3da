// A correction in the views, folders and history (issue #15): the client's record reads the
// corrected name, the history and the folder keep the entry as recorded and show the correction
// beside it, an as-of view before the correction still reads what was recorded then, and the views
// rebuilt from the log (a restart on a new format, a rebuild) read the same.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "app/queries.h"
#include "cli/commands/human.h"
#include "tests/projection_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using E = schema::Event;
using projections::AsOf;
using projections::Entity;
using projections::FolderEntry;

class ProjectionCorrection : public ProjectionTest {
 protected:
  // Registers client `ci` ("Juana Mamani") and corrects the name; returns the registration's
  // position.
  uint64_t RegisterAndCorrect(const std::string& ci) {
    RunNewConnection(ledger_, ci, Stage::kClient);
    auto events = ledger_.store().ReadStream(domain::ClientStream(ci), 1, Direction::kForward, 100);
    EXPECT_TRUE(events.has_value());
    uint64_t at = 0;
    for (const StoredEvent& e : *events) {
      if (e.envelope().getPayload().which() == E::CLIENT_REGISTERED) at = e.envelope().getPosition();
    }
    before_ = ledger_.HeadPosition();
    Ok(ledger_.Run(Role::SUPERVISOR, [&](C::Builder c) {
      auto p = c.initRecordCorrection();
      p.setCorrectedPosition(at);
      p.setField("fullName");
      p.setCorrectedValue("Juana Mamani Quispe");
      p.setReason("Apellido materno omitido");
    }));
    return at;
  }
  uint64_t before_ = 0;  // the head just before the correction
};

TEST_F(ProjectionCorrection, TheClientsViewReadsTheCorrectedName) {
  RegisterAndCorrect("1212121");
  auto client = Views().Client("1212121");
  ASSERT_TRUE(client.has_value()) << client.error().ToString();
  EXPECT_EQ(client->state.full_name, "Juana Mamani Quispe");
  ExpectViewsEqualFolds();  // the live views and the as-of folds agree, corrections included
}

TEST_F(ProjectionCorrection, AsOfBeforeTheCorrectionTheViewReadsWhatWasRecordedThen) {
  RegisterAndCorrect("1313131");
  auto then = projections::ClientAsOf(ledger_.store(), "1313131", AsOf::Position(before_));
  ASSERT_TRUE(then.has_value());
  EXPECT_EQ(then->state.full_name, "Juana Mamani");
  auto now = projections::ClientAsOf(ledger_.store(), "1313131", {});
  ASSERT_TRUE(now.has_value());
  EXPECT_EQ(now->state.full_name, "Juana Mamani Quispe");
}

TEST_F(ProjectionCorrection, TheHistoryKeepsTheEntryAsRecordedAndShowsTheCorrectionBesideIt) {
  const uint64_t at = RegisterAndCorrect("1414141");
  auto history = projections::History(ledger_.store(), Entity::kClient, "1414141");
  ASSERT_TRUE(history.has_value());
  const FolderEntry& last = history->back();
  EXPECT_EQ(last.event_type, E::CORRECTION_RECORDED);
  EXPECT_EQ(last.corrects, at);
  EXPECT_EQ(last.corrected_field, "fullName");
  EXPECT_EQ(last.previous_value, "Juana Mamani");
  EXPECT_EQ(last.corrected_value, "Juana Mamani Quispe");
  EXPECT_EQ(last.role, Role::SUPERVISOR);
  EXPECT_EQ(last.detail, "corrige fullName del evento " + std::to_string(at) +
                             ": «Juana Mamani» → «Juana Mamani Quispe» (motivo: Apellido materno omitido)");
  // As REST and --json send it: the registration's entry carries the correction beside it.
  auto answer = app::HistoryQuery(ledger_.store(), Entity::kClient, "1414141", "");
  ASSERT_TRUE(answer.has_value());
  const std::string json = answer->Json();
  const std::string note = R"("corrections":[{"position":)" + std::to_string(before_ + 1) +
                           R"(,"field":"fullName","previousValue":"Juana Mamani","correctedValue":"Juana Mamani Quispe")";
  EXPECT_NE(json.find(note), std::string::npos) << json;
  EXPECT_NE(json.find(R"("corrects":)" + std::to_string(at)), std::string::npos) << json;
  // As the CLI prints it on a terminal: the correction under the entry it corrects.
  const std::string text = HumanText(answer->reader());
  EXPECT_NE(text.find("corregido en #" + std::to_string(before_ + 1) +
                      ": fullName «Juana Mamani» → «Juana Mamani Quispe»"),
            std::string::npos)
      << text;
}

TEST_F(ProjectionCorrection, TheFolderShowsTheCorrectionBesideTheEntryItCorrects) {
  const uint64_t at = RegisterAndCorrect("1515151");
  auto folder = Views().Folder("1515151");
  ASSERT_TRUE(folder.has_value());
  auto it = std::find_if(folder->begin(), folder->end(),
                         [](const FolderEntry& e) { return e.event_type == E::CORRECTION_RECORDED; });
  ASSERT_NE(it, folder->end());
  EXPECT_EQ(it->corrects, at);
  EXPECT_EQ(it->corrected_value, "Juana Mamani Quispe");
  auto answer = app::FolderQuery(Views(), Entity::kClient, "1515151", "");
  ASSERT_TRUE(answer.has_value());
  EXPECT_NE(answer->Json().find(R"("corrections":[{"position":)" + std::to_string(before_ + 1)), std::string::npos)
      << answer->Json();
}

TEST_F(ProjectionCorrection, ViewsRebuiltFromTheLogReadTheCorrectionToo) {
  RegisterAndCorrect("1616161");
  ASSERT_TRUE(Views().Client("1616161").has_value());
  Status rebuilt = service_->Rebuild();
  ASSERT_TRUE(rebuilt.has_value()) << rebuilt.error().ToString();
  OpenService();  // a restart
  auto client = Views().Client("1616161");
  ASSERT_TRUE(client.has_value());
  EXPECT_EQ(client->state.full_name, "Juana Mamani Quispe");
  ExpectViewsEqualFolds();
}

}  // namespace
}  // namespace bitacora::testing
