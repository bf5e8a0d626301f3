#pragma once

namespace shopdesk::channels::email {

// Initializes GMime once per process (thread-safe); every GMime user calls it first.
void EnsureGmime();

}  // namespace shopdesk::channels::email
