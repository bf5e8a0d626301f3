#include "http/public/public_document.h"

#include "core/html_escape.h"

namespace shopdesk::http::public_site {
namespace {

// Readable on a phone and in print, AA contrast (#1f2328 on #fff, #0b57d0 links).
constexpr std::string_view kStyle =
    "body{margin:0;font-family:system-ui,'Hiragino Sans','Noto Sans JP',sans-serif;"
    "line-height:1.7;color:#1f2328;background:#fff}"
    "header,main{max-width:40rem;margin:0 auto;padding:1rem 1.25rem}"
    "header{border-bottom:1px solid #d0d7de}h1{font-size:1.4rem;margin:0}"
    "h2{font-size:1.15rem;margin-top:1.75rem}a{color:#0b57d0}";

void Document(std::string& out, PageLanguage language, std::string_view title,
              std::string_view description, std::string_view canonical_path) {
  out += "<!doctype html>\n<html lang=\"";
  out += language == PageLanguage::kEnglish ? "en" : "ja";
  out += "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  AppendText(out, title);
  out += "</title>\n";
  if (!description.empty()) {
    out += "<meta name=\"description\" content=\"";
    AppendText(out, description);
    out += "\">\n";
  }
  if (!canonical_path.empty()) {
    out += "<link rel=\"canonical\" href=\"";
    AppendText(out, canonical_path);
    out += "\">\n";
  }
  out += "<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
}

}  // namespace

void AppendText(std::string& out, std::string_view text) {
  AppendHtmlEscaped(out, text, HtmlContext::kAttribute);
}

std::string RenderDocument(const Shop& shop, const PublicPage& page, PageLanguage language,
                           std::string_view canonical_path) {
  std::string out;
  out.reserve(2048 + page.body_html.size());
  const std::string title = page.title.empty() ? shop.name : page.title + " | " + shop.name;
  Document(out, language, title, page.description, canonical_path);
  out += "<header><h1>";
  AppendText(out, shop.name);
  out += "</h1></header>\n<main>\n";
  out += page.body_html;
  out += "\n</main>\n</body>\n</html>\n";
  return out;
}

std::string RenderErrorDocument(ErrorCode code, PageLanguage language) {
  const bool en = language == PageLanguage::kEnglish;
  std::string_view title, text;
  if (code == ErrorCode::kNotFound) {
    title = en ? "Page not found" : "ページが見つかりません";
    text = en ? "The address may be mistyped, or the page has been removed."
              : "アドレスが間違っているか、ページが削除された可能性があります。";
  } else if (code == ErrorCode::kRateLimited) {
    title = en ? "Too many requests" : "アクセスが集中しています";
    text =
        en ? "Please wait a minute and try again." : "1分ほど待ってから、もう一度お試しください。";
  } else {
    title = en ? "This page cannot be shown right now" : "ただいまページを表示できません";
    text = en ? "Please try again in a few minutes." : "数分後にもう一度お試しください。";
  }
  std::string out;
  Document(out, language, title, "", "");
  out += "<main>\n<h1>";
  AppendText(out, title);
  out += "</h1>\n<p>";
  AppendText(out, text);
  out += "</p>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace shopdesk::http::public_site
