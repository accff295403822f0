"""bench/extract_peer.py: both extractors scored on the same labels, side by side (quantulum3 stubbed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import extract_peer


def _stub_peer() -> object:
    def run(text: str, doc: str, published: object) -> list[extract_peer.PeerFigure]:
        at = text.index("38")
        return [extract_peer.PeerFigure(doc, at, "38", 38.0, "count")]  # loses "$" and "billion"

    return run


def test_side_by_side_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "China’s spending on AI will likely hit $38 billion in 2027, about 9 percent of the market.\n"
    (tmp_path / "tiny.txt").write_text(text, encoding="utf-8")
    labels = tmp_path / "labels"
    labels.mkdir()
    rows = [{"surface": "$38 billion", "value": 38e9, "unit": "USD"}, {"surface": "9 percent", "value": 9, "unit": "%"}]
    (labels / "tiny.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr(extract_peer, "quantulum_extractor", _stub_peer)

    args = ["--labels", str(labels), "--corpus", str(tmp_path), "--seeds", str(tmp_path), "--seconds", "0.01"]
    assert extract_peer.main(args) == 0
    out = capsys.readouterr().out
    table = dict(line.split(None, 1) for line in out.splitlines()[2:6])
    assert table["precision"].split()[:2] == ["1.000", "0.000"]
    assert table["recall"].split()[:2] == ["1.000", "0.000"]
    assert "throughput" in out and "ratio" in out


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [("dollar", 5, ("USD", 5)), ("week", 2, ("day", 14)), ("percentage", 9, ("%", 9)), ("parsec", 1, ("parsec", 1))],
)
def test_quantulum_units_map_to_ours(name: str, value: float, expected: tuple[str, float]) -> None:
    unit, factor = extract_peer.QUANTULUM_UNITS.get(name, (name, 1))
    assert (unit, value * factor) == expected
