#include "core/audit/keys.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace bitacora {
namespace {

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BioDeleter {
  void operator()(BIO* p) const { BIO_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

// Closes a file descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now, reporting the error close() returns.
  int Close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// The pending OpenSSL error queue as text, emptied.
std::string OpenSslError(std::string_view what) {
  std::string out(what);
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    out += ": ";
    out += buf;
  }
  return out;
}

Error Internal(std::string_view what) {
  return MakeError(Code::kOpensslFailed, OpenSslError(what));
}

Error Errno(Code code, const std::string& what, const std::string& path) {
  return MakeError(code, what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

struct SigningKey::Impl {
  PkeyPtr pkey;
};

SigningKey::SigningKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
  size_t len = public_key_.size();
  // Cannot fail for an Ed25519 key that was just created or loaded and checked.
  EVP_PKEY_get_raw_public_key(impl_->pkey.get(), public_key_.data(), &len);
}
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

Result<SigningKey> SigningKey::Generate() {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) return Fail(Internal("keygen init"));
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_keygen(ctx.get(), &raw) != 1) return Fail(Internal("keygen"));
  return SigningKey(std::make_unique<Impl>(Impl{PkeyPtr(raw)}));
}

Result<SigningKey> SigningKey::FromSeed(std::span<const uint8_t, 32> seed) {
  PkeyPtr pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  if (!pkey) return Fail(Internal("import of an Ed25519 seed"));
  return SigningKey(std::make_unique<Impl>(Impl{std::move(pkey)}));
}

Result<SigningKey> SigningKey::ReadFromFile(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) {
      return Fail(Code::kKeyFileMissing, "no key file at " + path);
    }
    return Fail(Errno(Code::kKeyFileUnreadable, "cannot open", path));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Fail(Errno(Code::kKeyFileUnreadable, "cannot stat", path));
  if (!S_ISREG(st.st_mode)) {
    return Fail(Code::kKeyFileMalformed, path + " is not a file");
  }
  if ((st.st_mode & 077) != 0) {
    return Fail(Code::kKeyFileTooOpen, path + " may be read by other users (mode " +
                    std::to_string((st.st_mode >> 6) & 7) + std::to_string((st.st_mode >> 3) & 7) +
                    std::to_string(st.st_mode & 7) + "); it must be 600");
  }
  constexpr size_t kMaxKeyFile = 16 * 1024;
  std::string pem(kMaxKeyFile, '\0');
  size_t got = 0;
  while (got < pem.size()) {
    const ssize_t n = ::read(fd.get(), pem.data() + got, pem.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(Errno(Code::kKeyFileUnreadable, "cannot read", path));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(got)));
  PkeyPtr pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  OPENSSL_cleanse(pem.data(), pem.size());
  if (!pkey || EVP_PKEY_id(pkey.get()) != EVP_PKEY_ED25519) {
    ERR_clear_error();
    return Fail(Code::kKeyFileMalformed, path + " does not hold an Ed25519 private key in PEM");
  }
  return SigningKey(std::make_unique<Impl>(Impl{std::move(pkey)}));
}

Status SigningKey::WriteToFile(const std::string& path) const {
  BioPtr bio(BIO_new(BIO_s_secmem()));  // cleared when freed
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), impl_->pkey.get(), nullptr, nullptr, 0, nullptr,
                                       nullptr) != 1) {
    return Fail(Internal("PEM encoding of the private key"));
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (fd.get() < 0) {
    if (errno == EEXIST) {
      return Fail(Code::kKeyFileExists, path + " already exists; a signing key is never overwritten");
    }
    return Fail(Errno(Code::kKeyFileUnwritable, "cannot create", path));
  }
  long done = 0;
  while (done < len) {
    const ssize_t n = ::write(fd.get(), data + done, static_cast<size_t>(len - done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    done += n;
  }
  if (done != len || ::fsync(fd.get()) != 0) {
    Error failure = Errno(Code::kKeyFileUnwritable, "cannot write", path);
    fd.Close();
    ::unlink(path.c_str());
    return Fail(std::move(failure));
  }
  if (fd.Close() != 0) {
    Error failure = Errno(Code::kKeyFileUnwritable, "cannot close", path);
    ::unlink(path.c_str());
    return Fail(std::move(failure));
  }
  return Ok();
}

Result<Ed25519Signature> SigningKey::Sign(std::string_view message) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, impl_->pkey.get()) != 1) {
    return Fail(Internal("sign init"));
  }
  Ed25519Signature sig{};
  size_t len = sig.size();
  if (EVP_DigestSign(ctx.get(), sig.data(), &len,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      len != sig.size()) {
    return Fail(Internal("sign"));
  }
  return sig;
}

Status VerifyEd25519(const Ed25519PublicKey& public_key, std::string_view message,
                     const Ed25519Signature& signature) {
  PkeyPtr pkey(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  const bool ok =
      pkey && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  ERR_clear_error();
  if (!ok) {
    return Fail(Code::kBadSignature, "the Ed25519 signature does not verify");
  }
  return Ok();
}

}  // namespace bitacora
