// docs/events.md's catalogue agrees with events/events.capnp (issue #15): one row per member of
// the Event union, with its ordinal, and the fields column naming exactly the fields of its
// payload struct, in the schema's order ("—" for none). Rows once showed a neighbour's fields
// (clientConfirmedRequest, caseReceivedByOdeco, orderSentBack, requirementsOrderProcessed);
// read by capnp reflection, the schema is the judge.
#include <capnp/schema.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "events/events.capnp.h"

namespace bitacora::testing {
namespace {

struct Row {
  unsigned ordinal = 0;
  std::vector<std::string> fields;  // the backticked names of the fields column
};

// The catalogue's rows by event name: "| # | `event` | stream | emitted by | fields | note |".
std::map<std::string, Row> CatalogueRows(const std::string& text) {
  static const std::regex kRow(R"(^\| (\d+) \| `(\w+)` \| [^|]* \| [^|]* \| ([^|]*) \|)");
  static const std::regex kName("`(\\w+)`");
  std::map<std::string, Row> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, kRow)) continue;
    Row row;
    row.ordinal = static_cast<unsigned>(std::stoul(m[1].str()));
    const std::string fields = m[3].str();
    for (std::sregex_iterator it(fields.begin(), fields.end(), kName), end; it != end; ++it) {
      row.fields.push_back((*it)[1].str());
    }
    EXPECT_TRUE(rows.emplace(m[2].str(), row).second) << "two rows for " << m[2].str();
  }
  return rows;
}

std::string ReadDoc() {
  std::ifstream in(std::filesystem::path(BITACORA_SOURCE_DIR) / "docs/events.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(EventsDoc, EveryEventHasItsRowWithItsOrdinalAndExactlyItsFields) {
  const std::map<std::string, Row> rows = CatalogueRows(ReadDoc());
  ASSERT_FALSE(rows.empty()) << "no catalogue rows found in docs/events.md";
  auto members = capnp::Schema::from<schema::Event>().getUnionFields();
  for (auto member : members) {
    const std::string name = member.getProto().getName().cStr();
    auto row = rows.find(name);
    ASSERT_NE(row, rows.end()) << "docs/events.md has no row for " << name;
    EXPECT_EQ(row->second.ordinal, member.getProto().getOrdinal().getExplicit()) << name;
    std::vector<std::string> fields;
    for (auto f : member.getType().asStruct().getFields()) {
      fields.emplace_back(f.getProto().getName().cStr());
    }
    EXPECT_EQ(row->second.fields, fields) << "the fields column of " << name;
  }
  EXPECT_EQ(rows.size(), members.size()) << "docs/events.md has a row for no event";
}

TEST(EventsDoc, ARowShowingAnotherEventsFieldsIsCaught) {
  // The row as it stood before: clientConfirmedRequest with caseClosed's fields.
  const auto rows = CatalogueRows(
      "| 22 | `clientConfirmedRequest` | case | recordClientConfirmation (platform) | `outcome`, "
      "`sentToOdeco`, `reasons` |  |\n");
  ASSERT_EQ(rows.size(), 1u);
  auto member = capnp::Schema::from<schema::Event>().getFieldByName("clientConfirmedRequest");
  EXPECT_NE(rows.at("clientConfirmedRequest").fields.size(),
            member.getType().asStruct().getFields().size());
}

}  // namespace
}  // namespace bitacora::testing
