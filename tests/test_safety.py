import pytest

from nlu.safety import SafetyRules

RULES = SafetyRules()


@pytest.mark.parametrize("text,risks", [
    ("죽고 싶을 정도는 아니에요", []),
    ("전에는 죽고 싶었는데", ["suicide"]),
    ("죽고 싶지 않아요", []),
    ("더워 죽겠다", []),
    ("배고파 죽겠어요", []),
    ("그냥 죽고싶어", ["suicide"]),
    ("살아서 뭐하나 싶어", ["suicide"]),
    ("작년에 자살 시도를 했어요", ["suicide"]),
    ("죽고 싶은 마음은 있는데, 진짜로 죽고 싶은 건 아니에요", ["suicide"]),
    ("네 맞아요", []),
    ("아들한테 맞았어요", ["abuse"]),
    ("남편이 술만 먹으면 때려요", ["abuse"]),
    ("드라마에서 때리는 장면 봤어요", []),
    ("갑자기 숨을 못 쉬겠어요", ["medical_emergency"]),
    ("밥은 잘 먹어요", []),
])
def test_contract_examples(text, risks):
    assert RULES.risks([text])[0] == risks
