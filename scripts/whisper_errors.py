"""How Whisper gets Korean wrong on a phone line: the error profile nlu/asr_noise.py copies.

    python scripts/whisper_errors.py                  # transcribes the shared clips (about 8 min)
    python scripts/whisper_errors.py --hyp FILE.tsv   # or reads transcripts saved by --save

The 463 recordings of ../shared/speech/, heard as a phone line delivers them (8 kHz
mu-law), are transcribed with the shipped decoding and aligned syllable by syllable with
the nearer reference form (digits or numbers in words; punctuation not counted). Printed:
the character error rate; how the errors split into substituted, dropped and added
syllables; of the substitutions, how many differ from the spoken syllable in one jamo
(and in which: initial, vowel, final), in more, or are not Hangul; the added syllables;
and word spacing (spaces missed and spaces added, per syllable of speech). The
simulated corruption that trains and measures the classifier is set from these shares.

With --nlu, a check that the simulation is faithful where it matters: how often the
shipped classifier's judgement of a clip (intent, needs, risks) is the same on Whisper's
transcript as on the reference, against the same on the reference corrupted by
nlu/asr_noise.py at the CER measured (five draws)."""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlu.asr_noise import is_syllable, jamo


def _norm(text: str) -> str:
    """Letters and digits, one space between words."""
    return " ".join("".join(ch for ch in word.lower() if ch.isalnum()) for word in text.split()).strip()


def _chars(text: str) -> tuple[list[str], list[bool]]:
    """The characters without spaces, and whether a space follows each."""
    chars, space_after = [], []
    for ch in text:
        if ch == " ":
            if space_after:
                space_after[-1] = True
            continue
        chars.append(ch)
        space_after.append(False)
    return chars, space_after


def align(ref: list[str], hyp: list[str]) -> list[tuple[int | None, int | None]]:
    """Levenshtein alignment: (ref index, hyp index) pairs, None where one side has nothing."""
    n, m = len(ref), len(hyp)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]))
    out: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        if i and j and d[i][j] == d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            out.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and d[i][j] == d[i - 1][j] + 1:
            out.append((i - 1, None))
            i -= 1
        else:
            out.append((None, j - 1))
            j -= 1
    return out[::-1]


class Profile:
    def __init__(self) -> None:
        self.ref_chars = self.matched = 0
        self.ops: Counter[str] = Counter()
        self.sub_kinds: Counter[str] = Counter()
        self.slots: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.inserted: Counter[str] = Counter()
        self.deleted: Counter[str] = Counter()
        self.space_missed = self.space_added = self.ref_spaces = 0

    def add(self, refs: tuple[str, ...], hyp: str) -> None:
        best = None
        for ref in refs:
            r, h = _chars(_norm(ref)), _chars(_norm(hyp))
            pairs = align(r[0], h[0])
            errors = sum(1 for a, b in pairs if a is None or b is None or r[0][a] != h[0][b])
            if r[0] and (best is None or errors / len(r[0]) < best[0]):
                best = (errors / len(r[0]), r, h, pairs)
        if best is None:
            return
        _, (ref, ref_space), (hyp, hyp_space), pairs = best
        self.ref_chars += len(ref)
        self.ref_spaces += sum(ref_space[:-1])
        for a, b in pairs:
            if a is None:
                self.ops["added"] += 1
                self.inserted[hyp[b]] += 1
                continue
            if b is None:
                self.ops["dropped"] += 1
                self.deleted[ref[a]] += 1
                continue
            if a < len(ref) - 1 and b < len(hyp) - 1:
                self.space_missed += ref_space[a] and not hyp_space[b]
                self.space_added += hyp_space[b] and not ref_space[a]
            if ref[a] == hyp[b]:
                self.matched += 1
                continue
            self.ops["substituted"] += 1
            if not (is_syllable(ref[a]) and is_syllable(hyp[b])):
                self.sub_kinds["not Hangul on one side"] += 1
                continue
            differ = [slot for slot, x, y in zip(("initial", "vowel", "final"), jamo(ref[a]), jamo(hyp[b]),
                                                 strict=True) if x != y]
            self.sub_kinds[f"{len(differ)} jamo"] += 1
            if len(differ) == 1:
                self.slots[differ[0]] += 1
                self.pairs[(ref[a], hyp[b])] += 1

    def report(self) -> None:
        errors = sum(self.ops.values())
        print(f"syllables of speech: {self.ref_chars}; character error rate {errors / self.ref_chars:.3f}")
        print("errors:", ", ".join(f"{k} {v / errors:.2f}" for k, v in self.ops.most_common()))
        subs = self.ops["substituted"]
        print("substitutions:", ", ".join(f"{k} {v / subs:.2f}" for k, v in self.sub_kinds.most_common()))
        ones = sum(self.slots.values())
        print("  one jamo off, which:", ", ".join(f"{k} {v / ones:.2f}" for k, v in self.slots.most_common()))
        print("  most frequent:", " ".join(f"{a}>{b}:{n}" for (a, b), n in self.pairs.most_common(20)))
        print("added syllables, most frequent:", " ".join(f"{k}:{v}" for k, v in self.inserted.most_common(15)))
        print("dropped syllables, most frequent:", " ".join(f"{k}:{v}" for k, v in self.deleted.most_common(15)))
        print(f"spaces: {self.ref_spaces} in the speech; missed {self.space_missed / self.ref_spaces:.3f} of them; "
              f"added {self.space_added / self.ref_chars:.3f} per syllable")


def transcribe_shared() -> list[tuple[tuple[str, ...], str]]:
    from bench_stt import SHIPPED, load_clips

    from voicebot.settings import Settings
    from voicebot.speech.base import SpeechRequest
    from voicebot.speech.whisper_fast import FasterWhisperSTT

    settings = Settings()
    stt = FasterWhisperSTT(settings.whisper_model_dir, threads=settings.stt_threads, decoding=SHIPPED)
    out = []
    for clip in load_clips():
        result = stt.transcribe_batch([SpeechRequest(clip.phone, "ko")])[0]
        out.append((clip.refs, "" if result.no_speech else result.text))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hyp", type=Path, help="transcripts saved by --save (reference, spoken form, transcript)")
    parser.add_argument("--save", type=Path, help="write the transcripts here (outside the repository)")
    parser.add_argument("--nlu", action="store_true", help="also the classifier on real against simulated errors")
    args = parser.parse_args()
    if args.hyp:
        rows = [((r[0], r[1]), r[2]) for r in csv.reader(args.hyp.open(encoding="utf-8"), delimiter="\t")]
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        rows = transcribe_shared()
        if args.save:
            with args.save.open("w", encoding="utf-8", newline="") as f:
                csv.writer(f, delimiter="\t").writerows([*refs, hyp] for refs, hyp in rows)
    profile = Profile()
    for refs, hyp in rows:
        profile.add(refs, hyp)
    profile.report()
    if args.nlu:
        errors = sum(profile.ops.values()) / profile.ref_chars
        unchanged_by_errors([refs[0] for refs, _ in rows], [hyp for _, hyp in rows], errors)
    return 0


def unchanged_by_errors(refs: list[str], hyps: list[str], rate: float, draws: int = 5) -> None:
    import random

    from nlu import load_classifier
    from nlu.asr_noise import corrupt
    from nlu.pipeline import MODELS

    clf = load_classifier(MODELS)

    def same(a: list, b: list) -> dict[str, float]:
        return {what: sum(getattr(x, what) == getattr(y, what) for x, y in zip(a, b, strict=True)) / len(a)
                for what in ("intent", "needs", "risks")}

    truth = clf.predict(refs)
    real = same(truth, clf.predict(hyps))
    rng = random.Random(0)
    runs = [same(truth, clf.predict([corrupt(t, rate, rng) for t in refs])) for _ in range(draws)]
    print(f"\n{clf.name}: judgement unchanged by the errors, share of {len(refs)} clips")
    print(f"{'':10}{'Whisper':>10}{f'simulated at CER {rate:.3f} (mean of {draws})':>40}")
    for what in ("intent", "needs", "risks"):
        print(f"{what:10}{real[what]:>10.3f}{sum(r[what] for r in runs) / draws:>40.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
