#include "channels/email/gmime_runtime.h"

#include <gmime/gmime.h>

#include <mutex>

namespace shopdesk::channels::email {

void EnsureGmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

}  // namespace shopdesk::channels::email
