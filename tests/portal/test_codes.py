"""The QR codes tsunagu makes are the codes qrcode makes: the quicker mask choice picks qrcode's mask."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode.main import QRCode

from tsunagu.makers.drawing import qrcodes

ECC = st.sampled_from(["M", "Q", "H"])


def qrcode_own(payload: str, ecc: str) -> QRCode:
    code = QRCode(error_correction=qrcodes._LEVELS[ecc], border=4)
    code.add_data(payload)
    code.make(fit=True)
    return code


@settings(max_examples=300, deadline=None)
@given(payload=st.text(min_size=1, max_size=400), ecc=ECC)
def test_every_module_is_the_one_qrcode_draws(payload, ecc):
    assert qrcodes.make(payload, ecc).modules == qrcode_own(payload, ecc).modules


@settings(max_examples=100, deadline=None)
@given(n=st.integers(0, 99_999), ecc=ECC)
def test_add_friend_urls_get_qrcodes_mask(n, ecc):
    url = f"https://line.me/R/ti/p/%40sample-{n:05d}"
    ours, theirs = qrcodes.make(url, ecc), qrcode_own(url, ecc)
    assert (ours.version, ours.modules) == (theirs.version, theirs.modules)
