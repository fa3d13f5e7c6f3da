// The one error table (core/errors/error_codes.h): documented, consistent, and the only way the
// product makes an Error.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "app/error_docs.h"
#include "core/result.h"

namespace bitacora {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ErrorTable, DocsErrorsMdIsTheTableAsGenerated) {
  const std::string docs = ReadFile(std::filesystem::path(BITACORA_SOURCE_DIR) / "docs/errors.md");
  EXPECT_EQ(docs, app::ErrorTableMarkdown())
      << "docs/errors.md differs from the table: run `build/cli/bitacora errors > docs/errors.md`";
}

TEST(ErrorTable, EveryCodeIsUniqueDescribedAndMappedByItsKind) {
  std::set<std::string_view> seen;
  for (const ErrorCodeInfo& row : ErrorCodes()) {
    EXPECT_TRUE(seen.insert(row.code).second) << row.code;
    EXPECT_FALSE(row.meaning.empty()) << row.code;
    EXPECT_EQ(row.meaning.find("TODO"), std::string_view::npos) << row.code;
    EXPECT_TRUE(std::regex_match(std::string(row.code), std::regex("[a-z][a-z0-9_]*"))) << row.code;
    EXPECT_EQ(row.exit_code, ExitCodeOf(row.kind)) << row.code;
    EXPECT_EQ(&Describe(row.id), &row) << row.code;
    EXPECT_EQ(FindErrorCode(row.code), &row) << row.code;
    // A row may name its own status (507, 413, ...) but never one of another class.
    EXPECT_EQ(row.http_status / 100, HttpStatusOf(row.kind) / 100) << row.code;
  }
}

TEST(ErrorTable, AnErrorMadeFromACodeCarriesItsRow) {
  const Error e = MakeError(Code::kDiskSpaceLow, "x");
  EXPECT_EQ(e.code, "disk_space_low");
  EXPECT_EQ(e.kind, ErrorKind::kUnavailable);
  EXPECT_TRUE(e.Is(Code::kDiskSpaceLow));
  EXPECT_FALSE(e.Is(Code::kDiskFull));
  EXPECT_EQ(Describe(Code::kDiskSpaceLow).http_status, 507);
  EXPECT_TRUE(Describe(Code::kWrongExpectedVersion).retryable);
  EXPECT_FALSE(Describe(Code::kDocumentsIncomplete).retryable);
}

TEST(ErrorTable, AStatusWithoutABodyStandsForItsRowsKind) {
  EXPECT_EQ(KindOfHttpStatus(400), ErrorKind::kInvalidArgument);
  EXPECT_EQ(KindOfHttpStatus(401), ErrorKind::kUnauthenticated);
  EXPECT_EQ(KindOfHttpStatus(403), ErrorKind::kPermissionDenied);
  EXPECT_EQ(KindOfHttpStatus(404), ErrorKind::kNotFound);
  EXPECT_EQ(KindOfHttpStatus(409), ErrorKind::kConflict);
  EXPECT_EQ(KindOfHttpStatus(413), ErrorKind::kInvalidArgument);
  EXPECT_EQ(KindOfHttpStatus(415), ErrorKind::kInvalidArgument);
  EXPECT_EQ(KindOfHttpStatus(422), ErrorKind::kRefused);
  EXPECT_EQ(KindOfHttpStatus(503), ErrorKind::kUnavailable);
  EXPECT_EQ(KindOfHttpStatus(507), ErrorKind::kUnavailable);
  EXPECT_EQ(KindOfHttpStatus(500), ErrorKind::kInternal);  // corruption, I/O and bugs share it
  EXPECT_EQ(KindOfHttpStatus(599), ErrorKind::kInternal);
}

TEST(ErrorTable, KindNamesRoundTrip) {
  for (int k = 0; k <= static_cast<int>(ErrorKind::kInternal); ++k) {
    const auto kind = static_cast<ErrorKind>(k);
    EXPECT_EQ(ErrorKindFromName(ErrorKindName(kind)), kind);
  }
  EXPECT_EQ(ErrorKindFromName("no_such_kind"), ErrorKind::kInternal);
}

// No product code builds an Error by hand or compares a code as a string: every error goes
// through the table (Fail(Code, ...), MakeError, Error::Is).
TEST(ErrorTable, NoProductCodeMakesAnErrorOutsideTheTable) {
  const std::regex by_hand(
      R"re(Error\s*\{\s*ErrorKind::|Fail\(\s*ErrorKind::|\bcode\s*[!=]=\s*")re");
  const std::filesystem::path root(BITACORA_SOURCE_DIR);
  for (const char* dir : {"core", "projections", "app", "rest", "cli"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
      const auto ext = entry.path().extension();
      if (ext != ".cc" && ext != ".h") continue;
      const std::string text = ReadFile(entry.path());
      std::smatch m;
      EXPECT_FALSE(std::regex_search(text, m, by_hand))
          << entry.path() << ": " << m.str() << " (use Fail(Code::k..., message) or Error::Is)";
    }
  }
}

}  // namespace
}  // namespace bitacora
