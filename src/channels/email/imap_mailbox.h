#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "channels/channel_adapter.h"
#include "channels/email/curl_handle.h"
#include "channels/email/email_settings.h"
#include "core/result.h"

namespace shopdesk::channels::email {

// One IMAP folder as an InboundSource. Item ids are UIDs (decimal strings).
//  - ListPending: UID SEARCH UNSEEN, ascending (oldest first).
//  - Fetch: UID FETCH n BODY.PEEK[]: the message's exact bytes as the server stores
//    them (CRLF, 8-bit, any size: literals are read by their announced length), and
//    it does NOT set \Seen. NotFound when no message has that UID.
//  - Acknowledge: UID STORE n +FLAGS.SILENT (\Seen). Acknowledging a UID that is
//    gone is not an error.
// libcurl connects, negotiates TLS (imaps://) and logs in (CONNECT_ONLY); the
// commands are sent and parsed here, because libcurl's own FETCH (URL ;UID=n) uses
// BODY[], which marks the mail read before it is stored, and its custom requests
// drop literal data. One connection serves the whole object's life; the folder is
// SELECTed once. A connection the server dropped while idle is re-opened and the
// command (all are idempotent) sent once more. When the folder's UIDVALIDITY changed
// since the last ListPending, Fetch and Acknowledge refuse (Unavailable) rather than
// touch a different message under the same UID.
//
// Errors: Unavailable for connection failures, timeouts and NO/BAD answers (retry on
// the next poll); InvalidArgument when the login is refused (wrong user name or
// password) or the folder does not exist: the channel settings must change. Messages
// name host:port and the server's answer, never the password.
// Not thread-safe (one poller per mailbox).
class ImapMailbox final : public InboundSource {
 public:
  // Does not connect yet: the first call does.
  // REQUIRES: CheckMailUrl(MailProtocol::kImap, settings.imap_url) is Ok.
  explicit ImapMailbox(EmailSettings settings, CurlTimeouts timeouts = {});
  ~ImapMailbox() override;

  Result<std::vector<std::string>> ListPending() override;
  Result<std::string> Fetch(const std::string& id) override;
  Status Acknowledge(const std::string& id) override;
  // UID STORE with a UID set (ranges joined, at most 500 UIDs a command).
  Status AcknowledgeMany(const std::vector<std::string>& ids) override;

  // The folder from the URL's path (percent-decoded), INBOX when the path is empty.
  const std::string& folder() const { return folder_; }

 private:
  class Connection;
  struct Reply;

  // Runs `command` on the (re)opened connection. `same_uids`: refuse when the
  // folder's UIDVALIDITY is no longer the one ListPending saw.
  Result<Reply> Command(const std::string& command, const std::string& what, bool same_uids);

  EmailSettings settings_;
  CurlTimeouts timeouts_;
  std::string server_url_;  // scheme://[userinfo@]host[:port]/ of the settings' URL
  std::string folder_;
  std::unique_ptr<Connection> connection_;
  std::uint64_t listed_uidvalidity_ = 0;  // 0: nothing listed yet
};

// The mailbox of `settings.imap_url` (imap:// or imaps://, folder in the path).
// NotFound when no IMAP URL is configured, InvalidArgument when the URL is not an
// imap:// or imaps:// URL. Does not connect: the first ListPending does.
Result<std::unique_ptr<InboundSource>> OpenImapMailbox(const EmailSettings& settings);
Result<std::unique_ptr<InboundSource>> OpenImapMailbox(const EmailSettings& settings,
                                                       const CurlTimeouts& timeouts);

}  // namespace shopdesk::channels::email
