"""Every rule pattern matches something it was written for.

A pattern can look right and never match: "(수면제|약/NNG) ..." needs a space after 수면제,
where Kiwi always writes its tag, so "수면제를 한꺼번에 먹었어요" went unheard by the rules
for weeks. A pattern that matches none of the labelled texts nor any sentence the tests
quote is such a bug, or has no example yet: either way it is caught here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nlu import dataset
from nlu.intent_cues import IntentCues
from nlu.lemmas import lemma_strings
from nlu.need_cues import NeedCues
from nlu.safety import SafetyRules

# Sentences for patterns no labelled text happens to use.
EXAMPLES = [
    "인생을 끝내고 싶어요", "목매고 싶어요", "목을 매달고 싶어요", "남편이 물건을 던져서 다쳤어요",
    "작별 인사를 했어요", "제가 없어야 해요", "일부러 팔을 때려요", "태어나지 않았으면 좋았을 텐데",
    "집에서 쫓기듯 나왔어요", "대인기피가 있어요", "버림받은 것 같아요", "일자리가 없어요", "빨리 119 불러 주세요",
]
_QUOTED = re.compile(r'"([가-힣][^"\n]{1,80})"')


@pytest.fixture(scope="module")
def lemmas() -> list[str]:
    texts = [e.text for rows in (dataset.answers("train"), dataset.answers("test"), dataset.wellness(),
                                 dataset.risk_phrases(), dataset.everyday_heating(), dataset.fresh_phrasings())
             for e in rows]
    for test_file in Path(__file__).parent.glob("test_*.py"):
        texts += _QUOTED.findall(test_file.read_text(encoding="utf-8"))
    return lemma_strings(texts + EXAMPLES)


def compiled() -> list[tuple[str, re.Pattern[str]]]:
    """Each pattern as the rules and cues compile it (signs and cues start a token)."""
    rules, intents, needs = SafetyRules(), IntentCues(), NeedCues()
    return ([("risk", p) for ps in rules._risks.values() for p in ps]
            + [("warning sign", p) for ps in rules._signs.values() for p in ps]
            + [("intent cue", p) for _, ps in intents._cues for p in ps]
            + [("need cue", p) for ps in needs._cues.values() for p in ps]
            + [("need met", p) for ps in needs._met.values() for p in ps])


def test_every_rule_pattern_matches_an_example(lemmas):
    never = [f"{kind}: {p.pattern}" for kind, p in compiled() if not any(p.search(lemma) for lemma in lemmas)]
    assert never == []
