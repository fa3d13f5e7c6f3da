// Ed25519 keys, base64 and signed notes (C2SP signed-note), including the Go sumdb/note example
// note as an interoperability known answer.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/audit/base64.h"
#include "core/audit/keys.h"
#include "core/audit/note.h"
#include "tests/result_testing.h"

namespace bitacora {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed with the fixture.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "bitacora-keys-XXXXXX").string();
    EXPECT_NE(::mkdtemp(tmpl.data()), nullptr);
    path_ = tmpl;
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// The example of golang.org/x/mod/sumdb/note and of the C2SP signed-note spec.
constexpr char kGoVkey[] = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr char kGoSeedB64[] = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";  // 0x01 || seed
constexpr char kGoText[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr char kGoNote[] =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

SigningKey GoKey() {
  const std::string seed = Base64Decode(kGoSeedB64).value();
  EXPECT_EQ(seed.size(), 33u);
  std::array<uint8_t, 32> raw{};
  std::copy(seed.begin() + 1, seed.end(), raw.begin());
  return SigningKey::FromSeed(raw).value();
}

TEST(Base64Test, RoundTripsAndRejectsNonCanonical) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    EXPECT_EQ(Base64Decode(Base64Encode(s)), s);
  }
  EXPECT_FALSE(Base64Decode("Zg="));  // length
  EXPECT_FALSE(Base64Decode("Zh=="));
  EXPECT_FALSE(Base64Decode("Zm9="));  // non-zero unused bits, one pad      // non-zero unused bits
  EXPECT_FALSE(Base64Decode("Zg==Zg=="));  // padding in the middle
  EXPECT_FALSE(Base64Decode("Zm9v\n"));    // whitespace
  EXPECT_FALSE(Base64Decode("Zm-v"));      // URL alphabet
  EXPECT_FALSE(Base64Decode("Z=9v"));
}

TEST(KeysTest, WritesWithMode0600AndReadsBack) {
  TempDir dir;
  const std::string path = dir.File("ledger.key");
  Result<SigningKey> key = SigningKey::Generate();
  ASSERT_TRUE(key.has_value()) << key.error().ToString();
  const mode_t old_umask = ::umask(0);  // 0600 comes from open(), not from the umask
  Status written = key->WriteToFile(path);
  ::umask(old_umask);
  ASSERT_TRUE(written.has_value()) << written.error().ToString();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);

  Result<SigningKey> back = SigningKey::ReadFromFile(path);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(back->public_key(), key->public_key());
  Result<Ed25519Signature> sig = back->Sign("message");
  ASSERT_TRUE(sig.has_value());
  EXPECT_TRUE(VerifyEd25519(key->public_key(), "message", *sig).has_value());
  std::ifstream in(path);
  std::string first_line;
  std::getline(in, first_line);
  EXPECT_EQ(first_line, "-----BEGIN PRIVATE KEY-----");
}

TEST(KeysTest, NeverOverwritesAndRefusesBadFiles) {
  TempDir dir;
  const std::string path = dir.File("ledger.key");
  SigningKey a = SigningKey::Generate().value();
  SigningKey b = SigningKey::Generate().value();
  ASSERT_TRUE(a.WriteToFile(path).has_value());
  Status again = b.WriteToFile(path);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(CodeOf(again), "key_file_exists");
  EXPECT_EQ(SigningKey::ReadFromFile(path).value().public_key(), a.public_key());

  EXPECT_EQ(KindOf(SigningKey::ReadFromFile(dir.File("none"))), ErrorKind::kNotFound);
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  Result<SigningKey> open = SigningKey::ReadFromFile(path);
  ASSERT_FALSE(open.has_value());
  EXPECT_EQ(CodeOf(open), "key_file_too_open");
  EXPECT_NE(open.error().message.find("644"), std::string::npos);

  const std::string junk = dir.File("junk.key");
  std::ofstream(junk) << "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
  ASSERT_EQ(::chmod(junk.c_str(), 0600), 0);
  EXPECT_EQ(CodeOf(SigningKey::ReadFromFile(junk)), "key_file_malformed");
}

TEST(KeysTest, SignaturesBindKeyAndMessage) {
  SigningKey key = SigningKey::Generate().value();
  SigningKey other = SigningKey::Generate().value();
  EXPECT_NE(key.public_key(), other.public_key());
  Ed25519Signature sig = *key.Sign("tree head");
  EXPECT_TRUE(VerifyEd25519(key.public_key(), "tree head", sig).has_value());
  EXPECT_EQ(CodeOf(VerifyEd25519(key.public_key(), "tree heaD", sig)), "bad_signature");
  EXPECT_FALSE(VerifyEd25519(other.public_key(), "tree head", sig).has_value());
  sig[10] ^= 0x04;
  EXPECT_FALSE(VerifyEd25519(key.public_key(), "tree head", sig).has_value());
}

TEST(NoteTest, GoExampleIsAKnownAnswer) {
  Result<NoteVerifier> v = ParseVerifierKey(kGoVkey);
  ASSERT_TRUE(v.has_value()) << v.error().ToString();
  EXPECT_EQ(v->name, "PeterNeumann");
  const SigningKey key = GoKey();
  EXPECT_EQ(key.public_key(), v->public_key);
  EXPECT_EQ(FormatVerifierKey("PeterNeumann", key.public_key()).value(), kGoVkey);
  // Ed25519 is deterministic: signing the example text reproduces the published note.
  EXPECT_EQ(SignNote(kGoText, "PeterNeumann", key).value(), kGoNote);
  EXPECT_EQ(OpenNote(kGoNote, *v).value(), kGoText);

  std::string altered = kGoNote;
  altered[3] = 'Y';
  EXPECT_EQ(CodeOf(OpenNote(altered, *v)), "bad_note_signature");
}

TEST(NoteTest, VerifierKeysAreChecked) {
  std::string vkey = kGoVkey;
  // The key hash does not match.
  EXPECT_EQ(CodeOf(ParseVerifierKey(
                "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")),
            "malformed_verifier_key");
  EXPECT_FALSE(ParseVerifierKey("PeterNeumann+c74f20a3").has_value());
  EXPECT_FALSE(ParseVerifierKey("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  EXPECT_FALSE(
      ParseVerifierKey("PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  EXPECT_FALSE(ParseVerifierKey(vkey.substr(0, vkey.size() - 4)).has_value());
  EXPECT_EQ(CodeOf(FormatVerifierKey("has space", GoKey().public_key())), "bad_key_name");
  EXPECT_EQ(CodeOf(FormatVerifierKey("a+b", GoKey().public_key())), "bad_key_name");
  EXPECT_TRUE(
      IsValidKeyName("cooperativa.example/bit\xC3\xA1"
                     "cora"));
  EXPECT_FALSE(IsValidKeyName(""));
  EXPECT_FALSE(IsValidKeyName("em\xE2\x80\x83space"));  // U+2003
  EXPECT_FALSE(IsValidKeyName("nbsp\xC2\xA0"));         // U+00A0
  EXPECT_FALSE(IsValidKeyName("c1\xC2\x85"));           // U+0085, a C1 control
  EXPECT_FALSE(IsValidKeyName("bad\xC3"));              // truncated UTF-8
  EXPECT_FALSE(IsValidKeyName("over\xC0\xAFlong"));     // overlong '/'
  EXPECT_FALSE(IsValidKeyName("tab\tname"));
}

TEST(NoteTest, OtherSignaturesAreIgnoredAndMalformedNotesRejected) {
  const NoteVerifier v = ParseVerifierKey(kGoVkey).value();
  SigningKey other = SigningKey::Generate().value();
  const std::string cosigned =
      std::string(kGoNote) + SignNote(kGoText, "witness", other).value().substr(sizeof(kGoText));
  EXPECT_EQ(OpenNote(cosigned, v).value(), kGoText);

  const NoteVerifier w =
      ParseVerifierKey(FormatVerifierKey("witness", other.public_key()).value()).value();
  EXPECT_EQ(CodeOf(OpenNote(kGoNote, w)), "note_not_signed_by_key");

  const std::string text(kGoText);
  const std::string sig_line = std::string(kGoNote).substr(text.size() + 1);
  for (const std::string& bad : {
           text + sig_line,                                        // no blank line
           text + "\n",                                            // no signatures
           text + "\n" + sig_line.substr(0, sig_line.size() - 1),  // no final newline
           text + "\n- PeterNeumann x08go/ZJku\n",                 // hyphen, not em dash
           text + "\n\xE2\x80\x94 PeterNeumann\n",                 // no signature
           text + "\n\xE2\x80\x94 PeterNeumann !!!!\n",            // not base64
           text + "\n\xE2\x80\x94 PeterNeumann AAAA\n",            // too short
           std::string("a\tb\n\n") + sig_line,                     // control character in text
           std::string("caf\xC3\n\n") + sig_line,                  // invalid UTF-8
       }) {
    Result<std::string> r = OpenNote(bad, v);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(CodeOf(r), "malformed_note") << bad;
  }
  EXPECT_EQ(CodeOf(SignNote("no newline", "k", other)), "malformed_note");
  EXPECT_EQ(CodeOf(SignNote("a\n\nb\n", "k", other)), "malformed_note");
}

}  // namespace
}  // namespace bitacora
