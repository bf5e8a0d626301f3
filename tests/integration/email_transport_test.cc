// Mail transport against real peers: SMTP (aiosmtpd) and IMAP (Dovecot), started on
// loopback by tests/integration/test_email_transport.py, which passes them in:
//   SHOPDESK_TEST_SMTP_URL, SHOPDESK_TEST_SMTP_SINK_DIR (where the sink saves mail),
//   SHOPDESK_TEST_IMAP_URL, _USER, _PASSWORD, and SHOPDESK_TEST_IMAP_FIXTURES: a
//   directory of 1.eml, 2.eml, 3.eml, appended (unseen) to the mailbox in that order.
// Tests needing a peer are skipped without these; the rest use only closed or silent
// loopback ports.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "channels/email/curl_handle.h"
#include "channels/email/email_adapter.h"
#include "channels/email/imap_mailbox.h"
#include "channels/email/smtp_transport.h"

namespace shopdesk::channels::email {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A loopback socket bound to a free port. listening: accepts connections (the kernel
// completes the handshake) but never answers; otherwise the port is closed at once.
class LoopbackPort {
 public:
  explicit LoopbackPort(bool listening) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t size = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    if (listening) {
      listen(fd_, 8);
    } else {
      close(fd_);
      fd_ = -1;
    }
  }
  ~LoopbackPort() {
    if (fd_ >= 0) close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// ---------------------------------------------------------------------------------------
// Without peers

TEST(CurlHandleTest, HostPortOfFillsDefaultPortsAndHidesCredentials) {
  EXPECT_EQ(HostPortOf("smtp://user:hunter22@mail.example.jp"), "mail.example.jp:25");
  EXPECT_EQ(HostPortOf("smtps://mail.example.jp"), "mail.example.jp:465");
  EXPECT_EQ(HostPortOf("imap://mail.example.jp/INBOX"), "mail.example.jp:143");
  EXPECT_EQ(HostPortOf("imaps://u:p@mail.example.jp/INBOX"), "mail.example.jp:993");
  EXPECT_EQ(HostPortOf("imap://127.0.0.1:1143/INBOX"), "127.0.0.1:1143");
  EXPECT_EQ(HostPortOf("imap://[::1]:1143/INBOX"), "[::1]:1143");
  EXPECT_EQ(HostPortOf("not a url"), "");
}

TEST(CurlHandleTest, CheckMailUrlAcceptsOnlyTheProtocolsSchemes) {
  EXPECT_TRUE(CheckMailUrl(MailProtocol::kSmtp, "smtp://127.0.0.1:25"));
  EXPECT_TRUE(CheckMailUrl(MailProtocol::kSmtp, "smtps://mail.example.jp"));
  EXPECT_TRUE(CheckMailUrl(MailProtocol::kImap, "imaps://mail.example.jp/INBOX"));
  for (const char* url :
       {"", "http://mail.example.jp", "file:///etc/passwd", "imap://h/INBOX", "smtp://"}) {
    auto status = CheckMailUrl(MailProtocol::kSmtp, url);
    ASSERT_FALSE(status) << url;
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << url;
    EXPECT_NE(status.error().message.find("smtp://"), std::string::npos) << url;
  }
  auto status = CheckMailUrl(MailProtocol::kImap, "pop3://shop:hunter22@mail.example.jp");
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("imap://"), std::string::npos);
  EXPECT_EQ(status.error().message.find("hunter22"), std::string::npos);
}

TEST(CurlHandleTest, TransferErrorSeparatesPermanentFromTransient) {
  const std::string url = "smtp://mail.example.jp:587";
  auto rejected =
      TransferError(MailProtocol::kSmtp, CURLE_SEND_ERROR, 550, "sending mail", url,
                    "RCPT failed: 550", "550 5.1.1 no such user", "RCPT TO:<nobody@example.jp>");
  EXPECT_EQ(rejected.code, ErrorCode::kInvalidArgument);
  EXPECT_NE(rejected.message.find("mail.example.jp:587"), std::string::npos);
  EXPECT_NE(rejected.message.find("RCPT TO:<nobody@example.jp>"), std::string::npos);
  EXPECT_NE(rejected.message.find("550 5.1.1 no such user"), std::string::npos);

  EXPECT_EQ(TransferError(MailProtocol::kSmtp, CURLE_SEND_ERROR, 451, "s", url, "", "").code,
            ErrorCode::kUnavailable);
  EXPECT_EQ(TransferError(MailProtocol::kSmtp, CURLE_COULDNT_CONNECT, 0, "s", url, "", "").code,
            ErrorCode::kUnavailable);
  EXPECT_EQ(TransferError(MailProtocol::kSmtp, CURLE_OPERATION_TIMEDOUT, 0, "s", url, "", "").code,
            ErrorCode::kUnavailable);
  EXPECT_EQ(TransferError(MailProtocol::kSmtp, CURLE_LOGIN_DENIED, 535, "s", url, "", "").code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(TransferError(MailProtocol::kSmtp, CURLE_URL_MALFORMAT, 0, "s", url, "", "").code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(TransferError(MailProtocol::kSmtp, CURLE_USE_SSL_FAILED, 0, "s", url, "", "").code,
            ErrorCode::kInvalidArgument);
  // IMAP has no reply codes: only the libcurl code counts.
  EXPECT_EQ(TransferError(MailProtocol::kImap, CURLE_RECV_ERROR, 0, "i", "imap://h/", "", "").code,
            ErrorCode::kUnavailable);
}

TEST(CurlHandleTest, RedactHidesSecretsButNotShortOnes) {
  EXPECT_EQ(Redact("login hunter22 refused: hunter22", "hunter22"), "login *** refused: ***");
  EXPECT_EQ(Redact("a b", "a"), "a b");
}

TEST(SmtpTransportTest, RefusesWhatCanNeverBeSentWithoutConnecting) {
  EmailSettings settings;
  const std::string bytes = "Subject: x\r\n\r\nbody\r\n";
  auto code = [&](const Status& s) { return s ? ErrorCode::kInternal : s.error().code; };
  EXPECT_EQ(code(SendMail(settings, "a@example.jp", {"b@example.jp"}, bytes)),
            ErrorCode::kInvalidArgument);  // no URL
  settings.smtp_url = "file:///tmp/shopdesk-must-not-exist";
  EXPECT_EQ(code(SendMail(settings, "a@example.jp", {"b@example.jp"}, bytes)),
            ErrorCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists("/tmp/shopdesk-must-not-exist"));
  settings.smtp_url = "smtp://127.0.0.1:1";
  EXPECT_EQ(code(SendMail(settings, "a@example.jp", {}, bytes)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(SendMail(settings, "a@example.jp", {"b@example.jp\r\nRCPT TO:<c@x>"}, bytes)),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(SendMail(settings, "a@example.jp>", {"b@example.jp"}, bytes)),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(SendMail(settings, "a@example.jp", {"b@example.jp"}, "")),
            ErrorCode::kInvalidArgument);
}

TEST(SmtpTransportTest, ConnectionRefusedIsTransientAndNamesHostAndPort) {
  LoopbackPort closed(false);
  EmailSettings settings;
  settings.smtp_url = "smtp://127.0.0.1:" + std::to_string(closed.port());
  settings.smtp_user = "shop";
  settings.smtp_password = "hunter22";
  auto status = SendMail(settings, "a@example.jp", {"b@example.jp"}, "Subject: x\r\n\r\nx\r\n");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable) << status.error().message;
  EXPECT_NE(status.error().message.find("127.0.0.1:" + std::to_string(closed.port())),
            std::string::npos)
      << status.error().message;
  EXPECT_EQ(status.error().message.find("hunter22"), std::string::npos);
  EXPECT_EQ(status.error().reason, "mail.connect_refused");
  EXPECT_EQ(CheckSmtpLogin(settings, {}).error().reason, "mail.connect_refused");
}

TEST(SmtpTransportTest, SilentServerTimesOutWithinTheConfiguredTime) {
  LoopbackPort silent(true);
  EmailSettings settings;
  settings.smtp_url = "smtp://127.0.0.1:" + std::to_string(silent.port());
  const auto started = std::chrono::steady_clock::now();
  auto status = SendMail(settings, "a@example.jp", {"b@example.jp"}, "Subject: x\r\n\r\nx\r\n",
                         CurlTimeouts{milliseconds(1000), milliseconds(1000)});
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(status.error().message.find("in time"), std::string::npos) << status.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(ImapMailboxTest, FactoryChecksTheUrlWithoutConnecting) {
  EmailSettings settings;
  auto none = OpenImapMailbox(settings);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
  settings.imap_url = "pop3://mail.example.jp/";
  auto wrong = OpenImapMailbox(settings);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  settings.imap_url = "imaps://mail.example.jp/Support%20Desk;UIDVALIDITY=5";
  auto fine = OpenImapMailbox(settings);
  ASSERT_TRUE(fine);
  ImapMailbox mailbox(settings);
  EXPECT_EQ(mailbox.folder(), "Support Desk");
  EmailSettings no_path;
  no_path.imap_url = "imap://h:1";
  EXPECT_EQ(ImapMailbox(no_path).folder(), "INBOX");
  // Not a UID: refused before any connection is tried.
  EXPECT_EQ((*fine)->Fetch("1 BODY[]").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ((*fine)->Acknowledge("").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ((*fine)->Fetch("0").error().code, ErrorCode::kInvalidArgument);
}

TEST(ImapMailboxTest, UnreachableServerIsTransientAndNamesHostAndPort) {
  LoopbackPort closed(false);
  EmailSettings settings;
  settings.imap_url = "imap://127.0.0.1:" + std::to_string(closed.port()) + "/INBOX";
  settings.imap_user = "shop";
  settings.imap_password = "hunter22";
  auto mailbox = OpenImapMailbox(settings);
  ASSERT_TRUE(mailbox);
  auto pending = (*mailbox)->ListPending();
  ASSERT_FALSE(pending);
  EXPECT_EQ(pending.error().code, ErrorCode::kUnavailable) << pending.error().message;
  EXPECT_NE(pending.error().message.find("127.0.0.1:" + std::to_string(closed.port())),
            std::string::npos)
      << pending.error().message;
  EXPECT_EQ(pending.error().message.find("hunter22"), std::string::npos);
}

TEST(ImapMailboxTest, SilentServerTimesOut) {
  LoopbackPort silent(true);
  EmailSettings settings;
  settings.imap_url = "imap://127.0.0.1:" + std::to_string(silent.port()) + "/INBOX";
  ImapMailbox mailbox(settings, CurlTimeouts{milliseconds(1000), milliseconds(1000)});
  const auto started = std::chrono::steady_clock::now();
  auto pending = mailbox.ListPending();
  ASSERT_FALSE(pending);
  EXPECT_EQ(pending.error().code, ErrorCode::kUnavailable) << pending.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

// ---------------------------------------------------------------------------------------
// Against the SMTP sink

class SmtpSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    settings_.smtp_url = Env("SHOPDESK_TEST_SMTP_URL");
    sink_ = Env("SHOPDESK_TEST_SMTP_SINK_DIR");
    if (settings_.smtp_url.empty() || sink_.empty()) {
      GTEST_SKIP() << "needs SHOPDESK_TEST_SMTP_URL and SHOPDESK_TEST_SMTP_SINK_DIR "
                      "(run tests/integration/test_email_transport.py)";
    }
    before_ = Saved();
  }

  std::set<fs::path> Saved() const {
    std::set<fs::path> out;
    for (const auto& entry : fs::directory_iterator(sink_)) {
      if (entry.path().extension() == ".eml") out.insert(entry.path());
    }
    return out;
  }

  // The messages the sink saved since SetUp, in arrival order.
  std::vector<fs::path> Arrived() const {
    std::vector<fs::path> out;
    for (const auto& path : Saved()) {
      if (!before_.contains(path)) out.push_back(path);
    }
    return out;
  }

  EmailSettings settings_;
  fs::path sink_;
  std::set<fs::path> before_;
};

// A message that catches any rewriting on the way: Japanese UTF-8 (8-bit), a 990-byte
// line (the SMTP limit is 998), lines starting with dots (dot-stuffing) and trailing
// spaces.
std::string JapaneseMessage(const std::string& message_id) {
  std::string bytes =
      "From: =?UTF-8?B?44GV44GP44KJ6ZuR6LKo5bqX?= <support@sakura.example>\r\n"
      "To: taro@example.jp, hanako@example.jp\r\n"
      "Subject: =?UTF-8?B?44GU5rOo5paH44Gr44Gk44GE44Gm?=\r\n"
      "Message-ID: <" +
      message_id +
      ">\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n"
      "\r\n"
      "山田様\r\n"
      "\r\n"
      "この度はご注文いただき誠にありがとうございます。①㈱～髙\r\n"
      ".先頭がドットの行\r\n"
      ".\r\n"
      "..\r\n"
      "trailing spaces   \r\n";
  std::string long_line;
  while (long_line.size() < 990) long_line += "あいうえお0123456789";
  long_line.resize(990);
  bytes += long_line + "\r\n";
  bytes += "さくら雑貨店\r\n";
  return bytes;
}

TEST_F(SmtpSinkTest, DeliversTheExactBytesToEveryRecipient) {
  const std::string bytes = JapaneseMessage("exact@sakura.example");
  auto status = SendMail(settings_, "support@sakura.example",
                         {"taro@example.jp", "hanako@example.jp"}, bytes);
  ASSERT_TRUE(status) << status.error().message;
  const auto arrived = Arrived();
  ASSERT_EQ(arrived.size(), 1u);
  EXPECT_TRUE(ReadFile(arrived[0]) == bytes) << "the sink received different bytes";
  auto envelope = nlohmann::json::parse(ReadFile(fs::path(arrived[0]).replace_extension(".json")));
  EXPECT_EQ(envelope["mail_from"], "support@sakura.example");
  EXPECT_EQ(envelope["rcpt_tos"], nlohmann::json::array({"taro@example.jp", "hanako@example.jp"}));
}

TEST_F(SmtpSinkTest, SendsWithTheNullSender) {
  const std::string bytes = "Subject: bounce\r\n\r\nundeliverable\r\n";
  auto status = SendMail(settings_, "", {"taro@example.jp"}, bytes);
  ASSERT_TRUE(status) << status.error().message;
  const auto arrived = Arrived();
  ASSERT_EQ(arrived.size(), 1u);
  EXPECT_EQ(ReadFile(arrived[0]), bytes);
  auto envelope = nlohmann::json::parse(ReadFile(fs::path(arrived[0]).replace_extension(".json")));
  EXPECT_EQ(envelope["mail_from"], "<>");  // aiosmtpd's way of writing the null sender
}

TEST_F(SmtpSinkTest, PermanentRefusalIsInvalidArgumentAndSendsNothing) {
  auto status = SendMail(settings_, "support@sakura.example",
                         {"taro@example.jp", "fail5xx@example.jp"}, JapaneseMessage("p@s"));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  const std::string& message = status.error().message;
  EXPECT_NE(message.find(HostPortOf(settings_.smtp_url)), std::string::npos) << message;
  EXPECT_NE(message.find("RCPT TO:<fail5xx@example.jp>"), std::string::npos) << message;
  EXPECT_NE(message.find("550 5.1.1 no such user"), std::string::npos) << message;
  EXPECT_TRUE(Arrived().empty());
}

TEST_F(SmtpSinkTest, TemporaryRefusalIsUnavailable) {
  auto status =
      SendMail(settings_, "support@sakura.example", {"fail4xx@example.jp"}, JapaneseMessage("t@s"));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(status.error().message.find("451"), std::string::npos) << status.error().message;
  EXPECT_TRUE(Arrived().empty());
}

TEST_F(SmtpSinkTest, TheAcceptedHookRunsOnceAfterTheServerTookTheMessageAndOnlyThen) {
  int runs = 0;
  std::size_t arrived_when_run = 0;
  auto hook = [&] {
    ++runs;
    arrived_when_run = Arrived().size();
  };
  ASSERT_FALSE(SendMail(settings_, "support@sakura.example", {"fail4xx@example.jp"},
                        JapaneseMessage("h1@s"), CurlTimeouts{}, hook));
  EXPECT_EQ(runs, 0);
  ASSERT_TRUE(SendMail(settings_, "support@sakura.example", {"taro@example.jp"},
                       JapaneseMessage("h2@s"), CurlTimeouts{}, hook));
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(arrived_when_run, 1u);  // the sink had saved it: its reply to DATA came first
}

TEST_F(SmtpSinkTest, RequiredStartTlsThatIsNotOfferedIsPermanent) {
  settings_.smtp_starttls = true;  // the sink offers no STARTTLS
  auto status =
      SendMail(settings_, "support@sakura.example", {"taro@example.jp"}, JapaneseMessage("tls@s"));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << status.error().message;
  EXPECT_NE(status.error().message.find("STARTTLS"), std::string::npos) << status.error().message;
  EXPECT_EQ(status.error().reason, "mail.starttls_missing");
  EXPECT_TRUE(Arrived().empty());
}

TEST_F(SmtpSinkTest, TheConnectionCheckLogsInAndSendsNothing) {
  Channel channel;
  SetEmailSettings(channel, settings_);
  auto checks = EmailAdapter().CheckConnection(channel);
  ASSERT_EQ(checks.size(), 1u);  // no IMAP configured: no inbound check
  EXPECT_EQ(checks[0].part, "outbound");
  EXPECT_TRUE(checks[0].status) << checks[0].status.error().message;
  EXPECT_TRUE(Arrived().empty());

  channel.settings.values["smtp_starttls"] = "true";  // the sink offers no STARTTLS
  checks = EmailAdapter().CheckConnection(channel);
  ASSERT_FALSE(checks[0].status);
  EXPECT_EQ(checks[0].status.error().reason, "mail.starttls_missing");
}

// ---------------------------------------------------------------------------------------
// Against Dovecot

class DovecotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    settings_.imap_url = Env("SHOPDESK_TEST_IMAP_URL");
    settings_.imap_user = Env("SHOPDESK_TEST_IMAP_USER");
    settings_.imap_password = Env("SHOPDESK_TEST_IMAP_PASSWORD");
    fixtures_ = Env("SHOPDESK_TEST_IMAP_FIXTURES");
    if (settings_.imap_url.empty() || fixtures_.empty()) {
      GTEST_SKIP() << "needs SHOPDESK_TEST_IMAP_URL, _USER, _PASSWORD and _FIXTURES "
                      "(run tests/integration/test_email_transport.py)";
    }
  }

  EmailSettings settings_;
  fs::path fixtures_;
};

TEST_F(DovecotTest, ListsFetchesExactBytesWithoutSeenAndAcknowledges) {
  auto opened = OpenImapMailbox(settings_);
  ASSERT_TRUE(opened) << opened.error().message;
  InboundSource& mailbox = **opened;

  auto pending = mailbox.ListPending();
  ASSERT_TRUE(pending) << pending.error().message;
  ASSERT_EQ(pending->size(), 3u);
  EXPECT_TRUE(std::is_sorted(pending->begin(), pending->end(), [](const auto& a, const auto& b) {
    return std::stoul(a) < std::stoul(b);
  }));

  for (std::size_t i = 0; i < 3; ++i) {
    const std::string expected = ReadFile(fixtures_ / (std::to_string(i + 1) + ".eml"));
    ASSERT_FALSE(expected.empty());
    auto fetched = mailbox.Fetch((*pending)[i]);
    ASSERT_TRUE(fetched) << fetched.error().message;
    EXPECT_EQ(fetched->size(), expected.size()) << "message " << i + 1;
    EXPECT_TRUE(*fetched == expected) << "message " << i + 1 << " differs";
  }

  // Fetching marked nothing seen.
  auto again = mailbox.ListPending();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, *pending);

  const std::string first = pending->front();
  ASSERT_TRUE(mailbox.Acknowledge(first));
  ASSERT_TRUE(mailbox.Acknowledge(first));  // idempotent
  auto rest = mailbox.ListPending();
  ASSERT_TRUE(rest) << rest.error().message;
  EXPECT_EQ(*rest, std::vector<std::string>(pending->begin() + 1, pending->end()));

  // An acknowledged message can still be fetched (a retry after a crash).
  auto fetched_again = mailbox.Fetch(first);
  ASSERT_TRUE(fetched_again) << fetched_again.error().message;
  EXPECT_EQ(*fetched_again, ReadFile(fixtures_ / "1.eml"));

  auto missing = mailbox.Fetch("999999");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  // The flags are on the server: a second session sees the same.
  auto other = OpenImapMailbox(settings_);
  ASSERT_TRUE(other);
  auto seen_by_other = (*other)->ListPending();
  ASSERT_TRUE(seen_by_other) << seen_by_other.error().message;
  EXPECT_EQ(*seen_by_other, *rest);
}

TEST_F(DovecotTest, ReconnectsWhenTheServerDroppedTheSession) {
  const std::string kick = Env("SHOPDESK_TEST_IMAP_KICK_COMMAND");
  if (kick.empty()) GTEST_SKIP() << "needs SHOPDESK_TEST_IMAP_KICK_COMMAND";
  ImapMailbox mailbox(settings_);
  auto before = mailbox.ListPending();
  ASSERT_TRUE(before) << before.error().message;
  ASSERT_EQ(std::system(kick.c_str()), 0) << kick;  // the server says BYE and hangs up
  auto after = mailbox.ListPending();
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(*after, *before);
  ASSERT_FALSE(after->empty());
  EXPECT_TRUE(mailbox.Fetch(after->front()));
}

TEST_F(DovecotTest, TheConnectionCheckCountsUnreadMailAndNamesWhatFailed) {
  Channel channel;
  SetEmailSettings(channel, settings_);
  ImapMailbox mailbox(settings_);
  auto unseen = mailbox.ListPending();
  ASSERT_TRUE(unseen) << unseen.error().message;
  auto checks = EmailAdapter().CheckConnection(channel);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].part, "inbound");
  ASSERT_TRUE(checks[0].status) << checks[0].status.error().message;
  EXPECT_EQ(checks[0].pending, static_cast<std::int64_t>(unseen->size()));
  EXPECT_EQ(*mailbox.ListPending(), *unseen);  // nothing was marked read

  channel.settings.secrets["imap_password"] = "wr0ng-Passw0rd";
  checks = EmailAdapter().CheckConnection(channel);
  ASSERT_FALSE(checks[0].status);
  EXPECT_EQ(checks[0].status.error().reason, "mail.login_refused");
  channel.settings.secrets["imap_password"] = settings_.imap_password;
  channel.settings.values["imap_url"] =
      settings_.imap_url.substr(0, settings_.imap_url.rfind('/')) + "/NoSuchBox";
  checks = EmailAdapter().CheckConnection(channel);
  ASSERT_FALSE(checks[0].status);
  EXPECT_EQ(checks[0].status.error().reason, "mail.folder_missing");
  EXPECT_EQ(checks[0].status.error().params[0].second, "NoSuchBox");
}

TEST_F(DovecotTest, WrongPasswordIsPermanentAndSaysSo) {
  settings_.imap_password = "wr0ng-Passw0rd";
  auto mailbox = OpenImapMailbox(settings_);
  ASSERT_TRUE(mailbox);
  auto pending = (*mailbox)->ListPending();
  ASSERT_FALSE(pending);
  const Error& error = pending.error();
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument) << error.message;
  EXPECT_NE(error.message.find("user name or password"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find(HostPortOf(settings_.imap_url)), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find("wr0ng-Passw0rd"), std::string::npos) << error.message;
}

TEST_F(DovecotTest, MissingFolderIsPermanentAndNamed) {
  settings_.imap_url = settings_.imap_url.substr(0, settings_.imap_url.rfind('/')) + "/NoSuchBox";
  ImapMailbox mailbox(settings_);
  auto pending = mailbox.ListPending();
  ASSERT_FALSE(pending);
  EXPECT_EQ(pending.error().code, ErrorCode::kInvalidArgument) << pending.error().message;
  EXPECT_NE(pending.error().message.find("NoSuchBox"), std::string::npos)
      << pending.error().message;
}

// Last: it changes the folder's UIDVALIDITY for good.
TEST_F(DovecotTest, RefusesUidsListedBeforeTheFolderWasRecreated) {
  const std::string kick = Env("SHOPDESK_TEST_IMAP_KICK_COMMAND");
  const std::string renew = Env("SHOPDESK_TEST_IMAP_NEW_UIDVALIDITY_COMMAND");
  if (kick.empty() || renew.empty()) {
    GTEST_SKIP() << "needs SHOPDESK_TEST_IMAP_KICK_COMMAND and _NEW_UIDVALIDITY_COMMAND";
  }
  ImapMailbox mailbox(settings_);
  auto pending = mailbox.ListPending();
  ASSERT_TRUE(pending) << pending.error().message;
  ASSERT_FALSE(pending->empty());
  ASSERT_EQ(std::system(renew.c_str()), 0) << renew;
  ASSERT_EQ(std::system(kick.c_str()), 0) << kick;

  // The UIDs listed may now name other messages: neither fetched nor acknowledged.
  auto fetched = mailbox.Fetch(pending->front());
  ASSERT_FALSE(fetched);
  EXPECT_EQ(fetched.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(fetched.error().message.find("UIDVALIDITY"), std::string::npos)
      << fetched.error().message;
  EXPECT_FALSE(mailbox.Acknowledge(pending->front()));

  // Listed afresh, they are good again.
  auto relisted = mailbox.ListPending();
  ASSERT_TRUE(relisted) << relisted.error().message;
  ASSERT_FALSE(relisted->empty());
  EXPECT_TRUE(mailbox.Fetch(relisted->front())) << "after listing again";
}

}  // namespace
}  // namespace shopdesk::channels::email
