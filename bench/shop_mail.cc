#include "shop_mail.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string_view>
#include <vector>

#include "channels/email/transfer_encoding.h"

namespace shopdesk::bench {
namespace {

enum class Charset { kUtf8, kIso2022jp, kCp932, kEucJp };

constexpr std::array kFamily{"佐藤", "鈴木", "高橋", "田中", "伊藤",   "渡辺", "山本", "中村",
                             "小林", "加藤", "吉田", "山田", "佐々木", "松本", "井上", "木村",
                             "林",   "斎藤", "清水", "山崎", "森",     "池田", "橋本", "阿部"};
constexpr std::array kGiven{"太郎", "花子", "健一", "美咲", "翔太", "陽菜", "大輔", "由美",
                            "直樹", "彩",   "浩二", "恵子", "拓也", "真由", "修",   "千尋"};
constexpr std::array kProducts{
    "有田焼の豆皿",       "注染の手ぬぐい", "竹の箸",         "信楽焼のマグカップ",
    "藍染めのコースター", "桐の小箱",       "南部鉄器の急須", "京扇子",
    "江戸切子のグラス",   "美濃焼の飯碗",   "輪島塗の汁椀",   "久留米絣のポーチ"};
constexpr std::array kTopics{"の配送状況について", "が破損していました", "の返品について",
                             "の領収書について",   "のギフト包装",       "の再入荷予定",
                             "の色違いについて",   "が届きません",       "の交換希望"};
// Sentences a customer writes; none uses half-width katakana, and all are JIS X 0208.
constexpr std::array kSentences{
    "先日注文した商品について問い合わせいたします。",
    "注文したのは先週の金曜日で、まだ届いていません。",
    "お手数ですが配送状況を確認していただけますか。",
    "箱を開けたところ、縁の部分が欠けていました。",
    "写真を添付しますので、ご確認をお願いします。",
    "贈り物にしたいので、のし紙をお願いできますでしょうか。",
    "領収書の宛名を会社名に変更していただきたいです。",
    "同じ商品をもう一つ追加で注文することは可能ですか。",
    "サイズが思っていたより小さかったので、交換をお願いしたいです。",
    "色が画面で見たものと少し違うように感じました。",
    "支払いは代金引換で済ませております。",
    "来週の水曜日までに届くと助かります。",
    "丁寧な梱包をありがとうございました。",
    "返品の送料はどちらの負担になりますでしょうか。",
    "在庫が戻る予定があれば教えてください。",
};
// What Windows users type and what EUC-JP cannot carry: NEC row 13 and CP932 extras.
constexpr std::array kWindowsExtras{"①", "②", "③", "㈱", "～", "№", "㎝"};
constexpr std::array kShopSentences{
    "お問い合わせいただきありがとうございます。",
    "ご不便をおかけしており、申し訳ございません。",
    "確認いたしましたところ、本日発送の手配が完了しております。",
    "代わりの商品を明日発送いたします。",
    "お手数ですが、商品をご返送いただけますでしょうか。",
};

// The product's encoder, lines of 76 (none for RFC 2047 words); the caller ends the part.
std::string Base64(std::string_view in, bool wrap = true) {
  std::string out = shopdesk::channels::email::Base64Encode(in, wrap ? 76 : 0);
  if (out.ends_with("\r\n")) out.resize(out.size() - 2);
  return out;
}

// Quoted-printable of text with CRLF line ends (kept as hard line breaks).
std::string QuotedPrintable(std::string_view in) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  size_t line = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == '\r' && i + 1 < in.size() && in[i + 1] == '\n') {
      out += "\r\n";
      ++i;
      line = 0;
      continue;
    }
    std::string piece;
    if (c >= 0x80 || c == '=' || c < 0x20) {
      piece = {'=', hex[c >> 4], hex[c & 15]};
    } else {
      piece = static_cast<char>(c);
    }
    if (line + piece.size() > 75) {
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  }
  return out;
}

// UTF-8 to `to` with iconv; characters `to` cannot carry are left out.
std::string Iconv(std::string_view utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::string(utf8);
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &o, &out_left) != static_cast<size_t>(-1)) break;
    // Skip one UTF-8 character iconv could not convert.
    do {
      ++in, --in_left;
    } while (in_left > 0 && (static_cast<unsigned char>(*in) & 0xC0) == 0x80);
  }
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// JIS X 0208 row/cell bytes (0x21..0x7E each) of the CP932 text's double-byte
// characters, as Windows mailers produce ISO-2022-JP: NEC row 13 (①, ㈱) included, IBM
// extensions (beyond row 94) as 〓.
template <typename Emit>
void ForEachJis(const std::string& cp932, Emit emit) {
  for (size_t i = 0; i < cp932.size(); ++i) {
    const auto c1 = static_cast<unsigned char>(cp932[i]);
    if (c1 < 0x80 || i + 1 == cp932.size()) {
      emit(false, c1, 0);
      continue;
    }
    const auto c2 = static_cast<unsigned char>(cp932[++i]);
    int j1 = (c1 - (c1 <= 0x9F ? 0x70 : 0xB0)) << 1;
    int j2;
    if (c2 < 0x9F) {
      j1 -= 1;
      j2 = c2 - (c2 >= 0x80 ? 0x20 : 0x1F);
    } else {
      j2 = c2 - 0x7E;
    }
    if (j1 < 0x21 || j1 > 0x7E) j1 = 0x22, j2 = 0x2E;  // 〓
    emit(true, static_cast<unsigned char>(j1), static_cast<unsigned char>(j2));
  }
}

std::string ToIso2022jp(std::string_view utf8) {
  std::string out;
  bool kanji = false;
  ForEachJis(Iconv(utf8, "CP932"), [&](bool wide, unsigned char a, unsigned char b) {
    if (wide != kanji) out += wide ? "\x1b$B" : "\x1b(B";
    kanji = wide;
    out += static_cast<char>(a);
    if (wide) out += static_cast<char>(b);
  });
  if (kanji) out += "\x1b(B";
  return out;
}

std::string ToEucJp(std::string_view utf8) {
  std::string out;
  ForEachJis(Iconv(utf8, "CP932"), [&](bool wide, unsigned char a, unsigned char b) {
    out += static_cast<char>(wide ? a | 0x80 : a);
    if (wide) out += static_cast<char>(b | 0x80);
  });
  return out;
}

std::string Encode(std::string_view utf8, Charset charset) {
  switch (charset) {
    case Charset::kUtf8:
      return std::string(utf8);
    case Charset::kIso2022jp:
      return ToIso2022jp(utf8);
    case Charset::kCp932:
      return Iconv(utf8, "CP932");
    case Charset::kEucJp:
      return ToEucJp(utf8);
  }
  return std::string(utf8);
}

const char* CharsetLabel(Charset charset) {
  switch (charset) {
    case Charset::kUtf8:
      return "UTF-8";
    case Charset::kIso2022jp:
      return "ISO-2022-JP";
    case Charset::kCp932:
      return "Shift_JIS";
    case Charset::kEucJp:
      return "EUC-JP";
  }
  return "UTF-8";
}

// An RFC 2047 header value: encoded words of at most 10 characters each, folded.
std::string EncodedWords(std::string_view utf8, Charset charset) {
  std::string out;
  size_t start = 0;
  while (start < utf8.size()) {
    size_t end = start;
    for (int chars = 0; end < utf8.size() && chars < 10; ++chars) {
      do {
        ++end;
      } while (end < utf8.size() && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80);
    }
    if (!out.empty()) out += "\r\n ";
    out += std::string("=?") + CharsetLabel(charset) + "?B?" +
           Base64(Encode(utf8.substr(start, end - start), charset), false) + "?=";
    start = end;
  }
  return out;
}

// RFC 2231 percent-encoding of UTF-8.
std::string Rfc2231(std::string_view utf8) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "UTF-8''";
  for (unsigned char c : utf8) {
    if (std::isalnum(c) || c == '.' || c == '_' || c == '-') {
      out += static_cast<char>(c);
    } else {
      out += {'%', hex[c >> 4], hex[c & 15]};
    }
  }
  return out;
}

std::uint32_t Crc32(std::string_view bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void PutBe32(std::string& out, std::uint32_t v) {
  out += {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

void PngChunk(std::string& png, const char* type, const std::string& data) {
  PutBe32(png, static_cast<std::uint32_t>(data.size()));
  const std::string body = std::string(type, 4) + data;
  png += body;
  PutBe32(png, Crc32(body));
}

// A valid w x h RGB PNG (zlib stored blocks), a photo of a chipped plate in spirit.
std::string Png(int w, int h, std::mt19937& rng) {
  std::string raw;
  for (int y = 0; y < h; ++y) {
    raw += '\0';
    for (int x = 0; x < w * 3; ++x) raw += static_cast<char>(rng() & 0xFF);
  }
  std::string z = "\x78\x01";
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : raw) a = (a + c) % 65521, b = (b + a) % 65521;
  for (size_t at = 0; at < raw.size(); at += 65535) {
    const size_t n = std::min<size_t>(65535, raw.size() - at);
    z += static_cast<char>(at + n == raw.size() ? 1 : 0);
    z += {static_cast<char>(n & 0xFF), static_cast<char>(n >> 8), static_cast<char>(~n & 0xFF),
          static_cast<char>((~n >> 8) & 0xFF)};
    z += raw.substr(at, n);
  }
  PutBe32(z, (b << 16) | a);
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  PutBe32(ihdr, static_cast<std::uint32_t>(w));
  PutBe32(ihdr, static_cast<std::uint32_t>(h));
  ihdr += {8, 2, 0, 0, 0};
  PngChunk(png, "IHDR", ihdr);
  PngChunk(png, "IDAT", z);
  PngChunk(png, "IEND", "");
  return png;
}

// A small one-page PDF receipt.
std::string Pdf(const std::string& order, int pad) {
  const std::string text = "BT /F1 12 Tf 72 720 Td (Receipt " + order + ") Tj ET";
  std::string pdf = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  std::vector<size_t> offsets;
  auto obj = [&](const std::string& body) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  obj("<< /Type /Catalog /Pages 2 0 R >>");
  obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>");
  obj("<< /Length " + std::to_string(text.size()) + " >>\nstream\n" + text + "\nendstream");
  obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (int i = 0; i < pad; ++i) pdf += "% receipt line " + std::to_string(i) + "\n";
  const size_t xref = pdf.size();
  pdf += "xref\n0 6\n0000000000 65535 f \n";
  for (size_t o : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
    pdf += line;
  }
  pdf += "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string Crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

std::string RfcDate(std::int64_t unix_seconds) {
  const std::time_t jst = static_cast<std::time_t>(unix_seconds + 9 * 3600);
  std::tm tm{};
  gmtime_r(&jst, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0900", &tm);
  return buf;
}

std::string HtmlOf(const std::string& text) {
  std::string html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>p{margin:0 0 1em}"
      ".sig{color:#666;font-size:12px}</style></head><body><div dir=\"ltr\">";
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (line.rfind("> ", 0) == 0) {
      html += "<blockquote style=\"border-left:2px solid #ccc;padding-left:8px\">" +
              line.substr(2) + "</blockquote>";
    } else if (!line.empty()) {
      html += "<p>" + line + "</p>";
    }
    start = end + 1;
  }
  html +=
      "<img src=\"https://tracker.example/open.gif?u=1\" width=\"1\" height=\"1\">"
      "<p class=\"sig\"><a href=\"https://mail.example.jp/\">メールアプリから送信</a></p>"
      "</div></body></html>";
  return html;
}

struct Thread {
  std::string subject;  // UTF-8, without "Re: "
  std::string name, address, order;
  Charset charset = Charset::kUtf8;
  std::vector<std::string> ids;  // Message-IDs so far, oldest first
  std::string last_text;
  int target = 1;  // messages this thread will have
};

class Generator {
 public:
  Generator(const ShopMailOptions& options, ShopMailStats& stats)
      : options_(options), stats_(stats), rng_(options.seed) {}

  bool Run(const std::string& dir) {
    std::filesystem::create_directories(dir);
    // Plan the threads first: most are one mail, a fifth get a few replies, one in 250
    // becomes a long back-and-forth of 60 to 90 mails (a replacement that went wrong).
    const int bounces = options_.count / 50;
    int planned = 0;
    std::vector<int> targets;
    while (planned < options_.count - bounces) {
      const double u = Unit();
      const int t = u < 0.004 ? Between(60, 90) : u < 0.184 ? Between(2, 4) : 1;
      targets.push_back(t);
      planned += t;
    }
    size_t next_thread = 0;
    int replies_left = planned - static_cast<int>(targets.size());
    std::vector<size_t> open;  // threads with replies still to come
    for (int i = 0; i < options_.count; ++i) {
      now_ += Between(20, 120);
      std::string mail;
      const int left = options_.count - i;
      const int new_left = static_cast<int>(targets.size() - next_thread);
      const bool bounce = Unit() < static_cast<double>(bounces - stats_.bounces) / left;
      if (bounce) {
        mail = Bounce(i);
        ++stats_.bounces;
      } else if (!open.empty() && (new_left == 0 || Unit() < static_cast<double>(replies_left) /
                                                                 (replies_left + new_left))) {
        const size_t k = Pick(open.size());
        Thread& t = threads_[open[k]];
        mail = Reply(t, i);
        --replies_left;
        ++stats_.replies;
        stats_.longest_thread = std::max(stats_.longest_thread, static_cast<int>(t.ids.size()));
        if (static_cast<int>(t.ids.size()) >= t.target) {
          open[k] = open.back();
          open.pop_back();
        }
      } else {
        threads_.push_back(NewThread(i, next_thread < targets.size() ? targets[next_thread] : 1));
        ++next_thread;
        mail = First(threads_.back(), i);
        if (threads_.back().target > 1) open.push_back(threads_.size() - 1);
      }
      char name[32];
      std::snprintf(name, sizeof name, "/%06d.eml", i + 1);
      std::ofstream out(dir + name, std::ios::binary | std::ios::trunc);
      out << mail;
      if (!out) return false;
      ++stats_.files;
      stats_.bytes += static_cast<std::int64_t>(mail.size());
    }
    stats_.threads = static_cast<int>(threads_.size());
    return true;
  }

 private:
  double Unit() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  int Between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  template <typename A>
  std::string Any(const A& items) {
    return items[Pick(items.size())];
  }

  Thread NewThread(int i, int target) {
    Thread t;
    t.target = target;
    t.name = Any(kFamily) + " " + Any(kGiven);
    const double u = Unit();
    if (u < 0.15) {  // Amazon.co.jp buyer messages: relay address, order id, UTF-8
      char order[32];
      std::snprintf(order, sizeof order, "%03d-%07d-%07d", 249 + i % 5, (i * 7919) % 10000000,
                    (i * 104729) % 10000000);
      t.order = order;
      t.address = "k" + std::to_string(100000 + i) + "x@marketplace.amazon.co.jp";
      t.subject = std::string("注文番号 ") + order + " についての購入者からの問い合わせ";
      t.charset = Charset::kUtf8;
      ++stats_.amazon_relay;
    } else {
      t.address = "customer" + std::to_string(i) + (i % 3 ? "@example.jp" : "@docomo.ne.jp");
      t.subject = Any(kProducts) + Any(kTopics);
      const double c = Unit();
      t.charset = c < 0.50   ? Charset::kUtf8
                  : c < 0.78 ? Charset::kIso2022jp
                  : c < 0.90 ? Charset::kCp932
                             : Charset::kEucJp;
    }
    return t;
  }

  std::string CustomerText(const Thread& t) {
    std::string text =
        "さくら雑貨店 ご担当者様\n\n" + t.name.substr(0, t.name.find(' ')) + "と申します。\n";
    if (!t.order.empty()) text += "注文番号: " + t.order + "\n";
    const int n = Between(2, 6);
    for (int k = 0; k < n; ++k) {
      text += Any(kSentences);
      if (t.charset != Charset::kEucJp && Unit() < 0.3) text += Any(kWindowsExtras);
      text += "\n";
    }
    text += "\nよろしくお願いいたします。\n\n" + t.name + "\n";
    return text;
  }

  // The headers and body of a customer mail in thread `t`.
  std::string Compose(Thread& t, int i, const std::string& text,
                      const std::vector<std::string>& parents) {
    const std::string id = "m" + std::to_string(i) + "." + std::to_string(rng_() % 100000) + "@" +
                           t.address.substr(t.address.find('@') + 1);
    const bool reply = !parents.empty();
    std::string headers = "Return-Path: <" + t.address +
                          ">\r\nReceived: from mx.example.jp (mx.example.jp [203.0.113.5])\r\n"
                          "\tby mx.sakura.example with ESMTPS id " +
                          std::to_string(rng_()) + "\r\n\tfor <support@sakura.example>; " +
                          RfcDate(now_) + "\r\nFrom: " + EncodedWords(t.name, t.charset) + " <" +
                          t.address +
                          ">\r\nTo: support@sakura.example\r\nSubject: " + (reply ? "Re: " : "") +
                          EncodedWords(t.subject, t.charset) + "\r\nDate: " + RfcDate(now_) +
                          "\r\nMessage-ID: <" + id + ">\r\n";
    if (reply) {
      headers += "In-Reply-To: <" + parents.back() + ">\r\nReferences:";
      for (const auto& p : parents) headers += " <" + p + ">\r\n";  // folded, one a line
    }
    headers += "MIME-Version: 1.0\r\nX-Mailer: " +
               std::string(t.charset == Charset::kIso2022jp ? "Microsoft Outlook 16.0"
                           : t.charset == Charset::kCp932   ? "Becky! ver. 2.81"
                                                            : "iPhone Mail (21A360)") +
               "\r\n";
    t.ids.push_back(id);
    t.last_text = text;

    const std::string label = CharsetLabel(t.charset);
    const std::string encoded = Crlf(Encode(text, t.charset));
    std::string plain = "Content-Type: text/plain; charset=" + label;
    switch (t.charset) {
      case Charset::kIso2022jp:
        plain += "\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" + encoded;
        break;
      case Charset::kEucJp:
        plain += "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + encoded;
        break;
      case Charset::kCp932:
        plain += Unit() < 0.5
                     ? "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + encoded
                     : "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64(encoded) + "\r\n";
        break;
      case Charset::kUtf8: {
        const double u = Unit();
        plain += u < 0.6 ? "; format=flowed\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                               Base64(encoded) + "\r\n"
                 : u < 0.85 ? "\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
                                  QuotedPrintable(encoded)
                            : "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + encoded;
        break;
      }
    }
    std::string body = plain;
    if (t.charset != Charset::kEucJp && Unit() < 0.35) {  // HTML mailers
      ++stats_.html_alternative;
      const std::string b = "alt" + std::to_string(i);
      body = "Content-Type: multipart/alternative; boundary=\"" + b + "\"\r\n\r\n--" + b + "\r\n" +
             plain + "\r\n--" + b + "\r\nContent-Type: text/html; charset=" + label +
             "\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
             Base64(Crlf(Encode(HtmlOf(text), t.charset))) + "\r\n--" + b + "--\r\n";
    }
    const double a = Unit();
    if (a < 0.17) {  // a photo of the damage, or a receipt/invoice
      const std::string b = "mix" + std::to_string(i);
      std::string part;
      if (a < 0.11) {
        ++stats_.png;
        const std::string file = "破損箇所" + std::to_string(Between(1, 3)) + ".png";
        part = "Content-Type: image/png; name*=" + Rfc2231(file) +
               "\r\nContent-Disposition: attachment; filename*=" + Rfc2231(file) +
               "\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
               Base64(Png(Between(16, 48), Between(16, 40), rng_));
      } else {
        ++stats_.pdf;
        const std::string file = "領収書_" + std::to_string(i) + ".pdf";
        part = "Content-Type: application/pdf; name=\"" + EncodedWords(file, t.charset) +
               "\"\r\nContent-Disposition: attachment; filename=\"" +
               EncodedWords(file, t.charset) + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
               Base64(Pdf(t.order.empty() ? std::to_string(i) : t.order, Between(10, 80)));
      }
      body = "Content-Type: multipart/mixed; boundary=\"" + b +
             "\"\r\n\r\nThis is a multi-part "
             "message in MIME format.\r\n--" +
             b + "\r\n" + body + "\r\n--" + b + "\r\n" + part + "\r\n--" + b + "--\r\n";
    }
    switch (t.charset) {
      case Charset::kUtf8:
        ++stats_.utf8;
        break;
      case Charset::kIso2022jp:
        ++stats_.iso2022jp;
        break;
      case Charset::kCp932:
        ++stats_.cp932;
        break;
      case Charset::kEucJp:
        ++stats_.euc_jp;
        break;
    }
    return headers + body;
  }

  std::string First(Thread& t, int i) { return Compose(t, i, CustomerText(t), {}); }

  std::string Reply(Thread& t, int i) {
    // The customer answers the shop's reply (which the shop sent from shopdesk: its id
    // is not in the corpus), quoting it; In-Reply-To names the customer's last mail so
    // the thread is found, References carry the whole chain as mailers do.
    std::string text = Any(kSentences) + "\n" + Any(kSentences) + "\n\n" + t.name + "\n\n" +
                       RfcDate(now_ - 3600) + " さくら雑貨店 <support@sakura.example>:\n";
    std::string quoted = Any(kShopSentences) + "\n" + t.last_text;
    size_t start = 0, lines = 0;
    while (start < quoted.size() && lines < 12) {
      size_t end = quoted.find('\n', start);
      if (end == std::string::npos) end = quoted.size();
      text += "> " + quoted.substr(start, end - start) + "\n";
      start = end + 1;
      ++lines;
    }
    const std::vector<std::string> parents = t.ids;
    return Compose(t, i, text, parents);
  }

  std::string Bounce(int i) {
    const std::string b = "dsn" + std::to_string(i);
    const std::string rcpt = "old" + std::to_string(i) + "@example.jp";
    const std::string original = "shopdesk." + std::to_string(i) + "@sakura.example";
    return "Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.sakura.example (Mail Delivery System)\r\n"
           "To: support@sakura.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
           "Date: " +
           RfcDate(now_) + "\r\nMessage-ID: <dsn." + std::to_string(i) +
           "@mx.sakura.example>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/report; report-type=delivery-status; boundary=\"" +
           b + "\"\r\n\r\n--" + b +
           "\r\nContent-Description: Notification\r\nContent-Type: text/plain; "
           "charset=us-ascii\r\n\r\nThis is the mail system at host mx.sakura.example.\r\n\r\n"
           "I'm sorry to have to inform you that your message could not\r\nbe delivered to one "
           "or more recipients.\r\n\r\n<" +
           rcpt + ">: host mx.example.jp said: 550 5.1.1 User unknown\r\n\r\n--" + b +
           "\r\nContent-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n"
           "\r\nReporting-MTA: dns; mx.sakura.example\r\nArrival-Date: " +
           RfcDate(now_ - 5) + "\r\n\r\nFinal-Recipient: rfc822; " + rcpt +
           "\r\nOriginal-Recipient: rfc822;" + rcpt +
           "\r\nAction: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx.example.jp\r\n"
           "Diagnostic-Code: smtp; 550 5.1.1 <" +
           rcpt + ">: Recipient address rejected: User unknown\r\n\r\n--" + b +
           "\r\nContent-Description: Undelivered Message Headers\r\nContent-Type: "
           "text/rfc822-headers\r\n\r\nFrom: =?UTF-8?B?" +
           Base64("さくら雑貨店", false) + "?= <support@sakura.example>\r\nTo: <" + rcpt +
           ">\r\nSubject: =?UTF-8?B?" + Base64("Re: ご注文の発送について", false) +
           "?=\r\nMessage-ID: <" + original + ">\r\nDate: " + RfcDate(now_ - 10) + "\r\n\r\n--" +
           b + "--\r\n";
  }

  const ShopMailOptions& options_;
  ShopMailStats& stats_;
  std::mt19937 rng_;
  std::int64_t now_ = 1793493000;  // 2026-11-01 09:30 JST
  std::vector<Thread> threads_;
};

}  // namespace

bool WriteShopMail(const std::string& dir, const ShopMailOptions& options, ShopMailStats& stats) {
  stats = {};
  return Generator(options, stats).Run(dir);
}

}  // namespace shopdesk::bench
