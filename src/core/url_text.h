#pragma once

// Server URLs as they may be shown: a URL's userinfo (user[:password]@) never is.

#include <string>

namespace shopdesk {

// `url` without a "user[:password]@" before its host; anything that is not
// scheme://authority... comes back as it is.
std::string WithoutUserinfo(const std::string& url);

}  // namespace shopdesk
