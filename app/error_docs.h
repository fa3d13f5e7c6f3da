// The one error table (core/errors/error_codes.h) as people read it: docs/errors.md is this
// function's output (`bitacora errors > docs/errors.md`), and a test keeps the two equal.
#ifndef BITACORA_APP_ERROR_DOCS_H_
#define BITACORA_APP_ERROR_DOCS_H_

#include <string>

namespace bitacora::app {

// docs/errors.md: a heading, how to read the table, then one row per code in the table's order
// (code, kind, HTTP status, CLI exit code, retry, meaning). Thread-safe.
std::string ErrorTableMarkdown();

}  // namespace bitacora::app

#endif  // BITACORA_APP_ERROR_DOCS_H_
