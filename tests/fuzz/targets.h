#pragma once

// The fuzz targets: each runs one input through a parser of untrusted text and checks
// invariants with FUZZ_CHECK (fuzz_check.h), not only that nothing crashes. libFuzzer
// binaries (libfuzzer_entry.cc, clang only) call one each; replay_test.cc (built with
// the regular build) calls all of them on every committed corpus and regression file.
// Each target accepts any bytes. Thread-compatible (no shared state of their own).

#include <string_view>
#include <vector>

namespace shopdesk::fuzz {

void FuzzMimeParse(std::string_view data);          // channels/email ParseMail
void FuzzJsonBody(std::string_view data);           // http ParseJsonObjectText + JsonFields
void FuzzHtmlSanitizer(std::string_view data);      // channels/email SanitizeHtml
void FuzzHtmlToText(std::string_view data);         // channels/email HtmlToText
void FuzzCharsetDecoder(std::string_view data);     // DecodeToUtf8, DecodeIso2022Jp
void FuzzHeaderDecoder(std::string_view data);      // DecodeHeader, mailbox and id lists
void FuzzHeaderParams(std::string_view data);       // ParseParamHeader (RFC 2231)
void FuzzTransferEncoding(std::string_view data);   // base64 and RFC 2047 Q
void FuzzFlowedText(std::string_view data);         // RFC 3676 UnflowText
void FuzzSubjectNormalizer(std::string_view data);  // core NormalizeSubject
void FuzzOrderId(std::string_view data);            // core FindAmazonOrderIds
void FuzzHttpRequest(std::string_view data);        // http ParseQuery, UrlDecode, ints, bearer
void FuzzPgPlaceholders(std::string_view data);     // store::postgres TranslatePlaceholders

struct Target {
  std::string_view name;  // also the folder under tests/fuzz/corpus/ and regressions/
  void (*run)(std::string_view data);
};

// Every target above, in that order.
const std::vector<Target>& AllTargets();

}  // namespace shopdesk::fuzz
