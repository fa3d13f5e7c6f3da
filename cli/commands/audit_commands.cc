// verify, keys, checkpoint, audit: what an operator and an auditor run to trust the ledger. With
// --json each prints its answer of events/audit.capnp; the audit verbs are in
// audit_proof_commands.cc.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands/audit_common.h"
#include "core/audit/base64.h"
#include "core/audit/day_checkpoints.h"
#include "core/audit/keys.h"
#include "core/audit/ledger_checkpoints.h"
#include "core/audit/note.h"
#include "events/audit.capnp.h"

namespace bitacora {

std::string KeyPath(const CliContext& ctx) { return ctx.keys_dir + "/ledger.key"; }
std::string VkeyPath(const CliContext& ctx) { return ctx.keys_dir + "/ledger.vkey"; }

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Code::kFileMissing, "cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

void Progress(const char* what, uint64_t position) {
  std::fprintf(stderr, "\r%s %llu", what, static_cast<unsigned long long>(position));
}

std::string HashText(const Hash32& hash, bool base64) {
  return base64 ? Base64Encode(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()))
                : ToHex(hash);
}

namespace {

int Verify(CliContext& ctx, const AuditFlags& f) {
  auto store = ctx.Store();
  if (!store) return ReportError(store.error());
  auto report = (*store)->Verify(f.from, f.to, [](uint64_t p) { Progress("verified up to", p); });
  std::fprintf(stderr, "\n");
  if (!report) return ReportError(report.error());
  capnp::MallocMessageBuilder message;
  auto a = message.initRoot<schema::LedgerVerifyAnswer>();
  a.setOk(report->ok);
  a.setChecked(report->checked);
  a.setHeadHash(ToHex((*store)->GetHead().hash));
  if (report->ok && f.from <= 1) a.setRoot(ToHex(report->root));
  a.setBadPosition(report->ok ? 0 : report->first_bad_position);
  if (!report->ok) a.setProblem(report->problem);
  auto vkey = ReadText(VkeyPath(ctx));
  if (report->ok && vkey) {
    auto audit = AuditCheckpoints(**store, *vkey);
    if (!audit) return ReportError(audit.error());
    a.setCheckpointsChecked(true);
    a.setCheckpointsVerified(audit->checked);
    if (!audit->ok) {
      a.setOk(false);
      a.setBadCheckpointSize(audit->bad_size);
      a.setProblem(audit->problem);
    }
  }
  if (ctx.json) {
    PrintAuditJson<schema::LedgerVerifyAnswer>(message);
  } else if (a.getBadPosition() != 0) {
    std::printf("BROKEN at position %llu: %s\n", static_cast<unsigned long long>(a.getBadPosition()),
                a.getProblem().cStr());
  } else {
    std::printf("chain ok: %llu events, head %s\n", static_cast<unsigned long long>(a.getChecked()),
                a.getHeadHash().cStr());
    if (f.from <= 1) std::printf("tree ok: root %s\n", a.getRoot().cStr());
    if (!a.getCheckpointsChecked()) {
      std::printf("checkpoints not checked: no %s (run `bitacora keys init`)\n", VkeyPath(ctx).c_str());
    } else if (a.getBadCheckpointSize() != 0) {
      std::printf("BROKEN checkpoint at size %llu: %s\n",
                  static_cast<unsigned long long>(a.getBadCheckpointSize()), a.getProblem().cStr());
    } else {
      std::printf("checkpoints ok: %llu signed checkpoints verified\n",
                  static_cast<unsigned long long>(a.getCheckpointsVerified()));
    }
  }
  return a.getOk() ? 0 : 1;
}

// The verifier key, and the files when just written (keys init).
int PrintVerifierKey(const CliContext& ctx, const std::string& vkey, bool written) {
  capnp::MallocMessageBuilder message;
  auto a = message.initRoot<schema::VerifierKeyAnswer>();
  a.setVerifierKey(vkey);
  a.setVerifierKeyPath(VkeyPath(ctx));
  if (written) a.setSigningKeyPath(KeyPath(ctx));
  if (ctx.json) {
    PrintAuditJson<schema::VerifierKeyAnswer>(message);
  } else if (written) {
    std::printf("signing key: %s (mode 0600)\nverifier key: %s\n%s\n", KeyPath(ctx).c_str(),
                VkeyPath(ctx).c_str(), vkey.c_str());
  } else {
    std::printf("%s\n", vkey.c_str());
  }
  return 0;
}

int KeysInit(CliContext& ctx, const AuditFlags& f) {
  if (std::filesystem::exists(KeyPath(ctx))) {
    return ReportError(MakeError(Code::kKeyExists,
                                 KeyPath(ctx) + " exists: the ledger keeps the key it has"));
  }
  auto vkey_check = FormatVerifierKey(f.origin, Ed25519PublicKey{});
  if (!vkey_check) return ReportError(vkey_check.error());
  std::error_code ec;
  std::filesystem::create_directories(ctx.keys_dir, ec);
  ::chmod(ctx.keys_dir.c_str(), 0700);
  auto key = SigningKey::Generate();
  if (!key) return ReportError(key.error());
  if (auto st = key->WriteToFile(KeyPath(ctx)); !st) return ReportError(st.error());
  auto vkey = FormatVerifierKey(f.origin, key->public_key());
  if (!vkey) return ReportError(vkey.error());
  std::ofstream(VkeyPath(ctx)) << *vkey << '\n';
  return PrintVerifierKey(ctx, *vkey, true);
}

// The signed note (as it is, for people) or what it says (--json).
int PrintCheckpoint(const CliContext& ctx, const SignedCheckpoint& cp) {
  if (!ctx.json) {
    std::printf("%s", cp.note.c_str());
    return 0;
  }
  capnp::MallocMessageBuilder message;
  auto a = message.initRoot<schema::CheckpointAnswer>();
  a.setNote(cp.note);
  a.setOrigin(cp.checkpoint.origin);
  a.setSize(cp.checkpoint.size);
  a.setRoot(HashText(cp.checkpoint.root, true));
  if (cp.checkpoint.time) a.setTime(FormatCheckpointTime(*cp.checkpoint.time).value_or(""));
  a.setFresh(cp.fresh);
  if (auto days = ClosedDays(cp.checkpoint); !days.empty()) {
    auto list = a.initDays(static_cast<unsigned>(days.size()));
    for (unsigned i = 0; i < list.size(); ++i) list.set(i, days[i]);
  }
  PrintAuditJson<schema::CheckpointAnswer>(message);
  return 0;
}

int CheckpointSign(CliContext& ctx, const AuditFlags& f) {
  auto key = SigningKey::ReadFromFile(KeyPath(ctx));
  if (!key) return ReportError(key.error());
  auto vkey = ReadText(VkeyPath(ctx));
  if (!vkey) return ReportError(vkey.error());
  auto verifier = ParseVerifierKey(*vkey);
  if (!verifier) return ReportError(verifier.error());
  auto store = ctx.Store();
  if (!store) return ReportError(store.error());
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  Result<SignedCheckpoint> cp = Fail(Code::kInternal, "not signed");
  if (f.day.empty()) {
    cp = SignHeadCheckpoint(**store, *key, verifier->name, now);
  } else {
    auto day = ParseDay(f.day);
    if (!day) return ReportError(MakeError(Code::kBadDate, "--day needs a date YYYY-MM-DD: " + f.day));
    cp = SignDayCheckpoint(**store, *key, verifier->name, *day, now);
  }
  if (!cp) return ReportError(cp.error());
  if (!cp->fresh) std::fprintf(stderr, "already signed:\n");
  return PrintCheckpoint(ctx, *cp);
}

int CheckpointShow(CliContext& ctx) {
  auto vkey = ReadText(VkeyPath(ctx));
  if (!vkey) return ReportError(vkey.error());
  auto store = ctx.Store();
  if (!store) return ReportError(store.error());
  auto latest = LatestCheckpoint(**store, *vkey);
  if (!latest) return ReportError(latest.error());
  return PrintCheckpoint(ctx, *latest);
}

}  // namespace

void AddAuditCommands(CLI::App& app, CliContext& ctx) {
  auto f = std::make_shared<AuditFlags>();
  auto* verify = app.add_subcommand("verify", "recompute the hash chain, the Merkle tree and "
                                              "every checkpoint signature");
  verify->add_option("--from", f->from, "first position");
  verify->add_option("--to", f->to, "last position (default: head)");
  verify->callback([&ctx, f] { ctx.run = [&ctx, f] { return Verify(ctx, *f); }; });

  auto* keys = app.add_subcommand("keys", "the ledger's Ed25519 signing key");
  keys->require_subcommand(1);
  auto* init = keys->add_subcommand("init", "create the signing key (0600) and verifier key");
  init->add_option("--origin", f->origin, "the ledger's name in its checkpoints");
  init->callback([&ctx, f] { ctx.run = [&ctx, f] { return KeysInit(ctx, *f); }; });
  keys->add_subcommand("show", "print the verifier key to publish")->callback([&ctx] {
    ctx.run = [&ctx] {
      auto vkey = ReadText(VkeyPath(ctx));
      if (!vkey) return ReportError(vkey.error());
      return PrintVerifierKey(ctx, *vkey, false);
    };
  });

  auto* checkpoint = app.add_subcommand("checkpoint", "signed checkpoints of the log");
  checkpoint->require_subcommand(1);
  auto* sign = checkpoint->add_subcommand("sign", "sign a checkpoint of the head, or of the close of a La Paz day");
  sign->add_option("--day", f->day, "close this La Paz day (YYYY-MM-DD): the events recorded up to its midnight");
  sign->callback([&ctx, f] { ctx.run = [&ctx, f] { return CheckpointSign(ctx, *f); }; });
  checkpoint->add_subcommand("show", "print the latest signed checkpoint")->callback([&ctx] {
    ctx.run = [&ctx] { return CheckpointShow(ctx); };
  });

  auto* audit = app.add_subcommand("audit", "proofs and bundles for auditors");
  audit->require_subcommand(1);
  AddAuditProofCommands(*audit, ctx, f);
  AddWitnessCommands(app, ctx);
}

}  // namespace bitacora
