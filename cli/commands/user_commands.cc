// `bitacora user create|role|reset-password|disable|list`: users who sign in with a password, on
// the embedded store or through --server. The password is read from the terminal (not echoed) or,
// with --password-stdin, from the first line of standard input; never from a flag, which would
// leave it in the shell's history and in `ps`. It is hashed here (Argon2id, app/users.h): only
// its hash goes to the server or the store.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/command_codec.h"
#include "app/users.h"
#include "cli/commands/shim.h"
#include "projections/projection_service.h"

namespace bitacora {
namespace {

struct UserFlags {
  app::NewUser user;
  std::string username;
  std::string role;
  std::string reason;
  bool password_stdin = false;
};

// The password: the first line of stdin with --password-stdin, else typed twice at the terminal
// without echo. kInvalidArgument "bad_value" when stdin has no line, there is no terminal, or the
// two typings differ.
Result<std::string> ReadPassword(bool from_stdin) {
  std::string first;
  if (from_stdin) {
    if (!std::getline(std::cin, first)) return Fail(Code::kBadValue, "no password on standard input");
    if (!first.empty() && first.back() == '\r') first.pop_back();
    return first;
  }
  FILE* tty = std::fopen("/dev/tty", "r+");
  if (tty == nullptr) {
    return Fail(Code::kBadValue, "no terminal to ask the password on; use --password-stdin");
  }
  const int fd = fileno(tty);
  termios old_mode{};
  const bool is_tty = tcgetattr(fd, &old_mode) == 0;
  auto ask = [&](const char* prompt) {
    std::fputs(prompt, tty);
    std::fflush(tty);
    if (is_tty) {
      termios quiet = old_mode;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    std::string line;
    for (int ch = std::fgetc(tty); ch != EOF && ch != '\n'; ch = std::fgetc(tty)) {
      line.push_back(static_cast<char>(ch));
    }
    if (is_tty) tcsetattr(fd, TCSAFLUSH, &old_mode);
    std::fputs("\n", tty);
    return line;
  };
  first = ask("Contraseña: ");
  const std::string second = ask("Repita la contraseña: ");
  std::fclose(tty);
  if (first != second) return Fail(Code::kBadValue, "las dos contraseñas no coinciden");
  return first;
}

// Who runs the user commands, and how: through --server (its token's actor), or on the embedded
// store as --actor/--role when given, else "bitacora-cli" as supervisor: whoever holds the data
// folder with the server stopped administers the ledger and creates the first supervisor user.
class UserRunner {
 public:
  UserRunner(CliContext& ctx, const ShimOptions& options) : ctx_(ctx), options_(options) {}

  Result<app::CommandRunner> Runner() {
    if (!options_.server.empty()) {
      return app::CommandRunner([this](const ActorRef&, schema::Command::Reader command) {
        return RunOneCommand(ctx_, options_, command);
      });
    }
    auto store = OpenEmbedded(ctx_);
    if (!store) return Fail(store.error());
    handler_ = std::make_unique<CommandHandler>(**store, HandlerOptions{});
    return app::RunnerOf(*handler_);
  }

  // The actor the embedded store acts as (unused through --server: the token says who).
  Result<ActorRef> By() const {
    if (!options_.server.empty() || (options_.actor.empty() && options_.role.empty())) {
      return ActorRef{"bitacora-cli", schema::Role::SUPERVISOR};
    }
    return EmbeddedActor(options_);
  }

 private:
  CliContext& ctx_;
  const ShimOptions& options_;
  std::unique_ptr<CommandHandler> handler_;
};

// Runs `act` with the runner and actor, and reports its outcome.
template <class Act>
int RunUserCommand(CliContext& ctx, const ShimOptions& options, const char* done, Act act) {
  UserRunner runner(ctx, options);
  auto by = runner.By();
  if (!by) return ReportError(by.error());
  auto run = runner.Runner();
  if (!run) return ReportError(run.error());
  Result<CommandOutcome> outcome = act(*run, *by);
  if (!outcome) return ReportError(outcome.error());
  if (ctx.json) {
    std::printf("%s\n", app::OutcomeJson(*outcome).c_str());
  } else {
    std::printf("%s (evento #%llu)\n", done, static_cast<unsigned long long>(outcome->last_position));
  }
  return 0;
}

int UserCreate(CliContext& ctx, const ShimOptions& options, UserFlags& f) {
  auto role = app::ParseRole(f.role);
  if (!role) return ReportError(role.error());
  f.user.role = *role;
  auto password = ReadPassword(f.password_stdin);
  if (!password) return ReportError(password.error());
  return RunUserCommand(ctx, options, "Usuario creado", [&](const app::CommandRunner& run, const ActorRef& by) {
    return app::CreateUser(run, by, f.user, *password);
  });
}

int UserRole(CliContext& ctx, const ShimOptions& options, const UserFlags& f) {
  auto role = app::ParseRole(f.role);
  if (!role) return ReportError(role.error());
  return RunUserCommand(ctx, options, "Rol cambiado", [&](const app::CommandRunner& run, const ActorRef& by) {
    return app::ChangeUserRole(run, by, f.username, *role);
  });
}

int UserResetPassword(CliContext& ctx, const ShimOptions& options, const UserFlags& f) {
  auto password = ReadPassword(f.password_stdin);
  if (!password) return ReportError(password.error());
  return RunUserCommand(ctx, options, "Contraseña restablecida",
                        [&](const app::CommandRunner& run, const ActorRef& by) {
                          return app::ResetUserPassword(run, by, f.username, *password);
                        });
}

int UserDisable(CliContext& ctx, const ShimOptions& options, const UserFlags& f) {
  return RunUserCommand(ctx, options, "Usuario dado de baja", [&](const app::CommandRunner& run, const ActorRef& by) {
    return app::DisableUser(run, by, f.username, f.reason);
  });
}

int UserList(CliContext& ctx, const ShimOptions& options) {
  std::vector<app::UserInfo> users;
  if (!options.server.empty()) {
    auto body = RemoteGet(options, "/v1/users");
    if (!body) return ReportError(body.error());
    if (ctx.json) {
      std::printf("%s\n", body->c_str());
      return 0;
    }
    auto parsed = app::UserListFromJson(*body);
    if (!parsed) return ReportError(parsed.error());
    users = std::move(*parsed);
  } else {
    auto store = OpenEmbedded(ctx);
    if (!store) return ReportError(store.error());
    auto views = CaughtUpViews(ctx, **store);
    if (!views) return ReportError(views.error());
    auto listed = app::ListUsers(projections::ViewReader((*views)->Current()));
    if (!listed) return ReportError(listed.error());
    users = std::move(*listed);
  }
  if (ctx.json) {
    std::printf("%s\n", app::UserListJson(users).c_str());
    return 0;
  }
  for (const app::UserInfo& u : users) {
    std::printf("%-20s %-11s %-30s %s%s%s%s\n", u.username.c_str(), app::RoleName(u.role).c_str(),
                u.full_name.c_str(), u.agency.c_str(), u.window.empty() ? "" : " / ",
                u.window.c_str(), u.disabled ? "  DADO DE BAJA" : "");
  }
  return 0;
}

}  // namespace

void AddUserCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options) {
  auto flags = std::make_shared<UserFlags>();
  CLI::App* user = app.add_subcommand("user", "users who sign in: create, role, reset-password, disable, list");
  user->require_subcommand(1);
  const char* kRoles = "platform, technician, cashier, warehouse, odeco, cpd, supervisor, auditor";
  const char* kStdin = "read the password from the first line of standard input instead of the terminal";
  CLI::App* create = user->add_subcommand("create", "create a user (the password is asked for, never a flag)");
  create->add_option("username", flags->user.username, "3 to 32 of a-z, 0-9, '.', '-'")->required();
  create->add_option("--full-name", flags->user.full_name, "the person's name")->required();
  create->add_option("--role", flags->role, kRoles)->required();
  create->add_option("--agency", flags->user.agency, "the agency the user works at");
  create->add_option("--window", flags->user.window, "the window (ventanilla) the user works at");
  create->add_flag("--password-stdin", flags->password_stdin, kStdin);
  create->callback([&ctx, &options, flags] {
    ctx.run = [&ctx, &options, flags] { return UserCreate(ctx, options, *flags); };
  });
  CLI::App* role = user->add_subcommand("role", "give a user another role");
  role->add_option("username", flags->username, "the user")->required();
  role->add_option("--role", flags->role, kRoles)->required();
  role->callback([&ctx, &options, flags] {
    ctx.run = [&ctx, &options, flags] { return UserRole(ctx, options, *flags); };
  });
  CLI::App* reset = user->add_subcommand("reset-password", "give a user a new password (asked for)");
  reset->add_option("username", flags->username, "the user")->required();
  reset->add_flag("--password-stdin", flags->password_stdin, kStdin);
  reset->callback([&ctx, &options, flags] {
    ctx.run = [&ctx, &options, flags] { return UserResetPassword(ctx, options, *flags); };
  });
  CLI::App* disable = user->add_subcommand("disable", "disable a user for good");
  disable->add_option("username", flags->username, "the user")->required();
  disable->add_option("--reason", flags->reason, "why");
  disable->callback([&ctx, &options, flags] {
    ctx.run = [&ctx, &options, flags] { return UserDisable(ctx, options, *flags); };
  });
  CLI::App* list = user->add_subcommand("list", "every user: username, role, name, agency, window, disabled");
  list->callback([&ctx, &options] { ctx.run = [&ctx, &options] { return UserList(ctx, options); }; });
}

}  // namespace bitacora
