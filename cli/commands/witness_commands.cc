// bitacora witness init|serve (a witness's own commands, run by the regulator, the council or
// ODECO on their machine) and bitacora checkpoint witness (the ledger asks a witness to cosign its
// latest checkpoint). Protocol and files: core/audit/witness.h, docs/audit.md §7b.
#include <signal.h>

#include <cstdio>
#include <filesystem>

#include "cli/commands/audit_common.h"
#include "core/audit/cosignature.h"
#include "core/audit/witness.h"
#include "rest/witness_http.h"

namespace bitacora {
namespace {

struct WitnessFlags {
  std::string name, keys = "bitacora-witness", state = "bitacora-witness/state", listen = "127.0.0.1:8090";
  std::vector<std::string> log_key_files;
  std::string url, witness_key_file;
};

std::string WitnessKeyPath(const WitnessFlags& f) { return f.keys + "/witness.key"; }
std::string WitnessVkeyPath(const WitnessFlags& f) { return f.keys + "/witness.vkey"; }

int WitnessInit(const WitnessFlags& f) {
  std::error_code ec;
  std::filesystem::create_directories(f.keys, ec);
  std::filesystem::permissions(f.keys, std::filesystem::perms::owner_all, ec);
  auto key = SigningKey::Generate();
  if (!key) return ReportError(key.error());
  auto vkey = FormatCosignerKey(f.name, key->public_key());
  if (!vkey) return ReportError(vkey.error());
  if (Status s = key->WriteToFile(WitnessKeyPath(f)); !s) return ReportError(s.error());
  FILE* out = std::fopen(WitnessVkeyPath(f).c_str(), "w");
  if (out == nullptr) return ReportError(MakeError(Code::kWriteFailed, "cannot write " + WitnessVkeyPath(f)));
  std::fprintf(out, "%s\n", vkey->c_str());
  std::fclose(out);
  std::printf("%s\n", vkey->c_str());
  return 0;
}

int WitnessServe(const WitnessFlags& f) {
  auto key = SigningKey::ReadFromFile(WitnessKeyPath(f));
  if (!key) return ReportError(key.error());
  auto vkey = ReadText(WitnessVkeyPath(f));
  if (!vkey) return ReportError(vkey.error());
  auto me = ParseCosignerKey(*vkey);
  if (!me) return ReportError(me.error());
  WitnessOptions options{me->name, f.state, {}};
  for (const std::string& file : f.log_key_files) {
    auto log = ReadText(file);
    if (!log) return ReportError(log.error());
    options.log_keys.push_back(*log);
  }
  auto witness = Witness::Open(options, std::move(*key));
  if (!witness) return ReportError(witness.error());
  const size_t colon = f.listen.rfind(':');
  if (colon == std::string::npos) return ReportError(MakeError(Code::kBadServerUrl, "--listen needs host:port"));
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  auto server = shim::WitnessServer::Start(**witness, f.listen.substr(0, colon), std::atoi(f.listen.c_str() + colon + 1));
  if (!server) return ReportError(server.error());
  std::fprintf(stderr, "witness %s listening on %s:%d (%zu logs)\n", me->name.c_str(),
               f.listen.substr(0, colon).c_str(), (*server)->port(), options.log_keys.size());
  int signal = 0;
  sigwait(&signals, &signal);
  (*server)->Stop();
  return 0;
}

int CheckpointWitness(CliContext& ctx, const WitnessFlags& f) {
  auto vkey = ReadText(VkeyPath(ctx));
  if (!vkey) return ReportError(vkey.error());
  auto witness_vkey = ReadText(f.witness_key_file);
  if (!witness_vkey) return ReportError(witness_vkey.error());
  auto witness = ParseCosignerKey(*witness_vkey);
  if (!witness) return ReportError(witness.error());
  auto store = ctx.Store();
  if (!store) return ReportError(store.error());
  auto cosigned = shim::WitnessLatest(**store, *vkey, f.url, *witness);
  if (!cosigned) return ReportError(cosigned.error());
  std::printf("%s", cosigned->note.c_str());
  return 0;
}

}  // namespace

void AddWitnessCommands(CLI::App& app, CliContext& ctx) {
  auto f = std::make_shared<WitnessFlags>();
  auto* witness = app.add_subcommand("witness", "run a witness that cosigns ledgers' checkpoints (C2SP tlog-witness)");
  witness->require_subcommand(1);
  auto* init = witness->add_subcommand("init", "create the witness's key (witness.key, witness.vkey)");
  init->add_option("--name", f->name, "the witness's name, e.g. consejo.cosett.bo/testigo")->required();
  init->add_option("--keys", f->keys, "folder for the witness's keys");
  init->callback([&ctx, f] { ctx.run = [f] { return WitnessInit(*f); }; });
  auto* serve = witness->add_subcommand("serve", "serve POST /add-checkpoint");
  serve->add_option("--keys", f->keys, "folder of the witness's keys");
  serve->add_option("--state", f->state, "folder of the checkpoints it cosigned and the evidence it kept");
  serve->add_option("--log", f->log_key_files, "file with the verifier key of a ledger it follows (repeatable)")->required();
  serve->add_option("--listen", f->listen, "host:port");
  serve->callback([&ctx, f] { ctx.run = [f] { return WitnessServe(*f); }; });

  auto* checkpoint = app.get_subcommand("checkpoint");
  auto* ask = checkpoint->add_subcommand("witness", "have a witness cosign the latest checkpoint, and keep the cosignature");
  ask->add_option("--url", f->url, "the witness, e.g. http://testigo.consejo:8090")->required();
  ask->add_option("--witness-key", f->witness_key_file, "file with the witness's verifier key")->required();
  ask->callback([&ctx, f] { ctx.run = [&ctx, f] { return CheckpointWitness(ctx, *f); }; });
}

}  // namespace bitacora
