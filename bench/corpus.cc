#include "corpus.h"

#include <iconv.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>

#include "channels/email/transfer_encoding.h"

namespace shopdesk::bench {
namespace {

constexpr std::array kFamily{"佐藤", "鈴木", "高橋", "田中", "伊藤",   "渡辺", "山本", "中村",
                             "小林", "加藤", "吉田", "山田", "佐々木", "松本", "井上", "木村"};
constexpr std::array kProducts{
    "有田焼の豆皿",       "注染の手ぬぐい", "竹の箸",         "信楽焼のマグカップ",
    "藍染めのコースター", "桐の小箱",       "南部鉄器の急須", "京扇子"};
constexpr std::array kTopics{"の配送状況について", "が破損していました", "の返品について",
                             "の領収書について",   "のギフト包装",       "の再入荷予定"};

// The product's encoder in lines of 76; the caller ends the part.
std::string Base64(const std::string& in) {
  std::string out = shopdesk::channels::email::Base64Encode(in, 76);
  if (out.ends_with("\r\n")) out.resize(out.size() - 2);
  return out;
}

std::string Convert(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return utf8;
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  iconv(cd, &in, &in_left, &o, &out_left);
  iconv(cd, nullptr, nullptr, &o, &out_left);  // back to ASCII for ISO-2022-JP
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

std::string EncodedWord(const std::string& utf8) { return "=?UTF-8?B?" + Base64(utf8) + "?="; }

}  // namespace

bool WriteCorpus(const std::string& path, const CorpusOptions& options) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::mt19937 rng(options.seed);
  auto pick = [&rng](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<std::pair<std::string, std::string>> threads;  // (message id, from)
  for (int i = 0; i < options.count; ++i) {
    const std::string family = kFamily[pick(kFamily.size())];
    const std::string product = kProducts[pick(kProducts.size())];
    const bool reply = !threads.empty() && unit(rng) < options.reply_share;
    const std::string id = "bench." + std::to_string(i) + "@customer.example";
    std::string from = "customer" + std::to_string(i) + "@example.jp";
    std::string headers = "Message-ID: <" + id +
                          ">\r\nTo: support@sakura.example\r\n"
                          "Date: Mon, 23 Nov 2026 09:00:00 +0900\r\nMIME-Version: 1.0\r\n";
    std::string subject = product + kTopics[pick(kTopics.size())];
    if (reply) {
      const auto& parent = threads[pick(threads.size())];
      from = parent.second;
      headers += "In-Reply-To: <" + parent.first + ">\r\nReferences: <" + parent.first + ">\r\n";
      subject = "Re: " + subject;
    } else if (i % 5 == 0) {
      char order[32];
      std::snprintf(order, sizeof order, "%03d-%07d-%07d", 249 + i % 4, i, 9999999 - i);
      from = "buyer" + std::to_string(i) + "@marketplace.amazon.co.jp";
      subject = std::string("注文番号 ") + order + " についてのお問い合わせ";
    }
    const std::string body =
        family + "と申します。\n" + product +
        "について質問です。注文したのは先週の金曜日で、まだ届いていません。"
        "お手数ですが配送状況を確認していただけますか。\nよろしくお願いいたします。\n" +
        family + "\n";
    std::string mail = "From: " + EncodedWord(family + " 様") + " <" + from + ">\r\n" + headers;
    switch (i % 4) {
      case 0:  // UTF-8, base64
        mail += "Subject: " + EncodedWord(subject) +
                "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: "
                "base64\r\n\r\n" +
                Base64(body) + "\r\n";
        break;
      case 1: {  // ISO-2022-JP, 7bit, as old Japanese mailers send it
        const std::string jis_subject = Convert(subject, "ISO-2022-JP");
        mail += "Subject: =?ISO-2022-JP?B?" + Base64(jis_subject) +
                "?=\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n"
                "Content-Transfer-Encoding: 7bit\r\n\r\n" +
                Convert(body, "ISO-2022-JP") + "\r\n";
        break;
      }
      case 2:  // Shift_JIS 8bit
        mail += "Subject: " + EncodedWord(subject) +
                "\r\nContent-Type: text/plain; charset=Shift_JIS\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n" +
                Convert(body, "CP932") + "\r\n";
        break;
      default:  // multipart/alternative with HTML
        mail +=
            "Subject: " + EncodedWord(subject) +
            "\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            Base64(body) +
            "\r\n--b1\r\nContent-Type: text/html; charset=UTF-8\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n" +
            Base64("<html><body><p>" + body +
                   "</p><img src=\"https://tracker.example/p.gif\">"
                   "</body></html>") +
            "\r\n--b1--\r\n";
    }
    if (!reply) threads.emplace_back(id, from);
    out << mail.size() << '\n' << mail;
  }
  return static_cast<bool>(out);
}

CorpusReader::CorpusReader(const std::string& path) : file_(std::fopen(path.c_str(), "rb")) {
  ok_ = file_ != nullptr;
}

std::vector<std::string> CorpusReader::Next(size_t n) {
  std::vector<std::string> batch;
  while (file_ && batch.size() < n) {
    unsigned long size = 0;
    if (std::fscanf(file_, "%lu", &size) != 1 || std::fgetc(file_) != '\n') {
      std::fclose(file_);
      file_ = nullptr;
      break;
    }
    std::string raw(size, '\0');
    if (std::fread(raw.data(), 1, size, file_) != size) {
      ok_ = false;
      break;
    }
    batch.push_back(std::move(raw));
  }
  return batch;
}

}  // namespace shopdesk::bench
