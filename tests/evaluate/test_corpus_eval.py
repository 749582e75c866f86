"""The generic evaluation corpus format: reading, scoring, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.document import Character, Quote, Story
from ficlens.errors import EvaluationError
from ficlens.evaluate.corpus import evaluate_corpus, read_quotes_csv, score_work

STORY = 'Mira found Tomas in the kitchen.\n\n"Did you eat?" Mira asked.\n\n"Not yet," Tomas said.\n'


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "work.quotes.csv"
    path.write_text(body, encoding="utf-8")
    return path


def test_corpus_reads_quotes_and_addressees(tmp_path: Path) -> None:
    rows = read_quotes_csv(_csv(tmp_path, "start,end,speaker,addressees\n3,9,Mira,Tomas; Ana\n"))
    assert (rows[0].start, rows[0].end, rows[0].speaker) == (3, 9, "Mira")
    assert rows[0].addressees == ["Tomas", "Ana"]


def test_corpus_rejects_bad_rows(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="integers"):
        read_quotes_csv(_csv(tmp_path, "start,end,speaker\nx,9,Mira\n"))
    with pytest.raises(EvaluationError, match="columns"):
        read_quotes_csv(_csv(tmp_path, "begin,finish,who\n1,2,Mira\n"))


def test_corpus_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="NAME.txt"):
        evaluate_corpus(tmp_path)


def test_corpus_scores_names_and_aliases() -> None:
    story = Story(text="x" * 100)
    story.characters = [Character("c0", "Hatake Kakashi", ["Kakashi"]), Character("c1", "Gai")]
    story.quotes = [
        Quote("q0", 0, 10, "", speaker="c0", addressees=["c1"]),
        Quote("q1", 20, 30, "", speaker="c0"),
    ]
    from ficlens.evaluate.corpus import CorpusQuote

    gold = [
        CorpusQuote(1, 9, "kakashi", ["Gai"]),
        CorpusQuote(21, 29, "Gai"),
        CorpusQuote(50, 60, "Gai"),
    ]
    score = score_work("w", story, gold)
    assert (score.quotes, score.found, score.speaker_right) == (3, 2, 1)
    assert (score.with_addressees, score.addressees_right) == (1, 1)


@pytest.mark.slow
def test_corpus_end_to_end_on_a_written_story(tmp_path: Path) -> None:
    (tmp_path / "kitchen.txt").write_text(STORY, encoding="utf-8")
    a = STORY.index('"Did')
    b = STORY.index('"Not')
    rows = f"{a},{a + 14},Mira,Tomas\n{b},{b + 10},Tomas,Mira\n"
    _csv(tmp_path, "start,end,speaker,addressees\n" + rows)
    (tmp_path / "work.quotes.csv").rename(tmp_path / "kitchen.quotes.csv")
    report = evaluate_corpus(tmp_path)
    assert report["speaker_accuracy"] == 100.0
    assert report["addressee_accuracy"] == 100.0


@pytest.mark.slow
def test_corpus_cli_prints_the_accuracy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ficlens.cli.main import main

    (tmp_path / "kitchen.txt").write_text(STORY, encoding="utf-8")
    a = STORY.index('"Did')
    (tmp_path / "kitchen.quotes.csv").write_text(
        f"start,end,speaker\n{a},{a + 14},Mira\n", encoding="utf-8"
    )
    assert main(["evaluate", "corpus", str(tmp_path), "-o", str(tmp_path / "r.json")]) == 0
    assert "speaker accuracy 100.0%" in capsys.readouterr().out
    assert (tmp_path / "r.json").is_file()


def test_corpus_cli_missing_folder_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ficlens.cli.main import main

    assert main(["evaluate", "corpus", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err.startswith("ficlens: error:")
