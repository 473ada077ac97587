"""Short messages of present danger (tests/support/probes): how many alert, and how many of the everyday
ones in the same words do. Floors and ceilings at the figures of the ninth session: lower a
ceiling or raise a floor as the detector improves; never the other way without a reason written here."""

from __future__ import annotations

import pytest
from support.probes import probe

from tsunagu.domain.intake.detection import detector

# The first list, as written: ja 99 of 150 alerted (everyday 14 of 80), en 93 of 150 (10 of 80). After the
# ideation patterns written from its misses: ja 117, en 123, the everyday ones unchanged.
# The second list, never tuned on, the same day: ja 98 of 120 (everyday 4 of 60) and en 84 of 120 (2 of 60)
# before those patterns; ja 98 and en 86 after. The patterns fixed one writer's phrasings, not the next one's.
# Then the model learnt the tuned lists (scripts/train_detector, `probes`): the unseen lists ja 103 of 120
# (everyday 5 of 60, one more) and en 97 of 120 (2); the tuned ones, which it read, ja 123 (6) and en 139 (4).
# Two more pairs of lists, every category of the label policy, by four more helpers (unseen2: 150 and 90 per
# language; unseen3: 200 and 120, written to be learnt, and not learnt: see README, "Ninth session"): as the
# detector stood, ja 145 (8) and en 143 (4); ja 189 (12) and en 185 (7). Danger named by its situation is
# caught in short messages far more often than ideation is.
FLOORS = {"tuned_ja": (123, 6), "tuned_en": (139, 4), "unseen_ja": (103, 5), "unseen_en": (97, 2),
          "unseen2_ja": (145, 8), "unseen2_en": (143, 4), "unseen3_ja": (189, 12), "unseen3_en": (185, 7)}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_short_messages_of_danger_alert_and_everyday_ones_seldom_do(name):
    found, judge = probe(name), detector()
    caught = sum(judge.assess(t).emergency for t in found.danger)
    alerted = [t for t in found.everyday if judge.assess(t).emergency]
    least, most = FLOORS[name]
    assert caught >= least, f"{name}: {caught} of {len(found.danger)} messages of danger alert"
    assert len(alerted) <= most, alerted


def test_a_probe_file_out_of_shape_names_its_line(tmp_path, monkeypatch):
    import support.probes as probes

    (tmp_path / "bad.txt").write_text("# ideation\nもう無理\n# feelings\nx\n", encoding="utf-8")
    monkeypatch.setattr(probes, "FOLDER", tmp_path)
    with pytest.raises(ValueError, match=r"bad\.txt:3: unknown section"):
        probes.probe("bad")
