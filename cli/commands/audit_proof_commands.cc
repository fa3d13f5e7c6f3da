// audit prove, consistency, export and verify-bundle: what an auditor runs, for people or (with
// --json) for programs. Each prints its answer of events/audit.capnp either way.
#include <cstdio>
#include <optional>

#include "cli/commands/audit_common.h"
#include "core/audit/bundle.h"
#include "core/audit/cosignature.h"
#include "core/audit/keys.h"
#include "core/merkle/merkle.h"
#include "core/merkle/verify.h"
#include "events/audit.capnp.h"

namespace bitacora {
namespace {

void SetProof(capnp::List<capnp::Text>::Builder out, const std::vector<Hash32>& proof, bool base64) {
  for (size_t i = 0; i < proof.size(); ++i) out.set(static_cast<unsigned>(i), HashText(proof[i], base64));
}

void PrintProof(capnp::List<capnp::Text>::Reader proof, bool verified, capnp::Text::Reader problem) {
  std::printf("proof:\n");
  for (auto h : proof) std::printf("  %s\n", h.cStr());
  std::printf("%s\n", verified ? "verified" : problem.cStr());
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
  const Hash32 leaf = LeafHash((*event)[0].bytes());
  const Status ok = VerifyInclusion(leaf, f.position - 1, size, *proof, *root);
  const bool base64 = f.encoding == "base64";
  capnp::MallocMessageBuilder message;
  auto a = message.initRoot<schema::InclusionAnswer>();
  a.setPosition(f.position);
  a.setTreeSize(size);
  a.setEncoding(f.encoding);
  a.setLeafHash(HashText(leaf, base64));
  a.setRoot(HashText(*root, base64));
  SetProof(a.initProof(static_cast<unsigned>(proof->size())), *proof, base64);
  a.setVerified(ok.has_value());
  if (!ok) a.setProblem(ok.error().ToString());
  if (ctx.json) {
    PrintAuditJson<schema::InclusionAnswer>(message);
  } else {
    std::printf("position %llu in tree of size %llu\nleaf %s\nroot %s\n",
                static_cast<unsigned long long>(f.position), static_cast<unsigned long long>(size),
                a.getLeafHash().cStr(), a.getRoot().cStr());
    PrintProof(a.getProof(), a.getVerified(), a.getProblem());
  }
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
  const Status ok = VerifyConsistency(f.old_size, f.new_size, *old_root, *new_root, *proof);
  const bool base64 = f.encoding == "base64";
  capnp::MallocMessageBuilder message;
  auto a = message.initRoot<schema::ConsistencyAnswer>();
  a.setOldSize(f.old_size);
  a.setNewSize(f.new_size);
  a.setEncoding(f.encoding);
  a.setOldRoot(HashText(*old_root, base64));
  a.setNewRoot(HashText(*new_root, base64));
  SetProof(a.initProof(static_cast<unsigned>(proof->size())), *proof, base64);
  a.setVerified(ok.has_value());
  if (!ok) a.setProblem(ok.error().ToString());
  if (ctx.json) {
    PrintAuditJson<schema::ConsistencyAnswer>(message);
  } else {
    std::printf("old size %llu root %s\nnew size %llu root %s\n",
                static_cast<unsigned long long>(f.old_size), a.getOldRoot().cStr(),
                static_cast<unsigned long long>(f.new_size), a.getNewRoot().cStr());
    PrintProof(a.getProof(), a.getVerified(), a.getProblem());
  }
  return ok ? 0 : 1;
}

int AuditExport(CliContext& ctx, const AuditFlags& f) {
  auto vkey = ReadText(VkeyPath(ctx));
  if (!vkey) return ReportError(vkey.error());
  auto key = SigningKey::ReadFromFile(KeyPath(ctx));  // signs the bundle's manifest
  if (!key) return ReportError(key.error());
  auto store = ctx.Store();
  if (!store) return ReportError(store.error());
  if (f.from_date.empty() != f.to_date.empty() || (!f.from_date.empty() && (f.from != 0 || f.to != 0))) {
    return ReportError(MakeError(Code::kBadDate, "a period needs both --from-date and --to-date, and no --from/--to"));
  }
  const auto progress = [](uint64_t p) { Progress("exported up to", p); };
  auto summary = f.from_date.empty()
                     ? ExportBundle(**store, *vkey, *key, f.from, f.to, f.out, progress)
                     : ExportPeriod(**store, *vkey, *key, f.from_date, f.to_date, f.out, progress);
  std::fprintf(stderr, "\n");
  if (!summary) return ReportError(summary.error());
  capnp::MallocMessageBuilder message;
  auto a = message.initRoot<schema::ExportAnswer>();
  a.setFolder(f.out);
  a.setFrom(summary->from);
  a.setTo(summary->to);
  a.setCheckpointSize(summary->checkpoint_size);
  a.setCheckpoints(summary->checkpoints);
  if (!summary->from_date.empty()) {
    a.setFromDate(summary->from_date);
    a.setToDate(summary->to_date);
  }
  if (ctx.json) {
    PrintAuditJson<schema::ExportAnswer>(message);
    return 0;
  }
  if (!summary->from_date.empty()) {
    std::printf("period %s..%s (La Paz days), closed by signed day checkpoints\n",
                summary->from_date.c_str(), summary->to_date.c_str());
  }
  std::printf("bundle %s: events %llu..%llu, proofs to the checkpoint of size %llu, %llu earlier "
              "checkpoints\n",
              f.out.c_str(), static_cast<unsigned long long>(a.getFrom()),
              static_cast<unsigned long long>(a.getTo()),
              static_cast<unsigned long long>(a.getCheckpointSize()),
              static_cast<unsigned long long>(a.getCheckpoints()));
  return 0;
}

int AuditVerifyBundle(const CliContext& ctx, const AuditFlags& f) {
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
  std::vector<CosignerKey> witnesses;
  for (const std::string& file : f.witness_files) {
    auto text = ReadText(file);
    if (!text) return ReportError(text.error());
    auto key = ParseCosignerKey(*text);
    if (!key) return ReportError(key.error());
    witnesses.push_back(*key);
  }
  const size_t quorum = f.quorum == 0 ? witnesses.size() : f.quorum;
  if (quorum > witnesses.size()) {
    return ReportError(MakeError(Code::kValueOutOfRange, "--quorum is larger than the --witness keys given"));
  }
  auto report = VerifyBundle(f.dir, vkey, trusted, [](uint64_t p) { Progress("verified", p); });
  std::fprintf(stderr, "\n");
  if (!report) return ReportError(report.error());
  size_t cosigned = 0;
  if (report->ok && !witnesses.empty()) {
    auto note = ReadText(f.dir + "/checkpoint.note");
    auto count = note ? CountCosignatures(*note + "\n", witnesses) : Result<size_t>(Fail(note.error()));
    if (!count) {
      report->ok = false;
      report->problem = "checkpoint.note: " + count.error().ToString();
    } else if ((cosigned = *count) < quorum) {
      report->ok = false;
      report->problem = std::to_string(cosigned) + " of the " + std::to_string(witnesses.size()) +
                        " witnesses cosigned the bundle's checkpoint; the quorum is " + std::to_string(quorum) +
                        ": nothing shows that another party saw this log and no fork of it";
    }
  }
  capnp::MallocMessageBuilder message;
  auto a = message.initRoot<schema::BundleVerifyAnswer>();
  a.setOk(report->ok);
  a.setEvents(report->events);
  a.setCheckpoints(report->checkpoints);
  a.setBadPosition(report->bad_position);
  if (!report->ok) a.setProblem(report->problem);
  a.setKeyPinned(vkey.has_value());
  a.setFirst(report->first);
  a.setLast(report->last);
  a.setWitnesses(cosigned);
  if (!report->from_date.empty()) {
    a.setFromDate(report->from_date);
    a.setToDate(report->to_date);
  }
  if (report->ok) {
    a.setCheckpointSize(report->checkpoint.size);
    a.setCheckpointRoot(ToHex(report->checkpoint.root));
  }
  if (ctx.json) {
    PrintAuditJson<schema::BundleVerifyAnswer>(message);
  } else if (!report->ok && report->bad_position != 0) {
    std::printf("BROKEN at position %llu: %s\n", static_cast<unsigned long long>(report->bad_position),
                report->problem.c_str());
  } else if (!report->ok) {
    std::printf("BROKEN: %s\n", report->problem.c_str());
  } else {
    std::printf("bundle ok: events %llu..%llu (%llu), as its signed manifest states, %llu earlier "
                "checkpoints, signed tree of size %llu root %s\n",
                static_cast<unsigned long long>(report->first), static_cast<unsigned long long>(report->last),
                static_cast<unsigned long long>(report->events),
                static_cast<unsigned long long>(report->checkpoints),
                static_cast<unsigned long long>(report->checkpoint.size),
                ToHex(report->checkpoint.root).c_str());
    if (!report->from_date.empty()) {
      std::printf("period %s..%s complete: every event recorded in those La Paz days, no more, no less\n",
                  report->from_date.c_str(), report->to_date.c_str());
    }
    if (!witnesses.empty()) {
      std::printf("witnessed: %zu of %zu witnesses cosigned the checkpoint (quorum %zu)\n", cosigned,
                  witnesses.size(), quorum);
    }
    if (!vkey) std::printf("note: pass --vkey with the ledger's published key to pin it\n");
  }
  return report->ok ? 0 : 1;
}

}  // namespace

void AddAuditProofCommands(CLI::App& audit, CliContext& ctx, const std::shared_ptr<AuditFlags>& f) {
  const auto encoding = [&f](CLI::App* cmd) {
    cmd->add_option("--encoding", f->encoding, "hashes in hex (default) or base64, as checkpoints")
        ->check(CLI::IsMember({"hex", "base64"}));
  };
  auto* prove = audit.add_subcommand("prove", "inclusion proof of an event");
  prove->add_option("position", f->position, "the event's position")->required();
  prove->add_option("--size", f->size, "tree size (default: head)");
  encoding(prove);
  prove->callback([&ctx, f] { ctx.run = [&ctx, f] { return AuditProve(ctx, *f); }; });
  auto* consistency = audit.add_subcommand("consistency", "consistency proof between sizes");
  consistency->add_option("old", f->old_size, "the older tree size")->required();
  consistency->add_option("new", f->new_size, "the newer tree size")->required();
  encoding(consistency);
  consistency->callback([&ctx, f] { ctx.run = [&ctx, f] { return AuditConsistency(ctx, *f); }; });
  auto* exp = audit.add_subcommand("export", "write an audit bundle folder");
  exp->add_option("--from", f->from, "first position (default 1)");
  exp->add_option("--to", f->to, "last position (default: the latest checkpoint's size)");
  exp->add_option("--from-date", f->from_date, "first La Paz day of a period, YYYY-MM-DD (with --to-date)");
  exp->add_option("--to-date", f->to_date, "last La Paz day of the period, YYYY-MM-DD");
  exp->add_option("--out", f->out, "folder to create")->required();
  exp->callback([&ctx, f] { ctx.run = [&ctx, f] { return AuditExport(ctx, *f); }; });
  auto* vb = audit.add_subcommand("verify-bundle", "verify a bundle folder, with no database");
  vb->add_option("dir", f->dir, "the bundle folder")->required();
  vb->add_option("--vkey", f->vkey_file, "file with the ledger's published verifier key");
  vb->add_option("--trusted", f->trusted_file, "a checkpoint note seen before, to detect "
                                               "rollback or fork");
  vb->add_option("--witness", f->witness_files, "file with a witness's verifier key (repeatable)");
  vb->add_option("--quorum", f->quorum, "how many of the --witness keys must have cosigned (default: all)");
  vb->callback([&ctx, f] { ctx.run = [&ctx, f] { return AuditVerifyBundle(ctx, *f); }; });
}

}  // namespace bitacora
