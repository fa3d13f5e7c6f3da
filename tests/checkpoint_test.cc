// Signed checkpoints: sign/verify round trip, forged and altered notes, wrong keys, malformed
// bodies, and CheckpointExtends tying consecutive checkpoints with a consistency proof.
#include "core/audit/checkpoint.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/audit/note.h"
#include "core/merkle/memory_node_source.h"
#include "core/merkle/merkle.h"
#include "tests/result_testing.h"

namespace bitacora {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_days;
using std::chrono::sys_seconds;

constexpr char kOrigin[] = "coop.example/bitacora";

sys_seconds Utc(int y, unsigned m, unsigned d, std::chrono::seconds tod) {
  return sys_seconds(sys_days(std::chrono::year(y) / m / d)) + tod;
}

class CheckpointTest : public ::testing::Test {
 protected:
  CheckpointTest() : key_(SigningKey::Generate().value()) {
    vkey_ = FormatVerifierKey(kOrigin, key_.public_key()).value();
    for (int i = 0; i < 20; ++i) EXPECT_TRUE(tree_.AppendData("event " + std::to_string(i)));
  }

  Checkpoint Make(uint64_t size, sys_seconds time) {
    return Checkpoint{kOrigin, size, RootAt(size, tree_).value(), time};
  }

  SigningKey key_;
  std::string vkey_;
  MemoryNodeSource tree_;
};

TEST_F(CheckpointTest, BodyHasTheTlogCheckpointLayout) {
  Checkpoint c{kOrigin, 0, EmptyRoot(), Utc(2026, 11, 27, 13h + 15min + 49s)};
  EXPECT_EQ(FormatCheckpointBody(c).value(),
            "coop.example/bitacora\n"
            "0\n"
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
            "time 2026-11-27T13:15:49Z\n");
  EXPECT_EQ(ParseCheckpointBody(FormatCheckpointBody(c).value()).value(), c);
}

TEST_F(CheckpointTest, SignAndVerifyRoundTrip) {
  const Checkpoint c = Make(20, Utc(2026, 1, 2, 3h + 4min + 5s));
  Result<std::string> note = SignCheckpoint(c, key_);
  ASSERT_TRUE(note.has_value()) << note.error().ToString();
  EXPECT_TRUE(note->starts_with(std::string(kOrigin) + "\n20\n"));
  EXPECT_NE(note->find("\n\n\xE2\x80\x94 coop.example/bitacora "), std::string::npos);
  Result<Checkpoint> back = ParseAndVerifyCheckpoint(*note, vkey_);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, c);
}

TEST_F(CheckpointTest, ForgedSignatureByteIsRejected) {
  const std::string note = SignCheckpoint(Make(7, Utc(2026, 5, 5, 0s)), key_).value();
  // Flip one bit in every byte of the base64 signature blob after the key hash, in turn.
  const size_t sig_start = note.rfind(' ') + 1 + 8;  // skip 6 base64 chars covering the key hash
  int rejected = 0;
  for (size_t i = sig_start; i + 2 < note.size(); ++i) {
    std::string forged = note;
    forged[i] = forged[i] == 'A' ? 'B' : 'A';
    Result<Checkpoint> r = ParseAndVerifyCheckpoint(forged, vkey_);
    ASSERT_FALSE(r.has_value()) << i;
    EXPECT_TRUE(CodeOf(r) == "bad_note_signature" || CodeOf(r) == "malformed_note") << CodeOf(r);
    rejected += CodeOf(r) == "bad_note_signature";
  }
  EXPECT_GT(rejected, 70);
}

TEST_F(CheckpointTest, TamperedBodyIsRejected) {
  const std::string note = SignCheckpoint(Make(7, Utc(2026, 5, 5, 0s)), key_).value();
  std::string bigger = note;
  bigger.replace(bigger.find("\n7\n"), 3, "\n8\n");
  EXPECT_EQ(CodeOf(ParseAndVerifyCheckpoint(bigger, vkey_)), "bad_note_signature");
  std::string later = note;
  later.replace(later.find("2026-05-05"), 10, "2026-05-06");
  EXPECT_EQ(CodeOf(ParseAndVerifyCheckpoint(later, vkey_)), "bad_note_signature");
  std::string root = note;
  const size_t root_at = root.find("\n7\n") + 3;
  root[root_at] = root[root_at] == 'A' ? 'B' : 'A';
  EXPECT_EQ(CodeOf(ParseAndVerifyCheckpoint(root, vkey_)), "bad_note_signature");
}

TEST_F(CheckpointTest, WrongKeyIsRejected) {
  const std::string note = SignCheckpoint(Make(3, Utc(2026, 5, 5, 0s)), key_).value();
  SigningKey other = SigningKey::Generate().value();
  // Another key under the same name: different key hash, so no signature by it.
  EXPECT_EQ(CodeOf(ParseAndVerifyCheckpoint(
                note, FormatVerifierKey(kOrigin, other.public_key()).value())),
            "note_not_signed_by_key");
  // A note signed by another key claiming our name and key hash does not verify.
  std::string impostor = SignCheckpoint(Make(3, Utc(2026, 5, 5, 0s)), other).value();
  const std::string ours_hash_line = note.substr(note.rfind(' ') + 1, 8);
  impostor.replace(impostor.rfind(' ') + 1, 8, ours_hash_line);
  // (The first 6 base64 characters carry the 4-byte key hash exactly; copy 8 to be sure the
  // hash matches, which also alters two signature bytes.)
  EXPECT_EQ(CodeOf(ParseAndVerifyCheckpoint(impostor, vkey_)), "bad_note_signature");
  // Our key under another name: the origin must be the key's name.
  const std::string other_name_vkey = FormatVerifierKey("other.example", key_.public_key()).value();
  EXPECT_EQ(CodeOf(ParseAndVerifyCheckpoint(note, other_name_vkey)), "note_not_signed_by_key");
  EXPECT_EQ(CodeOf(ParseAndVerifyCheckpoint(note, "not a key")), "malformed_verifier_key");
  // A checkpoint of our origin signed by a key with another name: valid signature, wrong ledger.
  const std::string body = FormatCheckpointBody(Make(3, Utc(2026, 5, 5, 0s))).value();
  const std::string renamed = SignNote(body, "other.example", key_).value();
  EXPECT_EQ(CodeOf(ParseAndVerifyCheckpoint(renamed, other_name_vkey)),
            "checkpoint_origin_mismatch");
  // Our signature line relabelled with another key name is not a signature by our key.
  std::string relabelled = note;
  relabelled.replace(relabelled.find("\xE2\x80\x94 coop.example/bitacora "),
                     std::string("\xE2\x80\x94 coop.example/bitacora ").size(),
                     "\xE2\x80\x94 coop.example/bitacorb ");
  EXPECT_EQ(CodeOf(ParseAndVerifyCheckpoint(relabelled, vkey_)), "note_not_signed_by_key");
}

TEST_F(CheckpointTest, MalformedBodiesAreRejected) {
  const std::string root = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  const std::string time = "time 2026-11-27T13:15:49Z\n";
  for (const std::string& body : {
           std::string(""),
           "o\n0\n" + root + "\n" + time.substr(0, time.size() - 1),  // no final newline
           "\n0\n" + root + "\n" + time,                              // empty origin
           "o\n00\n" + root + "\n" + time,                            // leading zero
           "o\n+1\n" + root + "\n" + time,                            // sign
           "o\n-1\n" + root + "\n" + time,
           "o\n1x\n" + root + "\n" + time,
           "o\n18446744073709551616\n" + root + "\n" + time,   // 2^64
           "o\n0\nAAAA\n" + time,                              // root not 32 bytes
           "o\n0\n" + root + "\n" + time + time,               // two time lines
           "o\n0\n" + root + "\n" + time + "\n",               // an empty extension line
           "o\n0\n" + root + "\nx\n\n",                       // an empty one after another
           "o\n0\n" + root + "\ntime 2026-02-30T00:00:00Z\n",  // no such day
           "o\n0\n" + root + "\ntime 2026-11-27T24:00:00Z\n",
           "o\n0\n" + root + "\ntime 2026-11-27 13:15:49Z\n",
           "o\n0\n" + root + "\ntime 2026-11-27T13:15:49+00:00\n",
       }) {
    Result<Checkpoint> r = ParseCheckpointBody(body);
    ASSERT_FALSE(r.has_value()) << body;
    EXPECT_EQ(CodeOf(r), "malformed_checkpoint") << body;
  }
  EXPECT_EQ(ParseCheckpointBody("o\n18446744073709551615\n" + root + "\n" + time).value().size,
            18446744073709551615ull);
  // A validly signed note whose text is not a checkpoint.
  const std::string note = SignNote("hello\n", kOrigin, key_).value();
  EXPECT_EQ(CodeOf(ParseAndVerifyCheckpoint(note, vkey_)), "malformed_checkpoint");
  EXPECT_EQ(CodeOf(SignCheckpoint(Checkpoint{"bad origin", 0, EmptyRoot(), {}}, key_)),
            "bad_key_name");
}

// C2SP tlog-checkpoint: "Any following lines are extension lines, opaque and OPTIONAL." Another
// log's checkpoint without a time line, or with extension lines of its own, is read and formatted
// again byte for byte; this ledger still writes its time line.
TEST_F(CheckpointTest, APlainCheckpointWithoutTimeOrWithOtherExtensionLinesIsAccepted) {
  const std::string root = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  const std::string plain = "example.com/behind-the-sofa\n20852163\n" + root + "\n";
  Result<Checkpoint> c = ParseCheckpointBody(plain);
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  EXPECT_FALSE(c->time.has_value());
  EXPECT_TRUE(c->extensions.empty());
  EXPECT_EQ(c->size, 20852163u);
  EXPECT_EQ(FormatCheckpointBody(*c).value(), plain);

  const std::string extended = plain + "time 2026-11-27T13:15:49Z\nrekor.sigstore.dev - 2605736670972794746\n";
  Result<Checkpoint> e = ParseCheckpointBody(extended);
  ASSERT_TRUE(e.has_value()) << e.error().ToString();
  ASSERT_TRUE(e->time.has_value());
  EXPECT_EQ(e->extensions, std::vector<std::string>{"rekor.sigstore.dev - 2605736670972794746"});
  EXPECT_EQ(FormatCheckpointBody(*e).value(), extended);

  // Signed and verified without a time line; two timeless checkpoints extend each other.
  Checkpoint timeless = Make(6, Utc(2026, 5, 5, 0s));
  timeless.time.reset();
  const std::string note = SignCheckpoint(timeless, key_).value();
  Result<Checkpoint> back = ParseAndVerifyCheckpoint(note, vkey_);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, timeless);
  Checkpoint later = Make(20, Utc(2026, 5, 6, 0s));
  later.time.reset();
  EXPECT_TRUE(CheckpointExtends(timeless, later, ConsistencyProof(6, 20, tree_).value()).has_value());
  EXPECT_TRUE(CheckpointExtends(timeless, Make(20, Utc(2026, 5, 6, 0s)),
                                ConsistencyProof(6, 20, tree_).value()).has_value());

  Checkpoint bad = timeless;
  bad.extensions = {""};
  EXPECT_EQ(CodeOf(FormatCheckpointBody(bad)), "malformed_checkpoint");
  bad.extensions = {"time 2026-11-27T13:15:49Z"};  // the time goes in `time`, once
  EXPECT_EQ(CodeOf(FormatCheckpointBody(bad)), "malformed_checkpoint");
}

TEST_F(CheckpointTest, ExtendsChecksConsistencyOriginSizeAndTime) {
  const Checkpoint old = Make(6, Utc(2026, 5, 5, 0s));
  const Checkpoint now = Make(20, Utc(2026, 5, 6, 0s));
  const std::vector<Hash32> proof = ConsistencyProof(6, 20, tree_).value();
  EXPECT_TRUE(CheckpointExtends(old, now, proof).has_value());
  EXPECT_TRUE(CheckpointExtends(old, old, {}).has_value());

  EXPECT_EQ(CodeOf(CheckpointExtends(now, old, proof)), "checkpoint_rolled_back");
  Checkpoint elsewhere = now;
  elsewhere.origin = "other.example";
  EXPECT_EQ(CodeOf(CheckpointExtends(old, elsewhere, proof)), "checkpoint_origin_mismatch");
  Checkpoint earlier = now;
  earlier.time = *old.time - 1s;
  EXPECT_EQ(CodeOf(CheckpointExtends(old, earlier, proof)), "checkpoint_time_went_back");

  // A log rewritten after size 6: an unrelated tree of 20 leaves.
  MemoryNodeSource forked;
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(forked.AppendData("forked " + std::to_string(i)));
  Checkpoint fork = now;
  fork.root = RootAt(20, forked).value();
  EXPECT_FALSE(CheckpointExtends(old, fork, proof).has_value());
  EXPECT_FALSE(CheckpointExtends(old, fork, ConsistencyProof(6, 20, forked).value()).has_value());
  std::vector<Hash32> bad = proof;
  bad[1][0] ^= 1;
  EXPECT_FALSE(CheckpointExtends(old, now, bad).has_value());
}

}  // namespace
}  // namespace bitacora
