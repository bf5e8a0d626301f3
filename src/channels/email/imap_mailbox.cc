#include "channels/email/imap_mailbox.h"

#include <sstream>

#include "channels/email/curl_session.h"

namespace shopdesk::channels::email {
namespace {

bool IsUid(const std::string& id) {
  return !id.empty() && id.size() < 12 && id.find_first_not_of("0123456789") == std::string::npos;
}

class ImapMailbox final : public InboundSource {
 public:
  explicit ImapMailbox(const EmailSettings& settings) : settings_(settings) {
    url_ = settings.imap_url;
    // libcurl needs the mailbox in the path; default to INBOX.
    const auto scheme_end = url_.find("://");
    if (url_.find('/', scheme_end + 3) == std::string::npos) url_ += "/INBOX";
  }

  Result<std::vector<std::string>> ListPending() override {
    auto response = Command("UID SEARCH UNSEEN", "listing new mail");
    if (!response) return response.error();
    std::vector<std::string> uids;
    std::istringstream lines(*response);
    for (std::string line; std::getline(lines, line);) {
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
    auto response = Command("UID FETCH " + id + " BODY.PEEK[]", "fetching mail " + id);
    if (!response) return response.error();
    // "* n FETCH (UID u BODY[] {size}\r\n<size bytes>)\r\n"
    const auto open = response->find('{');
    const auto close = open == std::string::npos ? open : response->find("}\r\n", open);
    if (close == std::string::npos) {
      return Error::NotFound("mail with UID", id);
    }
    const size_t size = std::stoul(response->substr(open + 1, close - open - 1));
    const size_t start = close + 3;
    if (start + size > response->size()) {
      return Error::Unavailable("the IMAP server sent a truncated message (UID " + id + ")");
    }
    return response->substr(start, size);
  }

  Status Acknowledge(const std::string& id) override {
    if (!IsUid(id)) return Error::InvalidArgument("'" + id + "' is not an IMAP UID");
    auto response = Command("UID STORE " + id + " +FLAGS.SILENT (\\Seen)", "marking mail " + id + " read");
    if (!response) return response.error();
    return Ok();
  }

 private:
  Result<std::string> Command(const std::string& command, const std::string& what) {
    std::string sink;
    session_.Prepare(&sink);
    CURL* curl = session_.handle();
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, command.c_str());
    if (!settings_.imap_user.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.imap_user.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.imap_password.c_str());
    }
    SHOPDESK_TRY(session_.Perform(what, url_));
    return sink;
  }

  EmailSettings settings_;
  std::string url_;
  CurlSession session_;
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
