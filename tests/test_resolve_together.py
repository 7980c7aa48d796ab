"""Words that must not part at a line end: a day and its month, an amount and "million", a number and its unit."""

from __future__ import annotations

import re
from pathlib import Path

from tests.resolve_helpers import build_pack, page_texts

FILLER = ["The", "council", "said", "that", "its", "budget", "had", "been", "set", "and", "agreed", "by", "members"]
PHRASES = ["on 28 October 2024", "costing £24.3 million", "by 15 per cent", "a 3 bn overspend", "at 25 mm"]
PARTED = re.compile(r"(\b\d{1,2}|£24\.3|\b15|\b15 per|\bper|\b3|\b25)\n(October|million|per|cent|bn|mm)\b")


def test_day_month_amount_and_unit_stay_on_one_line(tmp_path: Path) -> None:
    paragraphs = []
    for k in range(60):  # every line position for each phrase, one of which would fall at a line end
        words = " ".join(FILLER[i % len(FILLER)] for i in range(k % 17 + 3))
        paragraphs.append({"paragraph": f"{words} {PHRASES[k % len(PHRASES)]}, {words} [@a]."})
    pdf = build_pack(tmp_path, [{"title": "Dates and amounts", "blocks": paragraphs}])
    text = "\n".join(page_texts(pdf))
    assert text.count("28 October 2024") + text.count("28\nOctober") == 12
    parted = PARTED.findall(text)
    assert not parted, parted
