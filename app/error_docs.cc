#include "app/error_docs.h"

#include "core/errors/error_codes.h"

namespace bitacora::app {

std::string ErrorTableMarkdown() {
  std::string out =
      "# Error codes\n"
      "\n"
      "Generated from the one table, `core/errors/error_codes.cc`, by `bitacora errors > "
      "docs/errors.md`;\n"
      "a test fails when the two differ. Every error Bitácora gives carries one of these codes: "
      "the REST\n"
      "API answers `{\"error\": {\"kind\", \"code\", \"message\", \"retryable\"}}` with the row's "
      "HTTP status,\n"
      "the CLI prints `bitacora: code: message` and exits with the row's exit code, and the HTTP "
      "client\n"
      "(`--server`) reads `kind` and `code` back from the body. `message` is for people (Spanish "
      "for the\n"
      "desk's refusals); programs act on `code`. A refused command appends nothing.\n"
      "\n"
      "Retry: `yes` when the same request may succeed later unchanged (a conflict after retries, a "
      "busy\n"
      "or closing store, a full disk once space is freed).\n"
      "\n"
      "| code | kind | HTTP | exit | retry | meaning |\n"
      "| --- | --- | --- | --- | --- | --- |\n";
  for (const ErrorCodeInfo& row : ErrorCodes()) {
    out += "| `" + std::string(row.code) + "` | " + std::string(ErrorKindName(row.kind)) + " | " +
           std::to_string(row.http_status) + " | " + std::to_string(row.exit_code) + " | " +
           (row.retryable ? "yes" : "no") + " | " + std::string(row.meaning) + " |\n";
  }
  return out;
}

}  // namespace bitacora::app
