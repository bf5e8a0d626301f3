#include "targets.h"

namespace shopdesk::fuzz {

const std::vector<Target>& AllTargets() {
  static const std::vector<Target> kTargets{
      {"mime_parse", FuzzMimeParse},
      {"json_body", FuzzJsonBody},
      {"html_sanitizer", FuzzHtmlSanitizer},
      {"html_to_text", FuzzHtmlToText},
      {"charset_decoder", FuzzCharsetDecoder},
      {"header_decoder", FuzzHeaderDecoder},
      {"header_params", FuzzHeaderParams},
      {"transfer_encoding", FuzzTransferEncoding},
      {"flowed_text", FuzzFlowedText},
      {"subject_normalizer", FuzzSubjectNormalizer},
      {"order_id", FuzzOrderId},
      {"http_request", FuzzHttpRequest},
      {"pg_placeholders", FuzzPgPlaceholders},
  };
  return kTargets;
}

}  // namespace shopdesk::fuzz
