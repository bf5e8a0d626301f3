#include "channels/email/mbox_reader.h"

namespace shopdesk::channels::email {
namespace {

bool IsSeparator(const std::string& line) { return line.rfind("From ", 0) == 0; }

bool IsBlank(const std::string& line) { return line.empty() || line == "\r"; }

// ">From " (and ">>From ", ...) as the mboxrd convention quotes a body line.
bool IsQuotedFrom(const std::string& line) {
  const auto first = line.find_first_not_of('>');
  return first != 0 && first != std::string::npos && line.compare(first, 5, "From ") == 0;
}

}  // namespace

bool MboxReader::Next(std::string* message) {
  message->clear();
  bool have_any = pending_separator_;
  pending_separator_ = false;
  bool previous_blank = true;  // a separator may follow the start of a message
  std::string line;
  while (std::getline(in_, line)) {
    const bool had_newline = !in_.eof();
    if (IsSeparator(line) && previous_blank && (started_ || message->empty())) {
      started_ = true;
      if (!message->empty()) {
        // The blank line before a separator belongs to the mbox, not to the message.
        if (message->size() >= 2 && message->compare(message->size() - 2, 2, "\n\n") == 0) {
          message->pop_back();
        } else if (message->size() >= 4 &&
                   message->compare(message->size() - 4, 4, "\r\n\r\n") == 0) {
          message->resize(message->size() - 2);
        }
        pending_separator_ = true;
        return true;
      }
      have_any = true;
      previous_blank = false;
      continue;
    }
    started_ = true;
    have_any = true;
    if (IsQuotedFrom(line)) line.erase(0, 1);
    message->append(line);
    if (had_newline) message->push_back('\n');
    previous_blank = IsBlank(line);
  }
  return have_any && !message->empty();
}

}  // namespace shopdesk::channels::email
