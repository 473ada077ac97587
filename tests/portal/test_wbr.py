"""The build's phrase breaks for browsers without auto-phrase: <wbr> at BudouX's boundaries, in running
Japanese text only, entities whole."""

from tsunagu.makers.drawing.typeset import phrase_bounds
from tsunagu.makers.portal.phrases import wbr_page


def test_wbr_falls_at_budoux_boundaries_of_running_text_only():
    text = "北区にお住まい・お勤め・通学の女性（学生の方、子育て中の方も）"
    page = f'<html><head><title>{text}</title></head><body><p title="{text}">{text}</p><p>はい</p></body></html>'
    out = wbr_page(page)
    assert f"<title>{text}</title>" in out and f'title="{text}"' in out and "<p>はい</p>" in out
    body = out.split('">', 2)[-1].split("</p>")[0]
    pieces = body.split("<wbr>")
    assert "".join(pieces) == text and len(pieces) > 3
    at, cuts = 0, set()
    for piece in pieces[:-1]:
        at += len(piece)
        cuts.add(at)
    assert cuts <= phrase_bounds(text) and "お<wbr>金" not in out


def test_entities_and_latin_text_stay_whole():
    page = "<p>相談は無料です &amp; 秘密は守られます &lt;必ず&gt;</p><p>Open on Mondays and Fridays only</p>"
    out = wbr_page(page)
    assert "&amp;" in out and "&lt;" in out and "&gt;" in out
    assert "<p>Open on Mondays and Fridays only</p>" in out
    assert out.replace("<wbr>", "") == page
