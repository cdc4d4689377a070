"""Evaluates the NLU honestly, on rows it was not trained on.

    python scripts/eval_nlu.py

(a) held-out interview answers (nlu/data/answers.tsv, test split: phrasings never seen),
(b) the 40% of ../shared/data/wellness_dev.tsv kept out of training, mapped by its README,
(c) false-positive risk (and need) rate on the 40% of chatbot_train.tsv kept out of training.
Prints per-label precision/recall/F1 and the intent confusion matrix of each model with
the rules beside it (and of the shipped one at each simulated error rate), then the
headline figures of every variant side by side: the blend (the fine-tuned encoder beside
the lexical model), the encoder alone (e5), the lexical model (wordvec: syllable and
letter n-grams and lemma vectors, learned from rows and their misheard copies), the
baseline (syllable n-grams + linear model), each with and without the rules, and the
rules alone; the same on text corrupted as Whisper corrupts Korean (--noise; one draw of
errors, or the mean of --draws N: a draw alone moves a figure as much as a model does), with the
safety rules' recall on misheard risk words with and without the spotter
(nlu/misheard.py); the held-out risk rows with and without a final mark (Whisper writes
one, the risk phrases trained on have none); and with --cv, risk recall out of fold over
every shared suicide utterance and the hand-written risk phrases. Last, the answer-form
risks written after the models (answers.tsv, split "unseen") as written and misheard.
Beside the intent, what it means in a call: the held-out answers the engine would act on
wrongly (a wrong intent heard with the flow's min_confidence or more) and those it would
ask again.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.stats import binomtest
from sklearn.metrics import classification_report, confusion_matrix, f1_score
from sklearn.preprocessing import MultiLabelBinarizer

from nlu import dataset
from nlu.asr_noise import corrupt
from nlu.dataset import Example
from nlu.encoder.classifier import PRECISIONS, resolve_precision
from nlu.intent_cues import IntentCues
from nlu.labels import INTENTS, NEEDS, RISKS
from nlu.lemmas import lemma_strings
from nlu.lexical import LexicalModel
from nlu.misheard import misheard_risks
from nlu.need_cues import NeedCues
from nlu.pipeline import MODELS, SafeClassifier, default_backend, rule_assessment
from nlu.prediction import Prediction
from nlu.safety import SafetyRules
from voicebot.flow.loader import load_flow
from voicebot.settings import Settings

ACTED_ON = load_flow(Settings().default_flow).min_confidence


class RulesOnly:
    """The rules on their own: safety rules, need cues, intent cues ("other" when silent)."""

    name = "rules"

    def __init__(self, rules: SafetyRules) -> None:
        self.rules, self.needs, self.intents = rules, NeedCues(), IntentCues()

    def predict(self, texts: list[str]) -> list[Prediction]:
        out = []
        for text, lemma in zip(texts, lemma_strings(texts), strict=True):
            heard, misheard, _ = rule_assessment(self.rules, text, lemma)
            stated = self.intents.intent_in(lemma)  # silent: "other", and a call would ask again
            out.append(Prediction(stated or "other", 1.0 if stated else 0.0, self.needs.needs_in(lemma),
                                  sorted(heard | misheard), sorted(misheard)))
        return out


def headline(clf, answers, wellness, chat) -> Figures:
    return Figures(answers, wellness, chat, *(clf.predict([e.text for e in rows]) if rows else []
                                              for rows in (answers, wellness, chat)))


class Figures:
    """The headline figures of one classifier, from its predictions, on all the rows or
    on rows drawn again with replacement (for an interval). Without wellness rows (the
    models learnt from them), no wellness figures: wellness_out_of_fold() gives them."""

    def __init__(self, answers, wellness, chat, pa, pw, pc) -> None:
        need_bin = MultiLabelBinarizer(classes=list(NEEDS)).fit([list(NEEDS)])
        mapped = [i for i, e in enumerate(wellness) if e.needs]
        self.intent_true = np.array([e.intent for e in answers])
        self.intent_pred = np.array([p.intent for p in pa])
        self.answer_needs = need_bin.transform([e.needs for e in answers]), need_bin.transform([p.needs for p in pa])
        self.wellness_needs = (need_bin.transform([wellness[i].needs for i in mapped]),
                               need_bin.transform([pw[i].needs for i in mapped]))
        # Figures that are a share of rows: hit or miss, one per row.
        self.rates = {
            **({"suicide recall (wellness eval)": np.array([("suicide" in p.risks)
                                                            for e, p in zip(wellness, pw, strict=True)
                                                            if "suicide" in e.risks])} if wellness else {}),
            "risk recall (held-out answers)": np.array([r in p.risks for e, p in zip(answers, pa, strict=True)
                                                        for r in e.risks]),
            "risk flag rate (chatbot eval)": np.array([bool(p.risks) for p in pc]),
            # Screening answers without a risk: a risk only the model heard costs one direct
            # question in the call; one the rules heard goes to the urgent queue at once.
            "risk flag rate (held-out answers, no risk)": np.array(
                [bool(p.risks) for e, p in zip(answers, pa, strict=True) if not e.risks]),
            "  escalated at once, no question asked": np.array(
                [bool(set(p.risks) - set(p.possible_risks)) for e, p in zip(answers, pa, strict=True)
                 if not e.risks]),
            "need flag rate (chatbot eval)": np.array([bool(p.needs) for p in pc]),
            # What the intent figure means in a call: the engine acts on an answer heard with
            # the flow's min_confidence or more, and asks again (rephrased, then with the
            # keypad offered) below it, so a wrong intent costs a wrong branch only when sure.
            "held-out answers acted on wrongly in a call": np.array(
                [p.intent != e.intent and p.confidence >= ACTED_ON for e, p in zip(answers, pa, strict=True)]),
            "held-out answers asked again in a call": np.array([p.confidence < ACTED_ON for p in pa]),
        }

    def values(self, pick=lambda n: slice(None)) -> dict[str, float]:
        """pick(n) chooses which of n rows to score (all of them by default)."""
        a, w = pick(len(self.intent_true)), pick(len(self.wellness_needs[0]))
        wellness = {"needs micro-F1 (wellness eval, mapped rows)": f1_score(
            self.wellness_needs[0][w], self.wellness_needs[1][w], average="micro", zero_division=0)
        } if len(self.wellness_needs[0]) else {}
        return {
            "intent macro-F1 (held-out answers)": f1_score(self.intent_true[a], self.intent_pred[a], average="macro",
                                                           labels=list(INTENTS), zero_division=0),
            **{name: float(hits[pick(len(hits))].mean()) for name, hits in self.rates.items()},
            **wellness,
            "needs micro-F1 (held-out answers)": f1_score(self.answer_needs[0][a], self.answer_needs[1][a],
                                                          average="micro", zero_division=0),
        }

    def interval(self, draws: int = 1000, seed: int = 0) -> dict[str, tuple[float, float]]:
        """95% interval of each figure: how far it could move on another sample of the same
        kind of rows (the held-out test beyond these). F1 by percentile bootstrap; a rate by
        the exact binomial interval, since a bootstrap of 16 out of 16 would claim [1, 1]."""
        rng = np.random.default_rng(seed)
        runs = [self.values(lambda n: rng.integers(0, n, n)) for _ in range(draws)]
        out = {k: (float(np.percentile([r[k] for r in runs], 2.5)), float(np.percentile([r[k] for r in runs], 97.5)))
               for k in runs[0]}
        for name, hits in self.rates.items():
            ci = binomtest(int(hits.sum()), len(hits)).proportion_ci(0.95)
            out[name] = (float(ci.low), float(ci.high))
        return out

    def difference(self, other: Figures, draws: int = 1000, seed: int = 0) -> dict[str, tuple[float, float, float]]:
        """This classifier's figures minus another's on the same rows, with a 95% interval by
        a paired bootstrap: each draw scores both on the same resampled rows, so what the two
        get right or wrong alike cancels and a real difference shows through the noise."""
        rng = np.random.default_rng(seed)
        runs = []
        for _ in range(draws):
            pick = _shared_draw(rng)
            mine, theirs = self.values(pick), other.values(pick)
            runs.append({k: mine[k] - theirs[k] for k in mine})
        mine, theirs = self.values(), other.values()
        return {k: (mine[k] - theirs[k], float(np.percentile([r[k] for r in runs], 2.5)),
                    float(np.percentile([r[k] for r in runs], 97.5))) for k in mine}


def _shared_draw(rng: np.random.Generator):
    """pick(n) for values(): one resample per set of rows, the same each time it is asked."""
    drawn: dict[int, np.ndarray] = {}

    def pick(n: int) -> np.ndarray:
        if n not in drawn:
            drawn[n] = rng.integers(0, n, n)
        return drawn[n]

    return pick


def report(clf, answers, wellness) -> None:
    start = time.perf_counter()
    pa = clf.predict([e.text for e in answers])
    print(f"\n=== {clf.name}  ({(time.perf_counter() - start) * 1000 / len(answers):.2f} ms/answer) ===")
    print("intent on held-out answers:")
    print(classification_report([e.intent for e in answers], [p.intent for p in pa], labels=list(INTENTS),
                                zero_division=0, digits=3))
    print("confusion matrix (rows: true, columns: predicted; order:", ", ".join(INTENTS), ")")
    print(confusion_matrix([e.intent for e in answers], [p.intent for p in pa], labels=list(INTENTS)))
    if not wellness:
        return
    pw = clf.predict([e.text for e in wellness])
    for labels, name, get in ((NEEDS, "needs", lambda x: x.needs), (RISKS, "risks", lambda x: x.risks)):
        binr = MultiLabelBinarizer(classes=list(labels))
        print(f"\n{name} on wellness eval rows:")
        print(classification_report(binr.fit_transform([get(e) for e in wellness]),
                                    binr.transform([get(p) for p in pw]), target_names=list(labels),
                                    zero_division=0, digits=3))


def noisy(rows, rate: float, seed: int = 1):
    """The rows as Whisper might have transcribed them, at a character error rate (nlu/asr_noise.py)."""
    import random

    rng = random.Random(seed)
    return [replace(e, text=corrupt(e.text, rate, rng)) for e in rows] if rate else rows


def encoder_meta(models_dir: Path) -> dict:
    """What train_nlu.py wrote of the fine-tuned encoder (e5/meta.json); empty without one."""
    import json

    from nlu.encoder.classifier import META

    meta = models_dir / "e5" / META
    return json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}


def learned_wellness_eval(models_dir: Path, lexical: list[LexicalModel]) -> bool:
    """Whether the encoder or any of the lexical models learnt from the wellness evaluation
    rows (train_nlu.py without --splits-only)."""
    encoder = encoder_meta(models_dir).get("learned_wellness_eval", False)
    return encoder or any(model.learned_wellness_eval for model in lexical)


def _out_of_fold(models_dir: Path, rows: list[Example]):
    """Those of the rows the folds judged, the folds' probabilities for them (encoder and
    lexical, as written and misheard) and the blend's thresholds; None without e5/oof.npz."""
    from nlu.encoder.tuning import load_oof

    found = load_oof(models_dir / "e5" / "oof.npz", rows)
    if found is None:
        print(f"\nno out-of-fold predictions in {models_dir / 'e5'}: run scripts/train_nlu.py --model encoder")
        return None
    oof, rows = found
    return rows, oof, encoder_meta(models_dir)


class _Judged:
    """Predictions made already (by the folds), looked up by text, for SafeClassifier to add the rules to."""

    name = "out of fold"

    def __init__(self, texts: list[str], preds: list[Prediction]) -> None:
        self.by_text = dict(zip(texts, preds, strict=True))

    def predict(self, texts: list[str]) -> list[Prediction]:
        return [self.by_text[t] for t in texts]


def wellness_out_of_fold(rules: SafetyRules, models_dir: Path = MODELS) -> None:
    """Needs and suicide recall on every shared wellness row, each judged by the fold model
    that never saw it (train_nlu.py's 3 folds over all shared rows), with the shipped
    thresholds and the rules: the estimate for models that learnt from every shared row.
    The folds learnt from two thirds of them, the shipped models from all (so it errs low);
    the need thresholds were chosen on these very predictions (so it errs high)."""
    from nlu.encoder.blend import blend
    from nlu.encoder.classifier import decide, need_thresholds
    from nlu.encoder.tuning import MISHEARD_RATE, misheard

    need_bin = MultiLabelBinarizer(classes=list(NEEDS)).fit([list(NEEDS)])
    print(f"\nOut of fold, every shared wellness row, as written / misheard at CER {MISHEARD_RATE:g} (the folds' "
          "own errors); 95% intervals (bootstrap; exact binomial)")
    found = _out_of_fold(models_dir, dataset.wellness())
    if found is None:
        return
    rows, oof, meta = found
    thresholds = np.array([meta["risk_thresholds"][r] for r in RISKS], np.float32)
    mapped = np.array([i for i, e in enumerate(rows) if e.needs])
    suicide = [i for i, e in enumerate(rows) if "suicide" in e.risks]
    truth = need_bin.transform([rows[i].needs for i in mapped])
    rng = np.random.default_rng(0)
    draws = [rng.integers(0, len(mapped), len(mapped)) for _ in range(1000)]  # the same for both views
    for view in ("", "_misheard"):
        enc, ng = oof[f"encoder{view}"], oof[f"ngram{view}"]
        texts = misheard(rows) if view else [e.text for e in rows]
        variants = {"blend + rules": blend(enc, ng, meta["blend_weight"]), "e5 + rules": enc, "wordvec + rules": ng}
        for name, probs in variants.items():
            judged = _Judged(texts, decide(probs, need_thresholds(meta), thresholds))
            preds = SafeClassifier(judged, rules).predict(texts)
            said = need_bin.transform([preds[i].needs for i in mapped])
            f1 = f1_score(truth, said, average="micro", zero_division=0)
            low, high = np.percentile([f1_score(truth[d], said[d], average="micro", zero_division=0) for d in draws],
                                      (2.5, 97.5))
            hits = sum("suicide" in preds[i].risks for i in suicide)
            print(f"{'misheard' if view else 'as written':10} {name:16} needs micro-F1 ({len(mapped)} mapped rows) "
                  f"{f1:.3f} [{low:.3f}, {high:.3f}]   suicide recall {_rate(hits, len(suicide))}")


def cross_validated(rules: SafetyRules, shipped: str, models_dir: Path = MODELS) -> None:
    """Risk recall out of fold (scripts/train_nlu.py --model encoder): every shared suicide
    utterance and every hand-written risk phrase judged by models that never saw it."""
    from nlu.encoder.blend import blend
    from nlu.encoder.classifier import decide

    found = _out_of_fold(models_dir, dataset.training_set() + dataset.risk_only() + dataset.wellness("eval")
                         + dataset.chatbot("eval"))
    if found is None:
        return
    rows, oof, meta = found
    enc, ng = oof["encoder"], oof["ngram"]
    thresholds = np.array([meta["risk_thresholds"][r] for r in RISKS], np.float32)
    lemmas = lemma_strings([e.text for e in rows])
    rule_risks = [set.union(*rule_assessment(rules, e.text, lemma)[:2]) for e, lemma in zip(rows, lemmas, strict=True)]
    variants = {
        "e5 alone": decide(enc, 0.5, thresholds),
        "wordvec alone": decide(ng, 0.5, thresholds),
        "blend": decide(blend(enc, ng, meta["blend_weight"]), 0.5, thresholds),
    }
    print(f"\nOut of fold ({meta['folds']} folds grouped by phrase, all shared rows); risk thresholds "
          f"{meta['risk_thresholds']}; 95% exact binomial intervals")
    groups = {
        "suicide, shared wellness (all)": [i for i, e in enumerate(rows)
                                           if e.source == "wellness" and "suicide" in e.risks],
        "suicide, hand-written phrases": [i for i, e in enumerate(rows)
                                          if e.source == "risk_phrases" and "suicide" in e.risks],
        # Folds grouped by batch: each batch judged by a model that never saw any of it.
        "suicide, fresh batches learnt": [i for i, e in enumerate(rows) if e.source == "fresh" and e.risks],
        "abuse, shared + hand-written": [i for i, e in enumerate(rows) if "abuse" in e.risks],
        "medical emergency, hand-written": [i for i, e in enumerate(rows) if "medical_emergency" in e.risks],
    }
    chat = [i for i, e in enumerate(rows) if e.source == "chatbot"]
    twins = [i for i, e in enumerate(rows) if e.source in ("risk_phrases", "fresh") and not e.risks]
    header = f"{'':40}" + "".join(f"{name + ' + rules':>26}" for name in variants) + f"{'rules alone':>18}"
    print(header)
    for label, idx in groups.items():
        risk = label.split(",")[0].replace("medical emergency", "medical_emergency")
        cells = []
        for preds in variants.values():
            hits = sum(1 for i in idx if risk in set(preds[i].risks) | rule_risks[i])
            cells.append(_rate(hits, len(idx)))
        _row(label, idx, cells, sum(1 for i in idx if risk in rule_risks[i]))
    for label, idx in (("any risk flagged, everyday chat", chat), ("any risk flagged, everyday twins", twins)):
        cells = [_rate(sum(1 for i in idx if p[i].risks or rule_risks[i]), len(idx)) for p in variants.values()]
        _row(label, idx, cells, sum(1 for i in idx if rule_risks[i]))


def misheard_spotting(rules: SafetyRules, rates: list[float]) -> None:
    """The safety rules alone against the rules with the misheard-word spotter (nlu/misheard.py),
    on the risk rows corrupted at each rate: on the rows its allowances were chosen on (the
    hand-written phrases and the training splits) and on the held-out ones; and how often it
    alone flags everyday chat and risk-free screening answers."""
    sides = {
        "chosen on": ([e for e in dataset.risk_phrases() + dataset.answers("train") + dataset.wellness("train")
                       if e.risks], dataset.chatbot("train"), [e for e in dataset.answers("train") if not e.risks]),
        "held out": ([e for e in dataset.answers("test") + dataset.wellness("eval") if e.risks],
                     dataset.chatbot("eval"), [e for e in dataset.answers("test") if not e.risks]),
    }
    print("\nRisk words misheard: recall of the rules / with the spotter (and warning signs); flagged by the "
          "spotter alone, chat / risk-free answers")
    for side, (risky, chat, calm) in sides.items():
        for rate in [0.0, *rates]:
            rows, chat_rows, calm_rows = (noisy(part, rate, seed=5) for part in (risky, chat, calm))
            heard = [rule_assessment(rules, e.text, lemma)[:2]
                     for e, lemma in zip(rows, lemma_strings([e.text for e in rows]), strict=True)]
            wanted = [(r, i) for i, e in enumerate(rows) for r in e.risks]
            by_rules = sum(r in heard[i][0] for r, i in wanted) / len(wanted)
            with_spotter = sum(r in heard[i][0] | heard[i][1] for r, i in wanted) / len(wanted)
            flagged = [sum(bool(misheard_risks(e.text)) for e in part) / len(part) for part in (chat_rows, calm_rows)]
            print(f"{side:10} CER {rate:<4g} ({len(wanted)} risks)   {by_rules:.3f} / {with_spotter:.3f}   "
                  f"{flagged[0]:.4f} / {flagged[1]:.4f}")


def final_marks(models: dict[str, object], answers: list[Example], wellness: list[Example],
                chat: list[Example]) -> None:
    """Whisper ends 85% of transcripts with a mark; the hand-written risk phrases and the
    interview answers have none, the chat rows one: a model may learn the mark as a clue.
    The held-out risk rows and chat as written, with every final mark taken off, and with
    one put on every row."""
    marks = ".?!…"
    variants = {"as written": lambda t: t, "no final mark": lambda t: t.rstrip().rstrip(marks),
                "final mark": lambda t: t.rstrip() + ("" if t.rstrip()[-1:] in marks else ".")}
    risky = [e for e in answers + wellness if e.risks]
    wanted = sum(len(e.risks) for e in risky)
    print(f"\nThe final mark: risk recall on the held-out risk rows ({wanted} risks) / chat flagged")
    for name in [n for n in ("blend", "blend+rules", "wordvec", "wordvec+rules") if n in models]:
        cells = []
        for change in variants.values():
            found = _risks_heard(models[name], [replace(e, text=change(e.text)) for e in risky])
            flagged = np.mean([bool(p.risks) for p in models[name].predict([change(e.text) for e in chat])])
            cells.append(f"{found / wanted:.3f} / {flagged:.4f}")
        print(f"{name:16}" + "".join(f"{v}: {c}   " for v, c in zip(variants, cells, strict=True)))


def everyday_heating(models: dict[str, object], models_dir: Path = MODELS) -> None:
    """Heating told of without a risk (nlu/data/everyday_heating.txt): the words of a suicide
    by charcoal in the everyday speech of the households called. What a model flags there
    costs a resident a direct question about suicide. Blocks the encoder learnt from (its
    meta's heating_learnt_through) are reported apart from those it never saw."""
    rows = dataset.everyday_heating()
    learnt = encoder_meta(models_dir).get("heating_learnt_through", 0)
    number = {e.group: int(e.group.split()[-1]) for e in rows}
    last = max(number.values())
    parts = {
        f"blocks 1-{learnt} (the encoder learnt them)": lambda b: b <= learnt,
        "earlier blocks, never trained on": lambda b: learnt < b < last,
        f"block {last} (the last written; never trained on)": lambda b: b == last,
    }
    print(f"\nEveryday heating ({len(rows)} sentences, no risk): flagged (of them only possible, asked about)")
    for label, chosen in parts.items():
        block = [e for e in rows if chosen(number[e.group])]
        if not block:
            continue
        print(f"{label}: {len(block)} sentences")
        for name in _with_rules(models):
            said = models[name].predict([e.text for e in block])
            flagged = sum(bool(p.risks) for p in said)
            asked = sum(bool(p.risks) and set(p.risks) == set(p.possible_risks) for p in said)
            print(f"  {name:16}{_rate(flagged, len(said))} ({asked} only possible)")


def fresh_phrasings(models: dict[str, object], models_dir: Path = MODELS, draws: int = 1) -> None:
    """Suicide risk in phrasings written after the models were trained, and everyday
    near-misses in the same words (nlu/data/fresh_phrasings.tsv). Each batch was written
    before the one before it was judged, and taught the rules' warning signs (and, through
    dataset.FRESH_LEARNT_THROUGH, the encoder) only after it had been judged once; the last has
    taught them least. What each batch scored when first judged, the estimate, is kept in
    BENCHMARKS.md. Last on each line, the risks misheard at CER 0.2 (the mean of `draws`
    draws): hundreds of risk phrasings where the held-out answers have four."""
    learnt = encoder_meta(models_dir).get("fresh_learnt_through", "")
    rows = dataset.fresh_phrasings()
    last = max(e.group for e in rows)
    parts = {
        f"batches a-{learnt} (the encoder learnt them; signs written from them)": lambda g: g <= learnt,
        "earlier batches, never trained on (signs written from them)": lambda g: learnt < g < last,
        f"batch {last} (the last written; never trained on)": lambda g: g == last,
    }
    print("\nFresh phrasings: suicide recall / near-misses flagged (escalated at once, the rest asked about) / "
          f"suicide recall misheard at CER 0.2 ({draws} draw{'s' if draws > 1 else ''})")
    for label, chosen in parts.items():
        batch = [e for e in rows if chosen(e.group)]
        if not batch:
            continue
        risky = [e for e in batch if e.risks]
        near = [e for e in batch if not e.risks]
        misheard = [[e.text for e in noisy(risky, 0.2, seed)] for seed in range(1, draws + 1)]
        print(f"{label}: {len(risky)} risks, {len(near)} near-misses")
        for name in _with_rules(models):
            caught = sum("suicide" in p.risks for p in models[name].predict([e.text for e in risky]))
            said = models[name].predict([e.text for e in near])
            flagged = sum("suicide" in p.risks for p in said)
            at_once = sum("suicide" in p.risks and "suicide" not in p.possible_risks for p in said)
            heard = np.mean([sum("suicide" in p.risks for p in models[name].predict(texts)) for texts in misheard])
            print(f"  {name:16}{_rate(caught, len(risky))}   {_rate(flagged, len(near))} ({at_once} at once)   "
                  f"{heard / len(risky):.3f}")


def unseen_answers(models: dict[str, object], rates: list[float], draws: int = 1, models_dir: Path = MODELS) -> None:
    """Answer-form risks written after the models (answers.tsv, split "unseen"), block by block
    (rules were written from a block's misses only once it had been judged, and the models
    learn it only after that, dataset.UNSEEN_LEARNT_THROUGH; the last block is the estimate):
    recall as written and misheard at each rate (the mean of `draws` draws), and the
    near-misses in the same words flagged."""
    learnt = encoder_meta(models_dir).get("unseen_learnt_through", "")
    blocks: dict[str, list[Example]] = {}
    for e in dataset.answers("unseen"):
        blocks.setdefault(dataset.unseen_block(e), []).append(e)
    for block, rows in sorted(blocks.items()):
        risky, near = [e for e in rows if e.risks], [e for e in rows if not e.risks]
        wanted = sum(len(e.risks) for e in risky)
        heard_of = "learnt by the models" if block <= learnt else "never trained on"
        print(f"\nUnseen answer risks, block {block!r}, {heard_of} ({len({e.group for e in risky})} phrasings, "
              f"{wanted} rows): "
              f"recall as written / misheard at CER {' / '.join(f'{r:g}' for r in rates)} "
              f"({draws} draw{'s' if draws > 1 else ''}); near-misses ({len(near)} rows) flagged (escalated at once)")
        for name in [*_with_rules(models), *(n for n in ("blend", "e5") if n in models)]:
            model = models[name]
            misheard = [np.mean([_risks_heard(model, noisy(risky, rate, seed)) for seed in range(1, draws + 1)])
                        / wanted for rate in rates]
            calm = model.predict([e.text for e in near])
            at_once = sum(bool(set(p.risks) - set(p.possible_risks)) for p in calm)
            print(f"  {name:16}{_rate(_risks_heard(model, risky), wanted)}   "
                  f"{' / '.join(f'{m:.3f}' for m in misheard)}   "
                  f"{_rate(sum(bool(p.risks) for p in calm), len(near))} ({at_once} at once)")


def _risks_heard(model, rows: list[Example]) -> int:
    """How many of the rows' risks the model hears in them."""
    said = model.predict([e.text for e in rows])
    return sum(r in p.risks for e, p in zip(rows, said, strict=True) for r in e.risks)


def _with_rules(models: dict[str, object]) -> list[str]:
    """The models judged with the rules beside them, and the rules alone, that are loaded."""
    return [n for n in ("blend+rules", "e5+rules", "wordvec+rules", "rules alone") if n in models]


def _row(label: str, idx: list[int], cells: list[str], rule_hits: int) -> None:
    print(f"{label + f' ({len(idx)})':40}" + "".join(f"{c:>26}" for c in cells) + f"{_rate(rule_hits, len(idx)):>18}")


def _rate(hits: int, n: int) -> str:
    if not n:
        return "-"
    ci = binomtest(hits, n).proportion_ci(0.95)
    return f"{hits / n:.3f} [{ci.low:.2f},{ci.high:.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brief", action="store_true", help="headline table only")
    parser.add_argument("--noise", default="0.1,0.2,0.3", help="simulated recognition error rates to report too")
    parser.add_argument("--draws", type=int, default=1,
                        help="draws of simulated errors at each rate, averaged (seeds 1, 2, ...; default one)")
    parser.add_argument("--cv", action="store_true", help="also the out-of-fold risk recall (encoder training)")
    parser.add_argument("--int8", action="store_true", help="also the encoder quantised to int8 (what it costs)")
    parser.add_argument("--precision", default="auto", choices=PRECISIONS,
                        help="the encoder's arithmetic (auto: bfloat16 where the processor computes it natively)")
    parser.add_argument("--models", type=Path, default=MODELS,
                        help="the models to judge (default nlu/models; train_nlu.py --out writes others)")
    args = parser.parse_args()
    answers, wellness, chat = dataset.answers("test"), dataset.wellness("eval"), dataset.chatbot("eval")
    print(f"held-out answers: {len(answers)}, wellness eval rows: {len(wellness)} "
          f"({sum('suicide' in e.risks for e in wellness)} suicide), chatbot eval rows: {len(chat)}")
    rules = SafetyRules()
    models: dict[str, object] = {}
    default = default_backend(args.models)
    if (args.models / "e5" / "meta.json").exists():
        from nlu.pipeline import load_encoder_model

        blended = load_encoder_model(args.models, "blend", precision=args.precision)
        models["blend+rules"] = SafeClassifier(blended, rules)
        models["e5+rules"] = SafeClassifier(blended.encoder, rules)
        models["e5"] = blended.encoder
        models["blend"] = blended
        if args.int8:
            models["e5 int8"] = int8_encoder(blended.encoder, args.models)
    lexical = {backend: LexicalModel.load(args.models / f"{backend}.npz") for backend in ("wordvec", "ngram")}
    for backend, model in lexical.items():
        models[f"{backend}+rules"] = SafeClassifier(model, rules)
        models[backend if backend == "wordvec" else "baseline: ngram"] = model
    models["rules alone"] = RulesOnly(rules)
    if learned_wellness_eval(args.models, list(lexical.values())):
        print("the models learnt from the wellness evaluation rows: their wellness figures are the out-of-fold ones "
              "below (train_nlu.py --splits-only --out DIR keeps those rows held out, for --models DIR)")
        wellness = []
    shipped = f"{default}+rules"
    print(f"shipped default (nlu/models/DEFAULT): {shipped}; the encoder in {resolve_precision(args.precision)}")
    if not args.brief:
        for name in ("blend+rules", "wordvec+rules", "ngram+rules"):
            if name in models:
                report(models[name], answers, wellness)
    rows = {name: headline(clf, answers, wellness, chat) for name, clf in models.items()}
    _table({name: f.values() for name, f in rows.items()}, "clean transcripts")
    rates = [float(r) for r in args.noise.split(",") if r.strip()]
    for rate in rates:
        chosen = [n for n in (shipped, "blend+rules", "e5+rules", "wordvec+rules", "baseline: ngram") if n in models]
        # One draw of errors moves a figure as much as a model does (intent at CER 0.2: 0.828 to
        # 0.854 over five draws of the shipped model): --draws averages several.
        draws = [(noisy(answers, rate, seed), noisy(wellness, rate, seed), noisy(chat, rate, seed))
                 for seed in range(1, args.draws + 1)]
        by_draw = {n: [headline(models[n], *d).values() for d in draws] for n in dict.fromkeys(chosen)}
        _table({n: {fig: float(np.mean([v[fig] for v in vs])) for fig in vs[0]} for n, vs in by_draw.items()},
               f"simulated recognition errors, CER {rate:g}" + (f", the mean of {args.draws} draws" if args.draws > 1
                                                                  else ""))
        spread = by_draw.get(shipped, [])
        if len(spread) > 1:
            print(f"  {shipped}, lowest and highest draw: " + "; ".join(
                f"{fig.split(' (')[0]} {min(v[fig] for v in spread):.3f}-{max(v[fig] for v in spread):.3f}"
                for fig in ("intent macro-F1 (held-out answers)", "needs micro-F1 (held-out answers)",
                            "risk recall (held-out answers)")))
        if not args.brief and shipped in models:
            print(f"\nthe shipped {shipped} at CER {rate:g}, label by label:")
            report(models[shipped], *draws[0][:2])  # the first draw
    wellness_out_of_fold(rules, args.models)
    misheard_spotting(rules, rates)
    final_marks(models, answers, wellness, chat)
    everyday_heating(models, args.models)
    fresh_phrasings(models, args.models, args.draws)
    unseen_answers(models, rates, args.draws, args.models)
    values = {name: f.values() for name, f in rows.items()}
    if shipped in rows:
        print(f"\n95% interval of the shipped {shipped} (F1: 1,000 bootstrap resamples; rates: exact binomial):")
        for fig, (low, high) in rows[shipped].interval().items():
            print(f"{fig:46}{values[shipped][fig]:>8.3f}   [{low:.3f}, {high:.3f}]")
        for mine, theirs in ((shipped, "wordvec+rules"), (shipped, "ngram+rules")):
            if mine != theirs and theirs in rows:
                print(f"\n{mine} minus {theirs} on the same rows (95% interval, paired bootstrap):")
                for fig, (delta, low, high) in rows[mine].difference(rows[theirs]).items():
                    print(f"{fig:46}{delta:>+8.3f}   [{low:+.3f}, {high:+.3f}]")
    if args.cv:
        cross_validated(rules, shipped, args.models)


def int8_encoder(encoder, models_dir: Path):
    from nlu.encoder import DEFAULT_BASE
    from nlu.encoder.classifier import EncoderClassifier, build_network

    net = build_network(models_dir / "e5", DEFAULT_BASE, int8=True)
    thresholds = dict(zip(RISKS, encoder.risk_thresholds.tolist(), strict=True))
    return EncoderClassifier(net, encoder.tokenizer, encoder.need_threshold, thresholds)


def _table(values: dict[str, dict[str, float]], title: str) -> None:
    width = max(len(k) for k in values) + 2
    print(f"\n{title}\n" + f"{'figure':46}" + "".join(f"{k:>{width}}" for k in values))
    for fig in next(iter(values.values())):
        print(f"{fig:46}" + "".join(f"{v[fig]:>{width}.3f}" for v in values.values()))


if __name__ == "__main__":
    main()
