// decide() routes every command of the schema to a decider. The kinds come from the Command union
// by reflection, not from a list kept by hand; each is decided in an empty world, with its default
// fields, by a role that may issue it. Whatever the decider answers (mostly a refusal: no case, no
// order, a field missing), it is never the dispatcher's own "unrouted_command". -Werror=switch
// makes a kind missing from the dispatch a build error; this test catches a kind that is named
// but routed nowhere.
#include <capnp/dynamic.h>
#include <capnp/message.h>
#include <capnp/schema.h>
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>

#include "core/domain/decide.h"

namespace bitacora::domain {
namespace {

using C = schema::Command;
using R = schema::Role;

constexpr R kRoles[] = {R::PLATFORM, R::TECHNICIAN, R::CASHIER, R::WAREHOUSE, R::ODECO,
                        R::CPD,      R::SUPERVISOR, R::AUDITOR, R::SYSTEM};

// 2026-11-18 10:13 UTC.
constexpr int64_t kNow = 1'795'000'000LL * 1'000'000'000;

// A role the roles table lets issue `which`, if any.
std::optional<R> IssuerOf(C::Which which) {
  for (R role : kRoles) {
    if (RoleMayIssue(role, which)) return role;
  }
  return std::nullopt;
}

TEST(DomainRouting, EveryCommandOfTheSchemaReachesADecider) {
  const auto fields = capnp::Schema::from<C>().getUnionFields();
  ASSERT_EQ(fields.size(), AllCommandKinds().size());
  std::set<C::Which> seen;
  for (auto field : fields) {
    const std::string name = field.getProto().getName().cStr();
    capnp::MallocMessageBuilder message;
    auto command = message.initRoot<C>();
    capnp::toDynamic(command).init(field);  // this member of the union, default fields
    const C::Which which = command.which();
    ASSERT_EQ(static_cast<uint16_t>(which), field.getProto().getDiscriminantValue()) << name;
    EXPECT_TRUE(seen.insert(which).second) << name;

    const std::optional<R> role = IssuerOf(which);
    ASSERT_TRUE(role.has_value()) << name << ": no role may issue it";
    Context context;
    context.now_ns = kNow;
    auto decided = Decide(World{}, *role, command.asReader(), context);
    if (decided) continue;  // a decider accepted it (nothing it needs is missing)
    const Error& error = decided.error();
    EXPECT_NE(error.code, "unrouted_command") << name << " is routed to no decider";
    EXPECT_NE(error.kind, ErrorKind::kInternal) << name << ": " << error.ToString();
    EXPECT_NE(FindErrorCode(error.code), nullptr)
        << name << ": refused with " << error.code << ", not a code of the error table";
  }
  EXPECT_EQ(seen.size(), fields.size());
}

}  // namespace
}  // namespace bitacora::domain
