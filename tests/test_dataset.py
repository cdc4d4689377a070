"""What the models learn from and what stays held out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nlu import dataset
from nlu.lexical import LexicalModel
from nlu.pipeline import MODELS
from nlu.prediction import Prediction

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))


def _texts(rows: list[dataset.Example]) -> set[str]:
    return {e.text for e in rows}


def test_the_shipped_models_learn_the_wellness_evaluation_rows_and_never_the_held_out_answers_or_chat():
    splits, shipped = dataset.training_set(), dataset.training_set(shipped=True)
    wellness_eval = dataset.wellness("eval")
    assert _texts(wellness_eval).isdisjoint(_texts(splits))
    assert _texts(shipped) == _texts(splits) | _texts(wellness_eval)
    assert sum(e.source == "wellness" and "suicide" in e.risks for e in shipped) == 39
    learnt = _texts(shipped + dataset.risk_only())
    for held_out in (dataset.answers("test"), dataset.unseen_answers(learnt=False), dataset.chatbot("eval"),
                     dataset.everyday_heating(learnt=False), dataset.fresh_phrasings(learnt=False)):
        assert _texts(held_out).isdisjoint(learnt)


def test_the_unseen_answer_risks_are_their_own_phrasings_with_near_misses_in_the_same_words():
    unseen, others = dataset.answers("unseen"), dataset.answers("train") + dataset.answers("test")
    assert {e.group for e in unseen}.isdisjoint({e.group for e in others})
    for block in "abcdef":  # each written before anything judged it
        rows = [e for e in unseen if dataset.unseen_block(e) == block]
        risky = {e.group for e in rows if e.risks}
        assert len(risky) >= 20 and {r for e in rows for r in e.risks} == {"suicide", "abuse", "medical_emergency"}
        assert len({e.group for e in rows} - risky) >= 10  # near-misses: what a false alarm costs


def test_the_encoder_learns_the_fresh_batches_judged_and_the_later_ones_stay_held_out():
    learnt, held = dataset.fresh_phrasings(learnt=True), dataset.fresh_phrasings(learnt=False)
    assert max(e.group for e in learnt) == dataset.FRESH_LEARNT_THROUGH < min(e.group for e in held)
    assert sorted(e.text for e in learnt + held) == sorted(e.text for e in dataset.fresh_phrasings())
    assert sum(bool(e.risks) for e in held) >= 30  # at least one batch of risks never trained on
    meta = json.loads((MODELS / "e5" / "meta.json").read_text(encoding="utf-8"))
    assert meta["fresh_learnt_through"] == dataset.FRESH_LEARNT_THROUGH  # eval_nlu.py reports by it


def test_the_models_learn_the_unseen_answer_blocks_judged_and_the_later_ones_stay_held_out():
    learnt, held = dataset.unseen_answers(learnt=True), dataset.unseen_answers(learnt=False)
    assert {dataset.unseen_block(e) for e in learnt} == {b for b in "abcdefgh" if b <= dataset.UNSEEN_LEARNT_THROUGH}
    assert sum(bool(e.risks) for e in held) >= 150  # at least one block of answer-form risks never trained on
    assert sorted(e.text for e in learnt + held) == sorted(e.text for e in dataset.answers("unseen"))
    assert set(learnt) <= set(dataset.training_set())
    meta = json.loads((MODELS / "e5" / "meta.json").read_text(encoding="utf-8"))
    assert meta.get("unseen_learnt_through", "") == dataset.UNSEEN_LEARNT_THROUGH  # eval_nlu.py reports by it


def test_the_encoder_learns_the_heating_blocks_judged_and_the_later_ones_stay_held_out():
    learnt, held = dataset.everyday_heating(learnt=True), dataset.everyday_heating(learnt=False)
    assert {e.group for e in learnt} == {f"block {b}" for b in range(1, dataset.HEATING_LEARNT_THROUGH + 1)}
    assert len(held) >= 20 and all(int(e.group.split()[-1]) > dataset.HEATING_LEARNT_THROUGH for e in held)
    assert sorted(e.text for e in learnt + held) == sorted(e.text for e in dataset.everyday_heating())
    assert all(not e.risks for e in learnt) and set(learnt) <= set(dataset.risk_only())
    meta = json.loads((MODELS / "e5" / "meta.json").read_text(encoding="utf-8"))
    assert meta.get("heating_learnt_through", 0) == dataset.HEATING_LEARNT_THROUGH  # eval_nlu.py reports by it


def test_the_committed_models_agree_on_what_they_learnt_from():
    """eval_nlu.py drops the wellness evaluation figures when either half learnt those rows;
    both halves of the blend must say the same, or one would be judged on rows it saw."""
    meta = json.loads((MODELS / "e5" / "meta.json").read_text(encoding="utf-8"))
    lexical = LexicalModel.load(MODELS / "wordvec.npz")
    assert meta["learned_wellness_eval"] is lexical.learned_wellness_eval is True


def test_without_held_out_wellness_rows_no_wellness_figure_is_reported():
    from eval_nlu import Figures

    answers, chat = dataset.answers("test"), dataset.chatbot("eval")[:40]
    said = [Prediction(e.intent, 1.0, list(e.needs), list(e.risks)) for e in answers]
    calm = [Prediction("other", 1.0, [], []) for _ in chat]
    figures = Figures(answers, [], chat, said, [], calm).values()
    assert not [name for name in figures if "wellness" in name]
    assert figures["intent macro-F1 (held-out answers)"] > 0.99
    wellness = dataset.wellness("eval")[:200]
    with_wellness = Figures(answers, wellness, chat, said,
                            [Prediction("other", 1.0, list(e.needs), list(e.risks)) for e in wellness], calm).values()
    assert with_wellness["needs micro-F1 (wellness eval, mapped rows)"] == 1.0


def test_the_unseen_answer_risks_are_reported_as_heard(capsys):
    from eval_nlu import unseen_answers

    class Labels:  # says what each row is labelled with: every risk heard, no near-miss flagged
        def __init__(self, rows: list[dataset.Example]) -> None:
            self.by_text = {e.text: list(e.risks) for e in rows}

        def predict(self, texts: list[str]) -> list[Prediction]:
            return [Prediction("other", 1.0, [], self.by_text.get(t, []), []) for t in texts]

    class Deaf:
        def predict(self, texts: list[str]) -> list[Prediction]:
            return [Prediction("other", 1.0, [], [], []) for _ in texts]

    unseen_answers({"blend": Labels(dataset.answers("unseen")), "e5": Deaf()}, [0.0], draws=1)
    out = capsys.readouterr().out.splitlines()
    blocks = len({dataset.unseen_block(e) for e in dataset.answers("unseen")})
    assert blocks == 6 and sum(line.startswith("Unseen answer risks, block") for line in out) == blocks
    lines = [line.split() for line in out if line.startswith("  ")]
    blend, deaf = [cells for cells in lines if cells[0] == "blend"], [cells for cells in lines if cells[0] == "e5"]
    assert len(blend) == len(deaf) == blocks
    assert all(cells[1] == "1.000" and cells[3] == "1.000" for cells in blend)
    assert all(cells[1] == "0.000" and "0.000" in cells[3] for cells in deaf)
