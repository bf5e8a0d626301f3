#include "channels/email/imap_mailbox.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <optional>
#include <string_view>

namespace shopdesk::channels::email {
namespace {

// A literal larger than this ends the connection (the reply cannot be resynchronised).
constexpr std::size_t kMaxLiteral = std::size_t{1} << 30;

std::optional<std::uint64_t> ParseNumber(std::string_view digits) {
  std::uint64_t value = 0;
  if (digits.empty() || digits.size() > 19) return std::nullopt;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

// An IMAP UID: 1 .. 2^32-1, plain decimal.
bool IsUid(const std::string& id) {
  if (id.empty() || id.size() > 10 || id[0] == '0') return false;
  const auto value = ParseNumber(id);
  return value && *value <= 0xffffffffULL;
}

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char a, char b) { return Lower(a) == Lower(b); });
}

bool EndsWithNoCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         StartsWithNoCase(text.substr(text.size() - suffix.size()), suffix);
}

// Position of `needle` in `text` ignoring ASCII case, or npos.
std::size_t FindNoCase(std::string_view text, std::string_view needle, std::size_t from = 0) {
  for (std::size_t i = from; i + needle.size() <= text.size(); ++i) {
    if (StartsWithNoCase(text.substr(i), needle)) return i;
  }
  return std::string_view::npos;
}

// The announced size when `line` ends with a literal marker "{N}" or "{N+}".
std::optional<std::size_t> LiteralSize(std::string_view line) {
  if (line.empty() || line.back() != '}') return std::nullopt;
  const auto open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  std::string_view digits = line.substr(open + 1, line.size() - open - 2);
  if (!digits.empty() && digits.back() == '+') digits.remove_suffix(1);
  const auto size = ParseNumber(digits);
  if (!size) return std::nullopt;
  return static_cast<std::size_t>(*size);
}

// `line` without a trailing literal marker ("{N}", "{N+}", "~{N}").
std::string_view WithoutLiteralMarker(std::string_view line) {
  const auto open = line.rfind('{');
  if (open == std::string_view::npos) return line;
  line = line.substr(0, open);
  if (!line.empty() && line.back() == '~') line.remove_suffix(1);
  return line;
}

// An IMAP quoted string, or nullopt for text a quoted string cannot carry.
std::optional<std::string> Quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\0' || c == '\r' || c == '\n') return std::nullopt;
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

// The value of an IMAP quoted string starting at text[0] == '"'.
std::string Unquote(std::string_view text) {
  std::string out;
  for (std::size_t i = 1; i < text.size() && text[i] != '"'; ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    out.push_back(text[i]);
  }
  return out;
}

std::string DurationText(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

}  // namespace

// One server response: the text around its literals, so text.size() ==
// literals.size() + 1 and the response reads text[0] literal[0] text[1] ... text[n]
// (CRLFs removed, literal markers kept).
struct Response {
  std::vector<std::string> text = std::vector<std::string>(1);
  std::vector<std::string> literals;
};

struct ImapMailbox::Reply {
  std::vector<Response> untagged;
  std::string status;  // the tagged line after the tag: "OK ...", "NO ...", "BAD ..."

  bool ok() const { return StartsWithNoCase(status, "OK"); }
};

// An authenticated connection with one folder selected. After any I/O failure or
// timeout it is closed for good (is_open() false): a half-read reply cannot be
// resynchronised.
class ImapMailbox::Connection {
 public:
  Connection(const EmailSettings& settings, CurlTimeouts timeouts, std::string server_url)
      : settings_(settings),
        timeouts_(timeouts),
        server_url_(std::move(server_url)),
        host_(HostPortOf(server_url_)),
        handle_(MailProtocol::kImap, timeouts) {}

  ~Connection() {
    // A broken connection must not be used for libcurl's polite LOGOUT at cleanup: it
    // would wait for an answer that never comes. Shutting the socket down (libcurl
    // owns and closes it) makes that LOGOUT fail at once.
    if (!open_ && socket_ != CURL_SOCKET_BAD) shutdown(socket_, SHUT_RDWR);
  }

  bool is_open() const { return open_; }
  // True when the last failure was the server closing the connection (e.g. an idle
  // session timed out): the command may succeed on a new connection.
  bool dropped() const { return dropped_; }
  std::uint64_t uidvalidity() const { return uidvalidity_; }
  const std::string& host() const { return host_; }

  // Connects, logs in and selects `folder`.
  Status Open(const std::string& folder) {
    const auto quoted = Quoted(folder);
    if (!quoted) {
      return Error::InvalidArgument("the IMAP folder name in the URL contains line breaks");
    }
    if (CURL* curl = handle_.get()) {
      curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);
      // Bounds the wait for the login reply and for the LOGOUT reply at cleanup.
      curl_easy_setopt(curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, 30L);
      if (!settings_.imap_user.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.imap_user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.imap_password.c_str());
      }
    }
    SHOPDESK_TRY(
        handle_.Perform("connecting to the mailbox", server_url_, settings_.imap_password));
    curl_socket_t socket = CURL_SOCKET_BAD;
    curl_easy_getinfo(handle_.get(), CURLINFO_ACTIVESOCKET, &socket);
    if (socket == CURL_SOCKET_BAD) {
      return Error::Unavailable("connecting to the mailbox via " + host_ +
                                " failed: libcurl kept no connection");
    }
    socket_ = socket;
    open_ = true;

    const std::string what = "opening the folder '" + folder + "'";
    auto selected = Run("SELECT " + *quoted, what);
    if (!selected) return selected.error();
    if (!selected->ok()) {
      std::string message = what + " via " + host_ + " failed: the server answered \"" +
                            Redact(selected->status, settings_.imap_password) + "\"";
      open_ = false;
      if (FindNoCase(selected->status, "NONEXISTENT") != std::string::npos ||
          FindNoCase(selected->status, "exist") != std::string::npos) {
        return Error::InvalidArgument(message + "; check the folder in the IMAP URL")
            .WithReason("mail.folder_missing", {{"folder", folder}, {"host", host_}});
      }
      return Error::Unavailable(std::move(message));
    }
    for (const auto& response : selected->untagged) {
      const std::string& line = response.text.front();
      const auto at = FindNoCase(line, "[UIDVALIDITY ");
      if (at == std::string::npos) continue;
      const auto start = at + 13;
      const auto end = line.find(']', start);
      if (end == std::string::npos) continue;
      uidvalidity_ = ParseNumber(std::string_view(line).substr(start, end - start)).value_or(0);
    }
    return Ok();
  }

  // Sends "<tag> <command>" and collects the replies up to the tagged one. An error
  // only for I/O failures and timeouts; a NO or BAD answer is a Reply with !ok().
  Result<Reply> Run(const std::string& command, const std::string& what) {
    if (!open_) return Error::Unavailable(what + " via " + host_ + " failed: not connected");
    deadline_ = timeouts_.total.count() > 0
                    ? std::optional(std::chrono::steady_clock::now() + timeouts_.total)
                    : std::nullopt;
    const std::string tag = "S" + std::to_string(++next_tag_);
    SHOPDESK_TRY(SendAll(tag + " " + command + "\r\n", what));
    Reply reply;
    for (;;) {
      auto response = ReadResponse(what);
      if (!response) return response.error();
      const std::string& first = response->text.front();
      if (first.size() > tag.size() && first.compare(0, tag.size(), tag) == 0 &&
          first[tag.size()] == ' ') {
        reply.status = first.substr(tag.size() + 1);
        return reply;
      }
      reply.untagged.push_back(std::move(*response));
    }
  }

 private:
  Error Broken(const std::string& what, const std::string& why, bool dropped) {
    open_ = false;
    dropped_ = dropped;
    return Error::Unavailable(what + " via " + host_ + " failed: " + why);
  }

  // Waits until the socket is ready for `events` or the command's deadline passed.
  Status Wait(short events, const std::string& what) {
    for (;;) {
      int timeout_ms = -1;
      if (deadline_) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            *deadline_ - std::chrono::steady_clock::now());
        timeout_ms = static_cast<int>(std::max<std::int64_t>(0, left.count()));
      }
      pollfd fd{socket_, events, 0};
      const int ready = poll(&fd, 1, timeout_ms);
      if (ready > 0) return Ok();
      if (ready < 0 && errno == EINTR) continue;
      if (ready == 0) {
        return Broken(what, "the server did not answer within " + DurationText(timeouts_.total),
                      false);
      }
      return Broken(what, "waiting for the server failed", true);
    }
  }

  Status SendAll(const std::string& data, const std::string& what) {
    std::size_t offset = 0;
    while (offset < data.size()) {
      std::size_t sent = 0;
      const CURLcode rc =
          curl_easy_send(handle_.get(), data.data() + offset, data.size() - offset, &sent);
      if (rc == CURLE_AGAIN) {
        SHOPDESK_TRY(Wait(POLLOUT, what));
        continue;
      }
      if (rc != CURLE_OK) {
        return Broken(what, std::string("the connection broke (") + curl_easy_strerror(rc) + ")",
                      true);
      }
      offset += sent;
    }
    return Ok();
  }

  // Appends at least one received byte to buffer_.
  Status ReceiveMore(const std::string& what) {
    if (pos_ > 0 && pos_ * 2 >= buffer_.size()) {  // drop what was consumed
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    for (;;) {
      std::size_t got = 0;
      const CURLcode rc = curl_easy_recv(handle_.get(), chunk_, sizeof chunk_, &got);
      if (rc == CURLE_AGAIN) {
        SHOPDESK_TRY(Wait(POLLIN, what));
        continue;
      }
      if (rc != CURLE_OK) {
        return Broken(what, std::string("the connection broke (") + curl_easy_strerror(rc) + ")",
                      true);
      }
      if (got == 0) return Broken(what, "the server closed the connection", true);
      buffer_.append(chunk_, got);
      return Ok();
    }
  }

  // Reads one response line, with the literals it announces, byte-exact.
  Result<Response> ReadResponse(const std::string& what) {
    Response response;
    std::size_t scanned = 0;  // bytes after pos_ known to hold no CRLF
    for (;;) {
      const auto crlf = buffer_.find("\r\n", pos_ + scanned);
      if (crlf == std::string::npos) {
        scanned = buffer_.size() - pos_ > 0 ? buffer_.size() - pos_ - 1 : 0;
        SHOPDESK_TRY(ReceiveMore(what));
        continue;
      }
      const std::string_view line(buffer_.data() + pos_, crlf - pos_);
      response.text.back().append(line);
      pos_ = crlf + 2;
      scanned = 0;
      const auto literal = LiteralSize(line);
      if (!literal) return response;
      if (*literal > kMaxLiteral) {
        return Broken(what,
                      "the server announced " + std::to_string(*literal) +
                          " bytes, more than a mail may have here",
                      false);
      }
      if (buffer_.size() - pos_ < *literal) buffer_.reserve(pos_ + *literal + 4096);
      while (buffer_.size() - pos_ < *literal) SHOPDESK_TRY(ReceiveMore(what));
      response.literals.emplace_back(buffer_, pos_, *literal);
      pos_ += *literal;
      response.text.emplace_back();
    }
  }

  const EmailSettings& settings_;
  CurlTimeouts timeouts_;
  std::string server_url_;
  std::string host_;
  CurlHandle handle_;
  curl_socket_t socket_ = CURL_SOCKET_BAD;
  bool open_ = false;
  bool dropped_ = false;
  std::uint64_t uidvalidity_ = 0;
  int next_tag_ = 0;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  std::string buffer_;
  std::size_t pos_ = 0;  // start of the unread part of buffer_
  char chunk_[64 * 1024];
};

ImapMailbox::ImapMailbox(EmailSettings settings, CurlTimeouts timeouts)
    : settings_(std::move(settings)), timeouts_(timeouts) {
  const std::string& url = settings_.imap_url;
  const auto scheme_end = url.find("://");
  const auto authority = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const auto slash = url.find('/', authority);
  server_url_ = url.substr(0, slash) + "/";
  // The folder: the path, percent-decoded, without IMAP URL parameters (";UIDVALIDITY=").
  std::string path;
  if (CURLU* parsed = curl_url()) {
    char* value = nullptr;
    if (curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
        curl_url_get(parsed, CURLUPART_PATH, &value, CURLU_URLDECODE) == CURLUE_OK && value) {
      path = value;
      curl_free(value);
    }
    curl_url_cleanup(parsed);
  }
  if (const auto semi = path.find(';'); semi != std::string::npos) path.resize(semi);
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  while (!path.empty() && path.back() == '/') path.pop_back();
  folder_ = path.empty() ? "INBOX" : path;
}

ImapMailbox::~ImapMailbox() = default;

Result<ImapMailbox::Reply> ImapMailbox::Command(const std::string& command, const std::string& what,
                                                bool same_uids) {
  for (int attempt = 0;; ++attempt) {
    bool fresh = false;
    if (!connection_ || !connection_->is_open()) {
      connection_.reset();
      auto connection = std::make_unique<Connection>(settings_, timeouts_, server_url_);
      SHOPDESK_TRY(connection->Open(folder_));
      connection_ = std::move(connection);
      fresh = true;
    }
    if (same_uids && listed_uidvalidity_ != 0 &&
        connection_->uidvalidity() != listed_uidvalidity_) {
      return Error::Unavailable(what + " via " + connection_->host() + " failed: the folder '" +
                                folder_ +
                                "' was recreated since it was listed (its UIDVALIDITY changed); "
                                "the next poll lists it afresh");
    }
    auto reply = connection_->Run(command, what);
    if (!reply) {
      // A reused connection the server dropped while idle: once more on a new one.
      if (!fresh && attempt == 0 && connection_->dropped()) continue;
      return reply.error();
    }
    if (!reply->ok()) {
      return Error::Unavailable(what + " via " + connection_->host() +
                                " failed: the server answered \"" +
                                Redact(reply->status, settings_.imap_password) + "\"");
    }
    return reply;
  }
}

Result<std::vector<std::string>> ImapMailbox::ListPending() {
  auto reply = Command("UID SEARCH UNSEEN", "listing new mail in '" + folder_ + "'", false);
  if (!reply) return reply.error();
  listed_uidvalidity_ = connection_->uidvalidity();
  std::vector<std::uint64_t> uids;
  for (const auto& response : reply->untagged) {
    const std::string_view line = response.text.front();
    if (!StartsWithNoCase(line, "* SEARCH")) continue;
    std::size_t at = 8;
    while (at < line.size()) {
      const auto start = line.find_first_not_of(' ', at);
      if (start == std::string_view::npos) break;
      const auto end = std::min(line.find(' ', start), line.size());
      if (const auto uid = ParseNumber(line.substr(start, end - start))) uids.push_back(*uid);
      at = end;
    }
  }
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  std::vector<std::string> ids;
  ids.reserve(uids.size());
  for (auto uid : uids) ids.push_back(std::to_string(uid));
  return ids;
}

Result<std::string> ImapMailbox::Fetch(const std::string& id) {
  if (!IsUid(id)) return Error::InvalidArgument("'" + id + "' is not an IMAP UID");
  auto reply = Command("UID FETCH " + id + " BODY.PEEK[]", "fetching mail " + id, true);
  if (!reply) return reply.error();
  for (auto& response : reply->untagged) {
    const std::string_view head = response.text.front();
    if (!StartsWithNoCase(head, "* ") || FindNoCase(head, " FETCH (") == std::string::npos) {
      continue;
    }
    // The UID item may come before or after the body; it is outside the literals.
    bool same_uid = false;
    for (const auto& text : response.text) {
      for (auto at = FindNoCase(text, "UID "); at != std::string::npos;
           at = FindNoCase(text, "UID ", at + 4)) {
        const bool word_start = at == 0 || text[at - 1] == '(' || text[at - 1] == ' ';
        const auto start = at + 4;
        const auto end = std::min(text.find_first_not_of("0123456789", start), text.size());
        if (word_start && std::string_view(text).substr(start, end - start) == id) {
          same_uid = true;
        }
      }
    }
    if (!same_uid) continue;  // an unsolicited FETCH (flags of another message)
    for (std::size_t i = 0; i < response.literals.size(); ++i) {
      if (EndsWithNoCase(WithoutLiteralMarker(response.text[i]), "BODY[] ")) {
        return std::move(response.literals[i]);
      }
    }
    // Small bodies may come as a quoted string, an absent one as NIL.
    for (const auto& text : response.text) {
      const auto at = FindNoCase(text, "BODY[] ");
      if (at == std::string::npos) continue;
      const std::string_view value = std::string_view(text).substr(at + 7);
      if (!value.empty() && value.front() == '"') return Unquote(value);
      if (StartsWithNoCase(value, "NIL")) return std::string();
    }
  }
  return Error::NotFound("mail in '" + folder_ + "' with UID", id);
}

Status ImapMailbox::Acknowledge(const std::string& id) {
  if (!IsUid(id)) return Error::InvalidArgument("'" + id + "' is not an IMAP UID");
  auto reply = Command("UID STORE " + id + " +FLAGS.SILENT (\\Seen)",
                       "marking mail " + id + " as read", true);
  if (!reply) return reply.error();
  return Ok();
}

Status ImapMailbox::AcknowledgeMany(const std::vector<std::string>& ids) {
  std::vector<std::uint64_t> uids;
  for (const auto& id : ids) {
    if (!IsUid(id)) return Error::InvalidArgument("'" + id + "' is not an IMAP UID");
    if (const auto uid = ParseNumber(id)) uids.push_back(*uid);
  }
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  constexpr std::size_t kPerCommand = 500;
  for (std::size_t from = 0; from < uids.size(); from += kPerCommand) {
    const std::size_t to = std::min(uids.size(), from + kPerCommand);
    std::string set;
    for (std::size_t i = from; i < to;) {
      std::size_t j = i;
      while (j + 1 < to && uids[j + 1] == uids[j] + 1) ++j;
      if (!set.empty()) set += ',';
      set += std::to_string(uids[i]);
      if (j > i) set += ':' + std::to_string(uids[j]);
      i = j + 1;
    }
    auto reply = Command("UID STORE " + set + " +FLAGS.SILENT (\\Seen)",
                         "marking " + std::to_string(to - from) + " mails as read", true);
    if (!reply) return reply.error();
  }
  return Ok();
}

Result<std::unique_ptr<InboundSource>> OpenImapMailbox(const EmailSettings& settings) {
  return OpenImapMailbox(settings, CurlTimeouts{});
}

Result<std::unique_ptr<InboundSource>> OpenImapMailbox(const EmailSettings& settings,
                                                       const CurlTimeouts& timeouts) {
  if (settings.imap_url.empty()) return Error::NotFound("IMAP mailbox", "(none configured)");
  SHOPDESK_TRY(CheckMailUrl(MailProtocol::kImap, settings.imap_url));
  return std::unique_ptr<InboundSource>(new ImapMailbox(settings, timeouts));
}

}  // namespace shopdesk::channels::email
