#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets: tests/fuzz/corpus/<target>/*.

Every seed is written here, in our own words, in the encodings Japanese mail really
uses (ISO-2022-JP with NEC extensions, Shift_JIS read as CP932, EUC-JP, UTF-8).
Run it from anywhere; it rewrites the seed files it names and leaves others (for
example inputs added by hand) alone. The files are committed; this script documents
and regenerates them.
"""
import base64
import os
import quopri

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def write(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def iso2022jp(text):
    """ISO-2022-JP as Windows mailers write it: JIS X 0208 rows from CP932, so NEC
    row 13 (①, ㈱) and the IBM extensions survive."""
    out = bytearray()
    mode = "ascii"
    for ch in text:
        b = ch.encode("cp932")
        if len(b) == 1 and b[0] < 0x80:
            if mode != "ascii":
                out += b"\x1b(B"
                mode = "ascii"
            out += b
            continue
        if len(b) == 1:  # half-width katakana: not in ISO-2022-JP, use the full-width form
            raise ValueError("half-width katakana in %r" % text)
        s1, s2 = b[0], b[1]
        # Shift_JIS to JIS X 0208 row/cell (inverse of the arithmetic in the decoder).
        if s1 >= 0xE0:
            s1 -= 0x40
        j1 = (s1 - 0x81) * 2 + 0x21
        if s2 >= 0x9F:
            j1 += 1
            j2 = s2 - 0x7E
        else:
            j2 = s2 - (0x20 if s2 >= 0x80 else 0x1F)
        if mode != "jis":
            out += b"\x1b$B"
            mode = "jis"
        out += bytes([j1, j2])
    if mode != "ascii":
        out += b"\x1b(B"
    return bytes(out)


def encoded_word(text, charset, raw=None):
    raw = raw if raw is not None else text.encode(charset)
    return "=?%s?B?%s?=" % (charset, base64.b64encode(raw).decode())


def crlf(text):
    return text.replace("\n", "\r\n")


def mails():
    # 1. Plain ISO-2022-JP mail from a Windows mailer, NEC extensions in subject and body.
    subject = encoded_word(None, "ISO-2022-JP", iso2022jp("【至急】注文品①の破損について"))
    body = iso2022jp(
        "さくら雑貨店 ご担当者様\r\n\r\n"
        "昨日届いた小皿のうち１枚が割れていました。\r\n"
        "交換をお願いできますか。㈱山本商事 髙木\r\n")
    write("mime_parse", "iso2022jp_nec.eml", crlf(
        "From: " + encoded_word(None, "ISO-2022-JP", iso2022jp("髙木")) +
        " <takagi@yamamoto.example.jp>\n"
        "To: support@sakura.example\n"
        "Subject: " + subject + "\n"
        "Date: Mon, 3 Jun 2024 09:15:00 +0900\n"
        "Message-ID: <20240603091500.ab12@yamamoto.example.jp>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=ISO-2022-JP\n"
        "Content-Transfer-Encoding: 7bit\n\n").encode() + body)

    # 2. Shift_JIS, 8-bit body and a raw 8-bit subject as old mailers send them.
    sjis_subject = "Re: 領収書の宛名（㈱）について".encode("cp932")
    sjis_body = ("宛名は「有限会社 髙島商店」でお願いします。\r\n"
                 "金額：３，９８０円～\r\n").encode("cp932")
    write("mime_parse", "shift_jis_8bit.eml",
          b"From: shop-owner@old-mailer.example.jp\r\n"
          b"To: support@sakura.example\r\n"
          b"Subject: " + sjis_subject + b"\r\n"
          b"In-Reply-To: <sd.41.aa@sakura.example>\r\n"
          b"References: <sd.40.ff@sakura.example> <sd.41.aa@sakura.example>\r\n"
          b"Content-Type: text/plain; charset=Shift_JIS\r\n"
          b"Content-Transfer-Encoding: 8bit\r\n\r\n" + sjis_body)

    # 3. multipart/alternative: flowed UTF-8 text (DelSp) and base64 HTML.
    flowed = ("お世話になっております。配送状況を確認したいのですが、 \n"
              "追跡番号を教えていただけますか。\n> 前回のメール \n> の引用\n-- \n佐藤\n")
    html = ("<html><body><p>お世話になっております。</p>"
            "<p onclick=\"x()\">追跡番号を<b>教えて</b>ください。</p>"
            "<img src=\"https://tracker.example/p.gif\"></body></html>")
    write("mime_parse", "alternative_flowed.eml", crlf(
        "From: \"Sato, Yui\" <yui.sato@example.com>\n"
        "To: Sakura <support@sakura.example>\n"
        "Subject: =?UTF-8?Q?=E9=85=8D=E9=80=81=E7=8A=B6=E6=B3=81?= =?UTF-8?Q?=E3=81=AE?=\n"
        " =?UTF-8?B?56K66KqN?=\n"
        "Message-ID: <alt-1@example.com>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/alternative; boundary=\"b1\"\n\n"
        "--b1\n"
        "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n"
        "Content-Transfer-Encoding: quoted-printable\n\n")
        .encode() + quopri.encodestring(crlf(flowed).encode()) + crlf(
        "\n--b1\n"
        "Content-Type: text/html; charset=utf-8\n"
        "Content-Transfer-Encoding: base64\n\n").encode()
        + base64.encodebytes(html.encode()).replace(b"\n", b"\r\n") + b"--b1--\r\n")

    # 4. HTML only, with markup a sanitizer must remove, and an inline cid image.
    hostile = ("<div>ご注文ありがとうございます<script>steal()</script>"
               "<a href=\"jav&#x09;ascript:alert(1)\">詳細</a>"
               "<a href=\"https://shop.example/orders/1\">注文</a>"
               "<img src=\"cid:logo@sakura\" onerror=\"x()\"><style>p{}</style>"
               "<iframe src=\"https://evil.example\"></iframe></div>")
    write("mime_parse", "html_related.eml", crlf(
        "From: news@shop.example\n"
        "To: support@sakura.example\n"
        "Subject: HTML only\n"
        "Precedence: bulk\n"
        "List-Unsubscribe: <mailto:unsub@shop.example>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/related; boundary=\"rel\"\n\n"
        "--rel\n"
        "Content-Type: text/html; charset=\"utf-8\"\n\n"
        + hostile + "\n"
        "--rel\n"
        "Content-Type: image/png\n"
        "Content-ID: <logo@sakura>\n"
        "Content-Transfer-Encoding: base64\n\n"
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA\n"
        "--rel--\n"))

    # 5. multipart/mixed: RFC 2231 name in ISO-2022-JP, an RFC 2047 name, and a part over
    #    the fuzz target's 1 KB attachment limit.
    jis_name = "".join("%%%02X" % b for b in iso2022jp("見積書①.pdf"))
    big = base64.encodebytes(bytes(range(256)) * 6).decode()
    write("mime_parse", "attachments_rfc2231.eml", crlf(
        "From: buyer@example.net\n"
        "To: support@sakura.example\n"
        "Subject: =?ISO-2022-JP?B?" + base64.b64encode(iso2022jp("見積書の件")).decode() + "?=\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"==mix==\"\n\n"
        "--==mix==\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "見積書を添付します。\n"
        "--==mix==\n"
        "Content-Type: application/pdf\n"
        "Content-Disposition: attachment;\n"
        " filename*0*=ISO-2022-JP''" + jis_name[:30] + ";\n"
        " filename*1*=" + jis_name[30:] + "\n"
        "Content-Transfer-Encoding: base64\n\n"
        "JVBERi0xLjQKJcfsj6IK\n"
        "--==mix==\n"
        "Content-Type: application/octet-stream; name=\"=?UTF-8?B?" +
        base64.b64encode("写真 データ.bin".encode()).decode() + "?=\"\n"
        "Content-Disposition: attachment; filename=\"C:\\Users\\yui\\photo.bin\"\n"
        "Content-Transfer-Encoding: base64\n\n" + big +
        "--==mix==--\n"))

    # 6. A bounce: multipart/report with a delivery-status part.
    write("mime_parse", "bounce_report.eml", crlf(
        "From: MAILER-DAEMON@mx.sakura.example\n"
        "To: support@sakura.example\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "Return-Path: <>\n"
        "Auto-Submitted: auto-replied\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n\n"
        "--r\n"
        "Content-Type: text/plain\n\n"
        "The mail could not be delivered.\n"
        "--r\n"
        "Content-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.sakura.example\n\n"
        "Final-Recipient: rfc822; nobody@example.org\n"
        "Action: failed\n"
        "Status: 5.1.1\n"
        "--r\n"
        "Content-Type: message/rfc822\n\n"
        "From: support@sakura.example\n"
        "To: nobody@example.org\n"
        "Subject: =?UTF-8?B?" + base64.b64encode("返信".encode()).decode() + "?=\n\n"
        "本文\n"
        "--r--\n"))

    # 7. EUC-JP with a lying label and an mbox "From " line from an MTA pipe.
    write("mime_parse", "eucjp_mbox.eml",
          b"From buyer@example.org Mon Jun  3 10:00:00 2024\n"
          b"From: =?EUC-JP?B?" + base64.b64encode("購入者".encode("euc_jp")) + b"?= <buyer@example.org>\n"
          b"To: support@sakura.example\n"
          b"Subject: order 250-1234567-7654321\n"
          b"X-Autoreply: yes\n"
          b"Content-Type: text/plain; charset=us-ascii\n\n" +
          "注文番号２５０−１２３４５６７−７６５４３２１の件です。\n".encode("euc_jp"))

    # 8. Damaged: broken base64, a NUL byte, unknown charset, deep nesting start.
    write("mime_parse", "damaged.eml", crlf(
        "From: a@b\n"
        "Subject: =?x-unknown?Q?=FF=FE?=\n"
        "Content-Type: multipart/mixed; boundary=o\n\n"
        "--o\n"
        "Content-Type: multipart/mixed; boundary=p\n\n"
        "--p\n"
        "Content-Type: text/plain; charset=x-bogus\n"
        "Content-Transfer-Encoding: base64\n\n"
        "44GC44GE!!44GG*\n"
        "--p--\n"
        "--o\n"
        "Content-Type: text/plain\n\n").encode() + b"nul:\x00 end\r\n--o--\r\n")


def json_bodies():
    seeds = {
        "reply.json": '{"body":"山田様\\nご連絡ありがとうございます。","html":null,"status":"pending"}',
        "assign.json": '{"assignee_id":42,"team_id":null,"note":"\\u5f15\\u304d\\u7d99\\u304e"}',
        "tags.json": '{"tags":["返品","破損","urgent"],"replace":true}',
        "nested.json": '{"customer":{"name":"佐藤 結衣","email":"yui@example.com",'
                       '"identities":[{"kind":"amazon","id":"A1B2"}]},"limit":50}',
        "numbers.json": '{"a":-1,"b":1.5,"c":18446744073709551615,"d":1e3,"e":0}',
        "empty.json": "{}",
        "escapes.json": '{"text":"tab\\tquote\\"slash\\/ \\ud83d\\ude47 \\u0000"}',
        "deep.json": '{"a":' * 10 + '1' + '}' * 10,
        "array.json": '[{"not":"an object"}]',
        "duplicate.json": '{"status":"open","status":"closed"}',
        "members.json": '{"agent_ids":[3,1,9223372036854775807],"ids":[0,-1,2.5,"7"]}',
    }
    for name, text in seeds.items():
        write("json_body", name, text)


HTML = {
    "newsletter.html": (
        "<!DOCTYPE html><html><head><title>Sale</title><style>.x{color:red}</style>"
        "<meta http-equiv=\"refresh\" content=\"0\"></head><body>"
        "<table width=\"600\" cellpadding=\"4\"><tr><td align=\"center\">"
        "<font color=\"#c00\" size=\"4\">夏の<b>セール</b></font></td></tr>"
        "<tr><td><a href=\"https://shop.example/sale?utm=1&amp;x=2\">見る</a></td></tr>"
        "</table><img src=\"http://img.example/a.png\" width=\"1\" height=\"1\"></body></html>"),
    "xss.html": (
        "<p>こんにちは</p><img src=x onerror=alert(1)><svg><script>a()</script></svg>"
        "<a href=\"&#106;avascript:alert(2)\">x</a><a href=\" JaVaScRiPt:alert(3)\">y</a>"
        "<a href=\"data:text/html,<b>\">z</a><math><mi xlink:href=\"javascript:x\">m</mi></math>"
        "<form action=\"https://evil.example\"><input name=q></form>"
        "<div style=\"background:url(javascript:x)\">s</div><!--[if IE]><script>b()</script><![endif]-->"
        "<noscript><p title=\"</noscript><img src=x onerror=c()>\"></noscript>"),
    "outlook.html": (
        "<div class=\"WordSection1\"><p class=\"MsoNormal\">お世話になっております。<o:p></o:p></p>"
        "<blockquote style=\"margin:0\"><p>引用された文章<br>二行目</p></blockquote>"
        "<ul><li>一つ目<ol><li>入れ子</li></ol></li><li>二つ目</li></ul>"
        "<pre>  整形済み\ttext\n  line</pre><hr><p>&nbsp;&copy; 2024&#x3000;さくら</p></div>"),
    "misnested.html": (
        "<b><i>太字斜体</b>斜体</i><p>段落<div>ブロック</p></div><table><tr>"
        "<td>セル<td>セル2</table>テーブル外<a href=\"mailto:a@b\"><a href=\"tel:0312345678\">t</a>"
        "<marquee><p>m</p></marquee><font><font><font>f</font></font></font>"),
}


def html():
    for name, text in HTML.items():
        write("html_sanitizer", name, text)
        write("html_to_text", name, text)


def charsets():
    write("charset_decoder", "iso2022jp.txt", b"iso-2022-jp\n" + iso2022jp("お問い合わせ①㈱髙"))
    write("charset_decoder", "sjis.txt", b"Shift_JIS\n" + "返品～№３".encode("cp932"))
    write("charset_decoder", "sjis_unlabeled.txt", b"\n" + "配送".encode("cp932"))
    write("charset_decoder", "eucjp.txt", b"euc-jp\n" + "ご注文ありがとうございます".encode("euc_jp"))
    write("charset_decoder", "utf8_lie.txt", b"us-ascii\n" + "本当はUTF-8".encode())
    write("charset_decoder", "utf16.txt", b"utf-16le\n" + "あいう".encode("utf-16le"))
    write("charset_decoder", "latin1.txt", b"iso-8859-1\ncaf\xe9 na\xefve")
    write("charset_decoder", "damaged_utf8.txt", b"utf-8\n" + "破損".encode()[:-1] + b" ok")
    write("charset_decoder", "kana_shift.txt", b"iso-2022-jp\n\x1b(I12\x1b(Babc\x0e34\x0f")
    write("charset_decoder", "jisx0212.txt", b"\n\x1b$(D\x30\x21\x1b(B \x1b$(Q\x21\x21\x1b(B")


def headers():
    jis = base64.b64encode(iso2022jp("髙橋 様①")).decode()
    seeds = {
        "encoded_words.txt": "=?ISO-2022-JP?B?" + jis + "?= =?UTF-8?Q?=E3=81=82_b?=\r\n\t=?utf-8*ja?B?44GE?=",
        "split_char.txt": "=?UTF-8?B?44E=?= =?UTF-8?B?gg==?= plain",
        "address_list.txt": "\"山田, 太郎\" <Yamada@Example.JP>, b@example.com (B san),"
                            " group: c@d.example, <@relay:e@f.example>;",
        "message_ids.txt": "<a.1@x.example>\r\n <b.2@y.example> <not an id> <c@z>",
        "bare_ids.txt": "a@b, c@d e",
    }
    for name, text in seeds.items():
        write("header_decoder", name, text)
    write("header_decoder", "raw_sjis_name.txt",
          "店長".encode("cp932") + b" <owner@shop.example>")


def params():
    jis = "".join("%%%02X" % b for b in iso2022jp("請求書①.pdf"))
    seeds = {
        "rfc2231_jis.txt": "attachment; filename*=ISO-2022-JP''" + jis,
        "continuation.txt": "attachment;\r\n filename*0*=UTF-8''%E8%A6%8B%E7%A9%8D;\r\n"
                            " filename*1*=%E6%9B%B8.pdf; size=1234",
        "content_type.txt": "Text/Plain; Charset=\"Shift_JIS\"; format=flowed; DelSp=Yes",
        "rfc2047_quoted.txt": "attachment; filename=\"=?UTF-8?B?" +
                              base64.b64encode("写真.jpg".encode()).decode() + "?=\"",
        "windows_path.txt": "attachment; filename=\"C:\\Users\\a\\file.txt\"; name=x",
        "multipart.txt": "multipart/report; report-type=delivery-status;\r\n\tboundary=\"--=_b\"",
    }
    for name, text in seeds.items():
        write("header_params", name, text)


def transfer():
    write("transfer_encoding", "base64.txt", base64.encodebytes("ご注文の確認".encode()).decode())
    write("transfer_encoding", "q.txt", "=E3=81=94_=E6=B3=A8=E6=96=87=3F_=XY=")
    write("transfer_encoding", "damaged.txt", "44GU*44G=J+/z\r\n==AB")


def flowed():
    write("flowed_text", "delsp.txt",
          "長い行はここで \r\n続きます。\r\n> 引用の \r\n> 続き\r\n>> 深い引用\r\n-- \r\n署名\r\n")
    write("flowed_text", "stuffed.txt", " From here\n  two spaces\n>quoted\nplain\n")


def subjects():
    for i, s in enumerate(["Re: 注文について", "ＲＥ：Fwd: 返品のご相談", "Re[2]: 【至急】配送",
                           "転送: 回复: AW: WG: SV: VS: 在庫", "  RE (3) :  spaced   out  ",
                           "Fw:", "Straße ǰ İ ﬀ ㈱ Ⅻ"]):
        write("subject_normalizer", "subject%d.txt" % i, s)


def orders():
    write("order_id", "ascii.txt", "注文番号: 250-1234567-1234567 / 503-7654321-0000001")
    write("order_id", "fullwidth.txt", "注文番号２５０－１２３４５６７－１２３４５６７です")
    write("order_id", "near_miss.txt", "1250-1234567-1234567 250-123456-1234567 250-1234567-12345678")


def http_requests():
    write("http_request", "query.txt", "status=open&limit=50&q=%E8%BF%94%E5%93%81+%E7%A0%B4%E6%90%8D"
          "\nBearer sd_live.AbC-12~3+/==\n42")
    write("http_request", "odd.txt", "a&=&b=%zz&c=%4&d=1=2&limit=-0&limit=9999999999999999999"
          "\nbearer  tok en\n007")
    write("http_request", "other_scheme.txt", "after=18446744073709551616\nBasic dXNlcjpwYXNz\n-1")


def sql():
    write("pg_placeholders", "numbered.sql",
          "SELECT id FROM messages WHERE shop_id = ?1 AND conversation_id = ?2 "
          "AND (?3 IS NULL OR id > ?3) ORDER BY id LIMIT ?4")
    write("pg_placeholders", "bare.sql", "INSERT INTO tags (shop_id, name) VALUES (?, ?) "
          "ON CONFLICT DO NOTHING RETURNING 'a?b', ?")
    write("pg_placeholders", "gaps.sql", "UPDATE x SET a = ?5, b = ?2 WHERE c = ?5 AND d = '?1'")


if __name__ == "__main__":
    mails()
    json_bodies()
    html()
    charsets()
    headers()
    params()
    transfer()
    flowed()
    subjects()
    orders()
    http_requests()
    sql()
