"""Saved replies: stored with their variables checked, searched by title, shortcut or
tag, rendered for a conversation with the customer's name (様), and the reply lint on
every preview and every send, in Japanese or English."""
from harness import Shopdesk, mail, on_cleanup, run_tests

ORDER = "250-1234567-1234567"


def test_saved_replies_render_and_lint(tmp):
    sd = Shopdesk(tmp)
    owner = sd.setup_shop()
    sd.run("ingest", "--shop", "sakura", "--channel", "support",
           stdin=mail("注文 %s の配送について" % ORDER, "いつ届きますか？", "q1@example.jp"))
    sd.serve("--no-workers")
    on_cleanup(sd.kill)
    status, page, _ = sd.api("GET", "/api/v1/conversations", owner)
    conversation = page["items"][0]["id"]
    assert page["items"][0]["order_id"] == ORDER, page

    body = ("{{customer.salutation}}\n\n{{shop.name}}の{{agent.name}}です。\n"
            "ご注文 {{order.number}} は本日発送いたしました。\n"
            "{{#tracking.number}}追跡番号: {{tracking.number}}\n{{/tracking.number}}"
            "今しばらくお待ちください。")
    status, saved, _ = sd.api("POST", "/api/v1/saved-replies", owner,
                              {"title": "発送のご連絡", "shortcut": "ship", "body": body,
                               "tags": ["配送", "Shipping"], "intent": "shipping"})
    assert status == 201 and saved["tags"] == ["shipping", "配送"], saved
    status, answer, _ = sd.api("POST", "/api/v1/saved-replies", owner,
                               {"title": "別の", "shortcut": "ship", "body": "x"})
    assert status == 409 and "ship" in answer["error"]["message"], answer

    # Bad templates: the position and what is wrong; nothing saved.
    for bad, expected in [("こんにちは\n{{customer.name 様", "line 2, column 1"),
                          ("{{#order.items}}{{title}}", "never closed"),
                          ("{{customer.nickname}}様", "unknown variable 'customer.nickname'"),
                          ("あ" * 7000, "20000 bytes")]:
        status, answer, _ = sd.api("POST", "/api/v1/saved-replies", owner, {"title": "bad", "body": bad})
        assert status == 400 and expected in answer["error"]["message"], (bad[:20], answer)
    status, listed, _ = sd.api("GET", "/api/v1/saved-replies", owner)
    assert [r["title"] for r in listed["items"]] == ["発送のご連絡"], listed

    for q in ["発送", "ship", "配送"]:
        status, found, _ = sd.api("GET", "/api/v1/saved-replies?q=" + __import__("urllib.parse").parse.quote(q), owner)
        assert [r["id"] for r in found["items"]] == [saved["id"]], (q, found)
    status, found, _ = sd.api("GET", "/api/v1/saved-replies?q=%25", owner)
    assert found["items"] == [], found

    # For the picker: each rendered for the conversation, as its preview is.
    status, found, _ = sd.api("GET", "/api/v1/saved-replies?q=ship&conversation=%d" % conversation, owner)
    assert status == 200, found
    assert found["items"][0]["rendered"]["text"].startswith("山田 太郎様\n\nさくら雑貨店の"), found
    assert found["items"][0]["rendered"]["warnings"] == [], found
    status, found, _ = sd.api("GET", "/api/v1/saved-replies?conversation=999999", owner)
    assert status == 404, found
    status, found, _ = sd.api("GET", "/api/v1/saved-replies?conversation=x", owner)
    assert status == 400, found

    status, preview, _ = sd.api("POST", "/api/v1/conversations/%d/replies/preview" % conversation, owner,
                                {"saved_reply_id": saved["id"]})
    assert status == 200, preview
    assert preview["text"].startswith("山田 太郎様\n\nさくら雑貨店の"), preview["text"]
    assert ORDER in preview["text"] and "追跡番号" not in preview["text"], preview["text"]
    assert preview["warnings"] == [], preview

    status, preview, _ = sd.api("POST", "/api/v1/conversations/%d/replies/preview" % conversation, owner,
                                {"body": "はい。"})
    codes = [w["code"] for w in preview["warnings"]]
    assert codes == ["one_word", "impersonal", "ignores_order"], preview
    status, preview, _ = sd.api(
        "POST", "/api/v1/conversations/%d/replies/preview" % conversation, owner,
        {"body": "{{customer.salutation}} 注文 %s の件、星5のレビューをいただければ全額返金します。"
                 "{{customer.nickname}}" % ORDER},
        headers={"Accept-Language": "en-US,en;q=0.9"})
    codes = {w["code"]: w["message"] for w in preview["warnings"]}
    assert set(codes) == {"unrendered_variable", "review_incentive"}, preview
    assert "Amazon" in codes["review_incentive"] and "policies" in codes["review_incentive"], codes

    # Family and given names as an agent entered them (a display name is never split).
    status, detail, _ = sd.api("GET", "/api/v1/conversations/%d" % conversation, owner)
    customer = detail["customer"]["id"]
    assert detail["customer"]["family_name"] == "" and detail["customer"]["given_name"] == "", detail
    status, named, _ = sd.api("PATCH", "/api/v1/customers/%d" % customer, owner,
                              {"family_name": "山田", "given_name": "太郎", "name": "Taro Yamada"})
    assert status == 200 and named["family_name"] == "山田" and named["name"] == "Taro Yamada", named
    status, answer, _ = sd.api("PATCH", "/api/v1/customers/%d" % customer, owner, {"family_name": "a\nb"})
    assert status == 400, answer
    status, preview, _ = sd.api("POST", "/api/v1/conversations/%d/replies/preview" % conversation, owner,
                                {"body": "{{customer.salutation}}、{{customer.family_name}}様の注文 %s" % ORDER})
    assert preview["text"] == "山田 太郎様、山田様の注文 %s" % ORDER, preview
    status, preview, _ = sd.api("POST", "/api/v1/conversations/%d/replies/preview?lang=en" % conversation,
                                owner, {"body": "Dear {{customer.salutation}}"})
    assert preview["text"] == "Dear 太郎 山田", preview

    # Sending runs the same lint and says what the agent sent anyway.
    status, sent, _ = sd.api("POST", "/api/v1/conversations/%d/replies" % conversation, owner, {"body": "はい。"})
    assert status == 201 and [w["code"] for w in sent["warnings"]] == ["one_word", "impersonal", "ignores_order"], sent

    status, updated, _ = sd.api("PATCH", "/api/v1/saved-replies/%d" % saved["id"], owner, {"body": "{{#x}}"})
    assert status == 400, updated
    status, updated, _ = sd.api("PATCH", "/api/v1/saved-replies/%d" % saved["id"], owner, {"title": "発送済みのご連絡"})
    assert status == 200 and updated["title"] == "発送済みのご連絡" and updated["body"] == body, updated

    # A viewer reads and previews but does not write saved replies.
    viewer = sd.run("user", "add", "--shop", "sakura", "--email", "v@sakura.example", "--role", "viewer").stdout.decode().strip()
    status, _, _ = sd.api("GET", "/api/v1/saved-replies", viewer)
    assert status == 200
    status, answer, _ = sd.api("POST", "/api/v1/saved-replies", viewer, {"title": "t", "body": "b"})
    assert status == 403, answer
    status, answer, _ = sd.api("DELETE", "/api/v1/saved-replies/%d" % saved["id"], owner)
    assert status == 204
    status, answer, _ = sd.api("GET", "/api/v1/saved-replies/%d" % saved["id"], owner)
    assert status == 404


if __name__ == "__main__":
    run_tests(globals())
