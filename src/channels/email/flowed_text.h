#pragma once

#include <string>
#include <string_view>

namespace shopdesk::channels::email {

// Undoes RFC 3676 format=flowed: a line ending in a space continues on the next line
// (with the same quote depth), space-stuffing is removed, "-- " stays a signature
// separator, and with DelSp=yes the trailing space itself is deleted (Japanese text
// is flowed with DelSp=yes so no space appears between joined characters). Quoted
// lines keep their "> " prefix. Line ends in the result are "\n".
std::string UnflowText(std::string_view text, bool delsp);

}  // namespace shopdesk::channels::email
