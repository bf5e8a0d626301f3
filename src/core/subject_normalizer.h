#pragma once

#include <string>
#include <string_view>

namespace shopdesk {

// The threading key of a subject: reply and forward prefixes removed, however many
// and however written (Re:, RE:, Re[2]:, Re(3):, Fwd:, Fw:, FW:, AW:, WG:, SV:, VS:,
// 返信:, 転送:, 回复:, and their full-width forms such as Ｒｅ： or 返信：), then
// NFKC, case folding, and whitespace collapsed. Two subjects that differ only in
// those ways give the same key. An empty or prefix-only subject gives "".
std::string NormalizeSubject(std::string_view subject);

}  // namespace shopdesk
