// What the bundle tests share: the ledger's test key and its verifier key, and reading and
// rewriting a bundle file line by line (as a tamperer would).
#ifndef BITACORA_TESTS_BUNDLE_TEST_UTIL_H_
#define BITACORA_TESTS_BUNDLE_TEST_UTIL_H_

#include <array>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/audit/keys.h"
#include "core/audit/note.h"

namespace bitacora::testing {

inline constexpr std::string_view kBundleOrigin = "cosett.bo/bitacora";

// A fixed test key; another `seed_byte` gives another key.
inline SigningKey BundleKey(uint8_t seed_byte = 42) {
  std::array<uint8_t, 32> seed{};
  seed[1] = seed_byte;
  return *SigningKey::FromSeed(seed);
}

// The verifier key of BundleKey() under kBundleOrigin.
inline std::string BundleVkey() { return *FormatVerifierKey(kBundleOrigin, BundleKey().public_key()); }

inline std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

inline void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path, std::ios::trunc);
  for (const auto& l : lines) out << l << '\n';
}

}  // namespace bitacora::testing

#endif  // BITACORA_TESTS_BUNDLE_TEST_UTIL_H_
