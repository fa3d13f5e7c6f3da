// verify, keys, checkpoint, audit: what an operator and an auditor run to trust the ledger.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli_context.h"
#include "core/audit/bundle.h"
#include "core/audit/keys.h"
#include "core/audit/ledger_checkpoints.h"
#include "core/audit/note.h"
#include "core/merkle/merkle.h"
#include "core/merkle/verify.h"

namespace bitacora {
namespace {

struct AuditFlags {
  uint64_t from = 0, to = 0, position = 0, size = 0, old_size = 0, new_size = 0;
  std::string origin = "cosett.bo/bitacora", out, dir, vkey_file, trusted_file;
};

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Code::kFileMissing, "cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

std::string KeyPath(const CliContext& ctx) { return ctx.keys_dir + "/ledger.key"; }
std::string VkeyPath(const CliContext& ctx) { return ctx.keys_dir + "/ledger.vkey"; }

void Progress(const char* what, uint64_t position) {
  std::fprintf(stderr, "\r%s %llu", what, static_cast<unsigned long long>(position));
}

int Verify(CliContext& ctx, const AuditFlags& f) {
  auto store = ctx.Store();
  if (!store) return ReportError(store.error());
  auto report = (*store)->Verify(f.from, f.to, [](uint64_t p) { Progress("verified up to", p); });
  std::fprintf(stderr, "\n");
  if (!report) return ReportError(report.error());
  if (!report->ok) {
    std::printf("BROKEN at position %llu: %s\n",
                static_cast<unsigned long long>(report->first_bad_position),
                report->problem.c_str());
    return 1;
  }
  std::printf("chain ok: %llu events, head %s\n", static_cast<unsigned long long>(report->checked),
              ToHex((*store)->GetHead().hash).c_str());
  if (f.from <= 1) std::printf("tree ok: root %s\n", ToHex(report->root).c_str());
  auto vkey = ReadText(VkeyPath(ctx));
  if (!vkey) {
    std::printf("checkpoints not checked: no %s (run `bitacora keys init`)\n",
                VkeyPath(ctx).c_str());
    return 0;
  }
  auto audit = AuditCheckpoints(**store, *vkey);
  if (!audit) return ReportError(audit.error());
  if (!audit->ok) {
    std::printf("BROKEN checkpoint at size %llu: %s\n",
                static_cast<unsigned long long>(audit->bad_size), audit->problem.c_str());
    return 1;
  }
  std::printf("checkpoints ok: %zu signed checkpoints verified\n", audit->checked);
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
  std::printf("signing key: %s (mode 0600)\nverifier key: %s\n%s\n", KeyPath(ctx).c_str(),
              VkeyPath(ctx).c_str(), vkey->c_str());
  return 0;
}

int CheckpointSign(CliContext& ctx) {
  auto key = SigningKey::ReadFromFile(KeyPath(ctx));
  if (!key) return ReportError(key.error());
  auto vkey = ReadText(VkeyPath(ctx));
  if (!vkey) return ReportError(vkey.error());
  auto verifier = ParseVerifierKey(*vkey);
  if (!verifier) return ReportError(verifier.error());
  auto store = ctx.Store();
  if (!store) return ReportError(store.error());
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto cp = SignHeadCheckpoint(**store, *key, verifier->name, now);
  if (!cp) return ReportError(cp.error());
  if (!cp->fresh) std::fprintf(stderr, "nothing new since the last checkpoint:\n");
  std::printf("%s", cp->note.c_str());
  return 0;
}

int AuditProve(CliContext& ctx, const AuditFlags& f) {
  auto store = ctx.Store();
  if (!store) return ReportError(store.error());
  const uint64_t size = f.size != 0 ? f.size : (*store)->GetHead().position;
  auto proof = (*store)->InclusionProof(f.position, size);
  if (!proof) return ReportError(proof.error());
  auto event = (*store)->ReadLog(f.position, 1);
  if (!event) return ReportError(event.error());
  auto root = (*store)->MerkleRoot(size);
  if (!root) return ReportError(root.error());
  Hash32 leaf = LeafHash((*event)[0].bytes());
  auto ok = VerifyInclusion(leaf, f.position - 1, size, *proof, *root);
  std::printf("position %llu in tree of size %llu\nleaf %s\nroot %s\nproof:\n",
              static_cast<unsigned long long>(f.position), static_cast<unsigned long long>(size),
              ToHex(leaf).c_str(), ToHex(*root).c_str());
  for (const Hash32& h : *proof) std::printf("  %s\n", ToHex(h).c_str());
  std::printf("%s\n", ok ? "verified" : ok.error().ToString().c_str());
  return ok ? 0 : 1;
}

int AuditConsistency(CliContext& ctx, const AuditFlags& f) {
  auto store = ctx.Store();
  if (!store) return ReportError(store.error());
  auto proof = (*store)->ConsistencyProof(f.old_size, f.new_size);
  if (!proof) return ReportError(proof.error());
  auto old_root = (*store)->MerkleRoot(f.old_size);
  auto new_root = (*store)->MerkleRoot(f.new_size);
  if (!old_root || !new_root) return ReportError(old_root ? new_root.error() : old_root.error());
  auto ok = VerifyConsistency(f.old_size, f.new_size, *old_root, *new_root, *proof);
  std::printf("old size %llu root %s\nnew size %llu root %s\nproof:\n",
              static_cast<unsigned long long>(f.old_size), ToHex(*old_root).c_str(),
              static_cast<unsigned long long>(f.new_size), ToHex(*new_root).c_str());
  for (const Hash32& h : *proof) std::printf("  %s\n", ToHex(h).c_str());
  std::printf("%s\n", ok ? "verified" : ok.error().ToString().c_str());
  return ok ? 0 : 1;
}

int AuditExport(CliContext& ctx, const AuditFlags& f) {
  auto vkey = ReadText(VkeyPath(ctx));
  if (!vkey) return ReportError(vkey.error());
  auto store = ctx.Store();
  if (!store) return ReportError(store.error());
  auto summary = ExportBundle(**store, *vkey, f.from, f.to, f.out,
                              [](uint64_t p) { Progress("exported up to", p); });
  std::fprintf(stderr, "\n");
  if (!summary) return ReportError(summary.error());
  std::printf("bundle %s: events %llu..%llu, proofs to the checkpoint of size %llu, %llu earlier "
              "checkpoints\n",
              f.out.c_str(), static_cast<unsigned long long>(summary->from),
              static_cast<unsigned long long>(summary->to),
              static_cast<unsigned long long>(summary->checkpoint_size),
              static_cast<unsigned long long>(summary->checkpoints));
  return 0;
}

int AuditVerifyBundle(const AuditFlags& f) {
  std::optional<std::string> vkey, trusted;
  if (!f.vkey_file.empty()) {
    auto v = ReadText(f.vkey_file);
    if (!v) return ReportError(v.error());
    vkey = *v;
  }
  if (!f.trusted_file.empty()) {
    auto t = ReadText(f.trusted_file);
    if (!t) return ReportError(t.error());
    trusted = *t + "\n";
  }
  auto report = VerifyBundle(f.dir, vkey, trusted, [](uint64_t p) { Progress("verified", p); });
  std::fprintf(stderr, "\n");
  if (!report) return ReportError(report.error());
  if (!report->ok) {
    if (report->bad_position != 0) {
      std::printf("BROKEN at position %llu: %s\n",
                  static_cast<unsigned long long>(report->bad_position), report->problem.c_str());
    } else {
      std::printf("BROKEN: %s\n", report->problem.c_str());
    }
    return 1;
  }
  std::printf("bundle ok: %llu events, %llu earlier checkpoints, signed tree of size %llu root %s\n",
              static_cast<unsigned long long>(report->events),
              static_cast<unsigned long long>(report->checkpoints),
              static_cast<unsigned long long>(report->checkpoint.size),
              ToHex(report->checkpoint.root).c_str());
  if (!vkey) std::printf("note: pass --vkey with the ledger's published key to pin it\n");
  return 0;
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
      std::printf("%s\n", vkey->c_str());
      return 0;
    };
  });

  auto* checkpoint = app.add_subcommand("checkpoint", "signed checkpoints of the log");
  checkpoint->require_subcommand(1);
  checkpoint->add_subcommand("sign", "sign a checkpoint of the head")->callback([&ctx] {
    ctx.run = [&ctx] { return CheckpointSign(ctx); };
  });
  checkpoint->add_subcommand("show", "print the latest signed checkpoint")->callback([&ctx] {
    ctx.run = [&ctx] {
      auto vkey = ReadText(VkeyPath(ctx));
      if (!vkey) return ReportError(vkey.error());
      auto store = ctx.Store();
      if (!store) return ReportError(store.error());
      auto latest = LatestCheckpoint(**store, *vkey);
      if (!latest) return ReportError(latest.error());
      std::printf("%s", latest->note.c_str());
      return 0;
    };
  });

  auto* audit = app.add_subcommand("audit", "proofs and bundles for auditors");
  audit->require_subcommand(1);
  auto* prove = audit->add_subcommand("prove", "inclusion proof of an event");
  prove->add_option("position", f->position, "the event's position")->required();
  prove->add_option("--size", f->size, "tree size (default: head)");
  prove->callback([&ctx, f] { ctx.run = [&ctx, f] { return AuditProve(ctx, *f); }; });
  auto* consistency = audit->add_subcommand("consistency", "consistency proof between sizes");
  consistency->add_option("old", f->old_size, "the older tree size")->required();
  consistency->add_option("new", f->new_size, "the newer tree size")->required();
  consistency->callback([&ctx, f] { ctx.run = [&ctx, f] { return AuditConsistency(ctx, *f); }; });
  auto* exp = audit->add_subcommand("export", "write an audit bundle folder");
  exp->add_option("--from", f->from, "first position (default 1)");
  exp->add_option("--to", f->to, "last position (default: the latest checkpoint's size)");
  exp->add_option("--out", f->out, "folder to create")->required();
  exp->callback([&ctx, f] { ctx.run = [&ctx, f] { return AuditExport(ctx, *f); }; });
  auto* vb = audit->add_subcommand("verify-bundle", "verify a bundle folder, with no database");
  vb->add_option("dir", f->dir, "the bundle folder")->required();
  vb->add_option("--vkey", f->vkey_file, "file with the ledger's published verifier key");
  vb->add_option("--trusted", f->trusted_file, "a checkpoint note seen before, to detect "
                                               "rollback or fork");
  vb->callback([f, &ctx] { ctx.run = [f] { return AuditVerifyBundle(*f); }; });
}

}  // namespace bitacora
