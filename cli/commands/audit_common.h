// What the ledger's verbs (verify, keys, checkpoint) and the auditor's (audit …) share: their
// flags, the key files, reading a small text file, progress on stderr, hashes as text and the
// JSON of their answers (events/audit.capnp through app/answer_codec.h).
#ifndef BITACORA_CLI_COMMANDS_AUDIT_COMMON_H_
#define BITACORA_CLI_COMMANDS_AUDIT_COMMON_H_

#include <capnp/message.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "app/answer_codec.h"
#include "cli/cli_context.h"
#include "core/crypto/sha256.h"
#include "core/result.h"

namespace bitacora {

struct AuditFlags {
  uint64_t from = 0, to = 0, position = 0, size = 0, old_size = 0, new_size = 0;
  std::string origin = "cosett.bo/bitacora", out, dir, vkey_file, trusted_file;
  std::string encoding = "hex";  // of the hashes printed by prove and consistency: hex or base64
  std::string from_date, to_date;  // audit export: a period of La Paz days
  std::string day;                 // checkpoint sign --day: the La Paz day to close
  std::vector<std::string> witness_files;  // verify-bundle --witness: cosigners' verifier keys
  size_t quorum = 0;                       // verify-bundle --quorum (0: every --witness)
};

// The ledger's signing key and verifier key files under ctx.keys_dir.
std::string KeyPath(const CliContext& ctx);
std::string VkeyPath(const CliContext& ctx);

// The file's text without its trailing newlines; kNotFound "file_missing" when unreadable.
[[nodiscard]] Result<std::string> ReadText(const std::string& path);

// "\r<what> <position>" on stderr, for long verifications and exports.
void Progress(const char* what, uint64_t position);

// `hash` as lowercase hex, or as the standard base64 checkpoints use when `base64`.
std::string HashText(const Hash32& hash, bool base64);

// Prints the root of `message`, a T of events/audit.capnp, as one line of JSON on stdout.
template <typename T>
void PrintAuditJson(capnp::MallocMessageBuilder& message) {
  const std::string json = app::EncodeAnswer(capnp::toDynamic(message.getRoot<T>().asReader()));
  std::printf("%s\n", json.c_str());
}

// Registers audit prove, consistency, export and verify-bundle on `audit`
// (cli/commands/audit_proof_commands.cc). `f` lives as long as the app.
void AddAuditProofCommands(CLI::App& audit, CliContext& ctx, const std::shared_ptr<AuditFlags>& f);

// Registers witness init|serve and checkpoint witness (cli/commands/witness_commands.cc), after
// the `checkpoint` command exists on `app`.
void AddWitnessCommands(CLI::App& app, CliContext& ctx);

}  // namespace bitacora

#endif  // BITACORA_CLI_COMMANDS_AUDIT_COMMON_H_
