#include "channels/email/imap_mailbox.h"

#include <poll.h>

#include <chrono>
#include <sstream>

#include "channels/email/curl_session.h"

namespace shopdesk::channels::email {
namespace {

bool IsUid(const std::string& id) {
  return !id.empty() && id.size() < 12 && id.find_first_not_of("0123456789") == std::string::npos;
}

struct Reply {
  std::vector<std::string> lines;     // untagged lines, literals replaced by "{n}"
  std::vector<std::string> literals;  // literal payloads in order of appearance
};

// An authenticated IMAP connection: libcurl connects, negotiates TLS (imaps://) and
// logs in (CONNECT_ONLY); the commands themselves are ours, because libcurl's own
// FETCH uses BODY[] (which marks mail read) and its custom requests drop literals.
class ImapConnection {
 public:
  Status Open(const EmailSettings& settings, const std::string& server_url) {
    CURL* curl = session_.handle();
    session_.Prepare(&unused_);
    curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);
    if (!settings.imap_user.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, settings.imap_user.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, settings.imap_password.c_str());
    }
    server_ = HostOfUrl(server_url);
    SHOPDESK_TRY(session_.Perform("connecting to the mailbox", server_url));
    curl_socket_t socket = CURL_SOCKET_BAD;
    curl_easy_getinfo(curl, CURLINFO_ACTIVESOCKET, &socket);
    socket_ = socket;
    open_ = socket_ != CURL_SOCKET_BAD;
    if (!open_) return Error::Unavailable("no connection to the IMAP server " + server_);
    return Ok();
  }

  bool is_open() const { return open_; }

  // Sends "<tag> <command>" and reads until the tagged reply. Unavailable on I/O
  // failure or a NO/BAD answer (with the server's words).
  Result<Reply> Run(const std::string& command, const std::string& what) {
    const std::string tag = "S" + std::to_string(++next_tag_);
    SHOPDESK_TRY(Send(tag + " " + command + "\r\n", what));
    Reply reply;
    std::string line;
    for (;;) {
      // Assemble one logical line, with any literals it carries.
      auto crlf = buffer_.find("\r\n", scan_);
      if (crlf == std::string::npos) {
        scan_ = buffer_.size() > 0 ? buffer_.size() - 1 : 0;
        SHOPDESK_TRY(Receive(what));
        continue;
      }
      std::string piece = buffer_.substr(0, crlf);
      size_t literal_size = 0;
      if (!piece.empty() && piece.back() == '}') {
        const auto open = piece.rfind('{');
        if (open != std::string::npos) {
          const std::string digits = piece.substr(open + 1, piece.size() - open - 2);
          if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos) {
            literal_size = std::stoull(digits);
          }
        }
      }
      if (literal_size > 0 || (piece.size() >= 3 && piece.ends_with("{0}"))) {
        if (buffer_.size() < crlf + 2 + literal_size) {
          SHOPDESK_TRY(Receive(what));
          continue;
        }
        reply.literals.push_back(buffer_.substr(crlf + 2, literal_size));
        line += piece;
        buffer_.erase(0, crlf + 2 + literal_size);
        scan_ = 0;
        continue;
      }
      line += piece;
      buffer_.erase(0, crlf + 2);
      scan_ = 0;
      if (line.rfind(tag + " ", 0) == 0) {
        const std::string status = line.substr(tag.size() + 1);
        if (status.rfind("OK", 0) != 0) {
          return Error::Unavailable(what + " on " + server_ + " failed: " + status);
        }
        return reply;
      }
      reply.lines.push_back(std::move(line));
      line.clear();
    }
  }

 private:
  Status Wait(short events, const std::string& what) {
    pollfd fd{socket_, events, 0};
    const int ready = poll(&fd, 1, 30000);
    if (ready <= 0) return Error::Unavailable(what + " on " + server_ + " timed out");
    return Ok();
  }

  Status Send(const std::string& data, const std::string& what) {
    size_t offset = 0;
    while (offset < data.size()) {
      size_t sent = 0;
      const CURLcode rc =
          curl_easy_send(session_.handle(), data.data() + offset, data.size() - offset, &sent);
      if (rc == CURLE_AGAIN) {
        SHOPDESK_TRY(Wait(POLLOUT, what));
        continue;
      }
      if (rc != CURLE_OK) {
        open_ = false;
        return Error::Unavailable(what + " on " + server_ + " failed: " + curl_easy_strerror(rc));
      }
      offset += sent;
    }
    return Ok();
  }

  Status Receive(const std::string& what) {
    char chunk[16384];
    for (;;) {
      size_t got = 0;
      const CURLcode rc = curl_easy_recv(session_.handle(), chunk, sizeof chunk, &got);
      if (rc == CURLE_AGAIN) {
        SHOPDESK_TRY(Wait(POLLIN, what));
        continue;
      }
      if (rc != CURLE_OK || got == 0) {
        open_ = false;
        return Error::Unavailable(what + ": the IMAP server " + server_ + " closed the connection");
      }
      buffer_.append(chunk, got);
      return Ok();
    }
  }

  CurlSession session_;
  std::string unused_;
  std::string server_;
  curl_socket_t socket_ = CURL_SOCKET_BAD;
  bool open_ = false;
  int next_tag_ = 0;
  std::string buffer_;
  size_t scan_ = 0;
};

std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

class ImapMailbox final : public InboundSource {
 public:
  explicit ImapMailbox(const EmailSettings& settings) : settings_(settings) {
    const auto scheme_end = settings.imap_url.find("://") + 3;
    const auto slash = settings.imap_url.find('/', scheme_end);
    server_url_ = settings.imap_url.substr(0, slash) + "/";
    std::string path = slash == std::string::npos ? "" : settings.imap_url.substr(slash + 1);
    if (const auto semi = path.find(';'); semi != std::string::npos) path.resize(semi);
    while (!path.empty() && path.back() == '/') path.pop_back();
    folder_ = path.empty() ? "INBOX" : path;
  }

  Result<std::vector<std::string>> ListPending() override {
    auto reply = Command("UID SEARCH UNSEEN", "listing new mail");
    if (!reply) return reply.error();
    std::vector<std::string> uids;
    for (const auto& line : reply->lines) {
      if (line.rfind("* SEARCH", 0) != 0) continue;
      std::istringstream words(line.substr(8));
      for (std::string uid; words >> uid;) {
        if (IsUid(uid)) uids.push_back(uid);
      }
    }
    return uids;
  }

  Result<std::string> Fetch(const std::string& id) override {
    if (!IsUid(id)) return Error::InvalidArgument("'" + id + "' is not an IMAP UID");
    auto reply = Command("UID FETCH " + id + " BODY.PEEK[]", "fetching mail " + id);
    if (!reply) return reply.error();
    if (reply->literals.empty()) return Error::NotFound("mail with UID", id);
    return std::move(reply->literals.front());
  }

  Status Acknowledge(const std::string& id) override {
    if (!IsUid(id)) return Error::InvalidArgument("'" + id + "' is not an IMAP UID");
    auto reply =
        Command("UID STORE " + id + " +FLAGS.SILENT (\\Seen)", "marking mail " + id + " read");
    if (!reply) return reply.error();
    return Ok();
  }

 private:
  Result<Reply> Command(const std::string& command, const std::string& what) {
    if (!connection_ || !connection_->is_open()) {
      connection_ = std::make_unique<ImapConnection>();
      SHOPDESK_TRY(connection_->Open(settings_, server_url_));
      auto selected = connection_->Run("SELECT " + Quoted(folder_), "opening folder " + folder_);
      if (!selected) return selected.error();
    }
    return connection_->Run(command, what);
  }

  EmailSettings settings_;
  std::string server_url_;
  std::string folder_;
  std::unique_ptr<ImapConnection> connection_;
};

}  // namespace

Result<std::unique_ptr<InboundSource>> OpenImapMailbox(const EmailSettings& settings) {
  if (settings.imap_url.empty()) return Error::NotFound("IMAP mailbox", "(none configured)");
  if (settings.imap_url.rfind("imap://", 0) != 0 && settings.imap_url.rfind("imaps://", 0) != 0) {
    return Error::InvalidArgument("IMAP URL must start with imap:// or imaps:// (got '" +
                                  settings.imap_url + "')");
  }
  return std::unique_ptr<InboundSource>(new ImapMailbox(settings));
}

}  // namespace shopdesk::channels::email
