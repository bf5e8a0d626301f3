#include "http/public/shop_front_page.h"

#include "services/shop_directory.h"

namespace shopdesk::http::public_site {

Result<PublicPage> ShopFrontPage(store::Database& db, const channels::ChannelRegistry& registry,
                                 const Shop& shop, PageLanguage language) {
  const bool en = language == PageLanguage::kEnglish;
  auto channels = services::ShopDirectory(db).Channels(shop.id);
  if (!channels) return channels.error();
  std::string list;
  for (const Channel& channel : *channels) {
    auto adapter = registry.For(channel.kind);
    if (!adapter || !(*adapter)->Capabilities().public_address || channel.address.empty()) {
      continue;
    }
    list += "<li><a href=\"mailto:";
    AppendText(list, channel.address);
    list += "\">";
    AppendText(list, channel.address);
    list += "</a>";
    if (!channel.display_name.empty()) {
      list += " (";
      AppendText(list, channel.display_name);
      list += ")";
    }
    list += "</li>\n";
  }
  PublicPage page;
  page.description = en ? "How to contact " + shop.name : shop.name + "へのお問い合わせ先";
  page.body_html = en ? "<h2>Contact us</h2>\n" : "<h2>お問い合わせ</h2>\n";
  if (list.empty()) {
    page.body_html += en ? "<p>This shop has not published a contact address yet.</p>\n"
                         : "<p>このショップはまだ連絡先を公開していません。</p>\n";
  } else {
    page.body_html +=
        en ? "<p>Please write to us by e-mail.</p>\n" : "<p>メールでお問い合わせください。</p>\n";
    page.body_html += "<ul>\n" + list + "</ul>\n";
  }
  page.body_html += en ? "<p><a href=\"./\" lang=\"ja\">日本語</a></p>"
                       : "<p><a href=\"?lang=en\" lang=\"en\">English</a></p>";
  return page;
}

}  // namespace shopdesk::http::public_site
