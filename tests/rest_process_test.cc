// A real client against a real server: starts `bitacora serve` as a process on a loopback port,
// drives a whole 8.1 new connection (and the 8.5 paperwork of its returned orders) with curl,
// then reads the client's folder and the day's daily control back, and stops it with SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>
#include <vector>

#include "core/domain/ids.h"
#include "tests/test_util.h"

namespace bitacora::testing {
namespace {

// The run of characters accepted by `ok` that follows `prefix` in `text` (empty if none).
// GCC 12 warns inside <regex> under the sanitizers, so the tests scan by hand.
std::string After(const std::string& text, const std::string& prefix,
                  const std::function<bool(char)>& ok, size_t from = 0) {
  const size_t at = text.find(prefix, from);
  if (at == std::string::npos) return "";
  size_t end = at + prefix.size();
  while (end < text.size() && ok(text[end])) ++end;
  return text.substr(at + prefix.size(), end - at - prefix.size());
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsDigitOrDash(char c) { return IsDigit(c) || c == '-'; }

std::string Shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

class ServeProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.Sub("data");
    for (const char* role : {"supervisor", "platform", "technician", "cashier", "warehouse", "auditor"}) {
      tokens_[role] = Trim(Shell(std::string(BITACORA_BINARY) + " --data " + data_ + " token create --actor curl-" +
                                 role + " --role " + role + " 2>/dev/null"));
      ASSERT_EQ(tokens_[role].size(), 68u) << role;
    }
    const std::string log = dir_.Sub("serve.log");
    pid_ = fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      FILE* out = std::freopen(log.c_str(), "w", stdout);
      (void)out;
      std::vector<std::string> args = {BITACORA_BINARY, "--data", data_, "--keys", dir_.Sub("keys"), "serve",
                                       "--listen", "127.0.0.1:0", "--quiet"};
      args.insert(args.end(), serve_args_.begin(), serve_args_.end());
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(BITACORA_BINARY, argv.data());
      _exit(127);
    }
    for (int i = 0; i < 200 && port_.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      std::ifstream in(log);
      std::stringstream text;
      text << in.rdbuf();
      port_ = After(text.str(), "sirviendo http://127.0.0.1:", IsDigit);
    }
    ASSERT_FALSE(port_.empty()) << "the server did not start";
  }

  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "serve did not stop cleanly";
    }
  }

  // curl; returns the body and sets status_.
  std::string Curl(const std::string& method, const std::string& path, const std::string& role,
                   const std::string& body = "") {
    std::string command = "curl -s -X " + method + " -H 'Authorization: Bearer " + tokens_[role] + "'";
    if (!body.empty()) command += " -H 'Content-Type: application/json' --data-binary '" + body + "'";
    command += " -w '\\n%{http_code}' 'http://127.0.0.1:" + port_ + path + "'";
    std::string out = Trim(Shell(command));
    const size_t nl = out.rfind('\n');
    status_ = nl == std::string::npos ? 0 : std::atoi(out.c_str() + nl + 1);
    return nl == std::string::npos ? out : out.substr(0, nl);
  }

  // POSTs a command that must be recorded (201); returns the answer.
  std::string Command(const std::string& name, const std::string& role, const std::string& body) {
    std::string out = Curl("POST", "/v1/commands/" + name, role, body);
    EXPECT_EQ(status_, 201) << name << ": " << out;
    return out;
  }

  static std::string Order(const std::string& answer, const std::string& type) {
    // The first "TYPE-YYYY-NNNNNN" in quotes.
    const std::string prefix = std::string("\"") + type + "-";
    for (size_t at = answer.find(prefix); at != std::string::npos; at = answer.find(prefix, at + 1)) {
      const std::string rest = After(answer, prefix, IsDigitOrDash, at);
      const size_t end = at + prefix.size() + rest.size();
      if (rest.size() == 11 && rest[4] == '-' && end < answer.size() && answer[end] == '"') {
        return type + "-" + rest;
      }
    }
    return "";
  }

  std::vector<std::string> serve_args_;  // after `serve`: set in a subclass's constructor
  TempDir dir_;
  std::string data_;
  std::map<std::string, std::string> tokens_;
  pid_t pid_ = -1;
  std::string port_;
  int status_ = 0;
};

TEST_F(ServeProcess, WholeNewConnectionWithCurlThenFolderAndDailyControl) {
  Command("setRequirementChecklist", "supervisor",
          R"({"caseKind":"newConnection","tariffCategory":"residential","documents":["Fotocopia de CI","Croquis de ubicación"]})");
  Command("setMaterialPrices", "supervisor",
          R"({"items":[{"code":"CAB-6","description":"Cable 2x6","unit":"m","priceCentavos":1250},{"code":"CAJ-1","description":"Caja","unit":"pza","priceCentavos":8575}]})");
  const std::string opened = Command("openCase", "platform",
                                     R"({"kind":"newConnection","clientCi":"6677889 PT","tariffCategory":"residential","address":"Calle Avaroa 77, Tupiza"})");
  const std::string case_number = After(opened, "\"caseId\":\"TRA-", IsDigitOrDash);
  ASSERT_FALSE(case_number.empty()) << opened;
  const std::string c = "\"caseId\":\"TRA-" + case_number + "\"";
  Command("presentDocuments", "platform", "{" + c + R"(,"documents":["Fotocopia de CI","Croquis de ubicación"]})");
  Command("registerClient", "platform",
          "{" + c + R"(,"clientCi":"6677889 PT","fullName":"Gladys Aramayo","address":"Calle Avaroa 77, Tupiza","phone":"72345678"})");
  const std::string ort = Order(Command("issueRequirementsOrder", "platform", "{" + c + "}"), "ORT");
  Command("recordVisit", "technician",
          R"({"orderNumber":")" + ort + R"(","materials":[{"code":"CAB-6","quantity":25},{"code":"CAJ-1","quantity":1}],"planReference":"P-3"})");
  Command("issueQuote", "platform", "{" + c + "}");
  const std::string oem = Order(Command("recordPayment", "cashier", "{" + c + R"(,"amountCentavos":39825,"receiptNumber":"R-77"})"), "OEM");
  Command("recordMaterialsDelivery", "warehouse",
          R"({"orderNumber":")" + oem + R"(","items":[{"code":"CAB-6","quantity":25},{"code":"CAJ-1","quantity":1}]})");
  Command("reportInstallation", "platform", "{" + c + R"(,"installerName":"Pedro Flores"})");
  const std::string oit = Order(Command("issueInspectionOrder", "platform", "{" + c + "}"), "OIT");
  Command("recordInspectionResult", "technician", R"({"orderNumber":")" + oit + R"(","satisfactory":true})");
  Command("decideViability", "platform", "{" + c + R"(,"viable":true})");
  Command("registerMeter", "platform", "{" + c + R"(,"meterSerial":"MED-7788","ownership":"bought","brand":"Elster"})");
  const std::string oc = Order(Command("issueConnectionOrder", "platform", "{" + c + "}"), "OC");
  Command("prepareContract", "platform", "{" + c + "}");
  Command("recordContractSigned", "platform", "{" + c + "}");
  Command("handOverDocuments", "platform", "{" + c + R"(,"technician":"tec-ramos"})");
  Command("assembleFolder", "platform", "{" + c + "}");
  Command("recordEnergization", "technician", R"({"orderNumber":")" + oc + R"(","meterSerial":"MED-7788","meterReading":0})");
  Command("completeCase", "platform", "{" + c + "}");
  for (const std::string& order : {ort, oem, oit, oc}) {
    ASSERT_FALSE(order.empty());
    Command("verifyReturnedOrder", "platform", R"({"orderNumber":")" + order + R"("})");
  }
  const std::string registered = Command("registerInDailyControl", "platform",
                                         R"({"orderNumbers":[")" + ort + "\",\"" + oem + "\",\"" + oit + "\",\"" + oc + "\"]}");
  const std::string head = After(registered, "\"lastPosition\":", IsDigit);
  ASSERT_FALSE(head.empty()) << registered;

  const std::string folder = Curl("GET", "/v1/clients/6677889/folder?min_position=" + head, "auditor");
  EXPECT_EQ(status_, 200) << folder;
  for (const char* event : {"caseOpened", "clientRegistered", "folderAssembled", "caseClosed", "orderRegisteredInDailyControl"}) {
    EXPECT_NE(folder.find(std::string("\"event\":\"") + event + "\""), std::string::npos) << event;
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string today = domain::FormatDate(domain::ToLocalDate(now));
  const std::string control = Curl("GET", "/v1/reports/daily-control?date=" + today + "&format=csv", "auditor");
  EXPECT_EQ(status_, 200) << control;
  for (const std::string& order : {ort, oem, oit, oc}) EXPECT_NE(control.find(order), std::string::npos) << order << "\n" << control;
  const std::string refused = Curl("POST", "/v1/commands/issueQuote", "platform", "{" + c + "}");
  EXPECT_EQ(status_, 422) << refused;
}

}  // namespace
}  // namespace bitacora::testing

namespace bitacora::testing {
namespace {

// Runs the CLI; returns its stdout and sets `code` to its exit status.
std::string Cli(const std::string& args, int& code) {
  std::string out;
  FILE* pipe = popen((std::string(BITACORA_BINARY) + " " + args + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

TEST_F(ServeProcess, CliThroughTheServerAndTheLockedStore) {
  int code = 0;
  const std::string server = "--server http://127.0.0.1:" + port_;
  // The embedded CLI finds the store held by the server and says how to reach it.
  std::string locked = Cli("--data " + data_ + " --actor a --role platform open-case --kind cut", code);
  EXPECT_EQ(code, 1) << locked;
  EXPECT_NE(locked.find("store_locked"), std::string::npos) << locked;
  EXPECT_NE(locked.find("--server"), std::string::npos) << locked;
  // The same command through the server, the actor and role from the token.
  Cli(server + " --token " + tokens_["supervisor"] +
          " set-requirement-checklist --case-kind new-connection --tariff-category residential --documents CI",
      code);
  EXPECT_EQ(code, 0);
  std::string opened = Cli(server + " --token " + tokens_["platform"] + " --json open-case --kind new-connection " +
                               "--client-ci '7788990 TJ' --tariff-category residential --address 'Calle Junín 5'",
                           code);
  EXPECT_EQ(code, 0) << opened;
  EXPECT_NE(opened.find("\"caseId\":\"TRA-2026-"), std::string::npos) << opened;
  std::string refused = Cli(server + " --token " + tokens_["cashier"] + " open-case --kind new-connection", code);
  EXPECT_EQ(code, 3) << refused;  // not allowed for the role
  std::string quote = Cli(server + " --token " + tokens_["platform"] + " issue-quote --case-id TRA-2026-000001", code);
  EXPECT_EQ(code, 6) << quote;  // refused by the procedure
  std::string kase = Cli(server + " --token " + tokens_["auditor"] + " case TRA-2026-000001", code);
  EXPECT_EQ(code, 0) << kase;
  EXPECT_NE(kase.find("clientCi: 7788990"), std::string::npos) << kase;
  std::string missing = Cli(server + " --token " + tokens_["auditor"] + " order ORT-2026-000999", code);
  EXPECT_EQ(code, 4) << missing;
  std::string bad = Cli(server + " --token btk_nope case TRA-2026-000001", code);
  EXPECT_EQ(code, 3) << bad;
}

// The value of the metric line `name` (labels included) in a /metrics answer; -1 when absent.
double MetricValue(const std::string& text, const std::string& name) {
  const size_t at = text.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::atof(text.c_str() + at + name.size() + 2);
}

class ServeWithBudget : public ServeProcess {
 protected:
  ServeWithBudget() {
    serve_args_ = {"--cache-size",    "16MiB", "--write-buffers", "4MiB",  "--record-cache", "3",
                   "--malloc-arenas", "1",     "--version-cache", "2",     "--answer-cache", "1536"};
  }
};

TEST_F(ServeWithBudget, TheBudgetFlagsReachRocksDbAndMetricsShowWhereTheMemoryIs) {
  Command("setRequirementChecklist", "supervisor",
          R"({"caseKind":"newConnection","tariffCategory":"residential","documents":["Fotocopia de CI"]})");
  Command("openCase", "platform",
          R"({"kind":"newConnection","clientCi":"6677889 PT","tariffCategory":"residential","address":"Calle Avaroa 77, Tupiza"})");
  // Wait for the views to catch up with the head.
  for (int i = 0; i < 200; ++i) {
    const std::string health = Curl("GET", "/healthz", "auditor");
    if (After(health, "\"head\":", IsDigit) == After(health, "\"views\":", IsDigit)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  // The client's folder (about 500 bytes here) fits in a generation of --answer-cache 1536 (768
  // bytes); the case's answer (about 800) does not, and is not kept.
  ASSERT_EQ((Curl("GET", "/v1/clients/6677889%20PT/folder", "auditor"), status_), 200);
  ASSERT_EQ((Curl("GET", "/v1/cases/TRA-2026-000001", "auditor"), status_), 200);
  const std::string metrics = Curl("GET", "/metrics", "auditor");
  ASSERT_EQ(status_, 200) << metrics;
  EXPECT_EQ(MetricValue(metrics, "bitacora_answer_cache_entries"), 1) << metrics;
  EXPECT_GT(MetricValue(metrics, "bitacora_answer_cache_bytes"), 128);
  EXPECT_LE(MetricValue(metrics, "bitacora_answer_cache_bytes"), 768);
  // One cache of --cache-size for both databases.
  EXPECT_EQ(MetricValue(metrics, "bitacora_rocksdb_block_cache_capacity_bytes{db=\"store\"}"), 16 << 20) << metrics;
  EXPECT_EQ(MetricValue(metrics, "bitacora_rocksdb_block_cache_capacity_bytes{db=\"views\"}"), 16 << 20);
  // The memtables are charged to it: the cache holds at least their charge.
  EXPECT_GT(MetricValue(metrics, "bitacora_rocksdb_memtables_bytes{db=\"store\"}"), 0);
  EXPECT_GT(MetricValue(metrics, "bitacora_rocksdb_block_cache_usage_bytes{db=\"store\"}"), 0);
  // The case and client records exceed --record-cache 3: the projector forgot them at its commit.
  EXPECT_GE(MetricValue(metrics, "bitacora_projection_cached_records"), 0);
  EXPECT_LE(MetricValue(metrics, "bitacora_projection_cached_records"), 3);
  // Fewer than 16 events: no stored Merkle node yet, so none in memory (-1 would be no gauge).
  EXPECT_EQ(MetricValue(metrics, "bitacora_store_merkle_nodes_bytes"), 0);
  EXPECT_GT(MetricValue(metrics, "bitacora_resident_memory_bytes"), 1 << 20);
  // --version-cache 2: the writer keeps one or two of the streams the two commands touched.
  EXPECT_GE(MetricValue(metrics, "bitacora_store_cached_versions"), 1);
  EXPECT_LE(MetricValue(metrics, "bitacora_store_cached_versions"), 2);
  EXPECT_GT(MetricValue(metrics, "bitacora_store_cached_versions_bytes"), 0);
  EXPECT_LT(MetricValue(metrics, "bitacora_store_cached_versions_bytes"), 4096);
#ifndef __SANITIZE_ADDRESS__  // AddressSanitizer's allocator replaces glibc's: mallinfo2 reads 0
  EXPECT_GT(MetricValue(metrics, "bitacora_malloc_in_use_bytes"), 0);
#endif
  // Every thread shares the main arena (glibc's default would give the request threads more).
  EXPECT_EQ(MetricValue(metrics, "bitacora_malloc_arenas"), 1);
}

// Starts `bitacora serve` with `flag value` on a fresh folder under `dir` and expects it refused
// before serving: exit 2 and a message naming the flag. `timeout`: a value let through would
// start the server, and the test would wait for it.
void ExpectServeRefuses(const TempDir& dir, const std::string& flag, const std::string& value) {
  const std::string out = Shell("timeout 10 " + std::string(BITACORA_BINARY) + " --data " +
                                dir.Sub("data") + " serve --listen 127.0.0.1:0 " + flag + " " +
                                value + " 2>&1; echo \"exit $?\"");
  EXPECT_NE(out.find(flag), std::string::npos) << flag << " " << value << ": " << out;
  EXPECT_NE(out.find("exit 2"), std::string::npos) << flag << " " << value << ": " << out;
}

TEST(ServeFlags, AnAnswerCacheBoundThatIsNotASizeIsRefused) {
  TempDir dir;
  for (const char* bad : {"-1MiB", "lots", "12parsecs"}) {
    ExpectServeRefuses(dir, "--answer-cache", bad);
  }
}

TEST(ServeFlags, AnMmapThresholdThatIsNotASizeOrOverGlibcsOwnLimitIsRefused) {
  TempDir dir;
  for (const char* bad : {"-1KiB", "lots", "33MiB"}) {
    ExpectServeRefuses(dir, "--malloc-mmap-threshold", bad);
  }
}

TEST(ServeFlags, AVersionCacheBoundThatIsNotACountIsRefused) {
  TempDir dir;
  for (const char* bad : {"-5", "lots", "100000001"}) {
    ExpectServeRefuses(dir, "--version-cache", bad);
  }
}

TEST(ServeFlags, CountsThatAreNegativeOrNotNumbersAreRefused) {
  TempDir dir;
  for (const char* flag : {"--record-cache", "--threads", "--max-body", "--malloc-arenas"}) {
    for (const char* bad : {"-5", "lots"}) ExpectServeRefuses(dir, flag, bad);
  }
}

TEST(ServeFlags, WriteBuffersLargerThanTheCacheAreRefused) {
  TempDir dir;
  const std::string out = Shell(std::string(BITACORA_BINARY) + " --data " + dir.Sub("data") +
                                " serve --listen 127.0.0.1:0 --cache-size 8MiB --write-buffers 16MiB 2>&1; echo \"exit $?\"");
  EXPECT_NE(out.find("bad_memory_budget"), std::string::npos) << out;
  EXPECT_NE(out.find("exit 2"), std::string::npos) << out;
}

}  // namespace
}  // namespace bitacora::testing
