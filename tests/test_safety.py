import pytest

from nlu.lemmas import lemma_strings
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
    ("작년에 죽으려고 했어요", ["suicide"]),       # Kiwi: 죽/VV 으려고/EC
    ("죽을려고 약을 먹었어요", ["suicide"]),
    ("죽고 싶었던 적은 없어요", []),              # never
    ("죽으려고 한 적은 한 번도 없어요", []),
    ("죽고 싶었던 적은 있어요", ["suicide"]),
])
def test_contract_examples(text, risks):
    assert RULES.risks([text])[0] == risks


# Common ways of saying it that a first version of the rules missed: methods (번개탄,
# 농약, hanging), euphemisms ("나쁜 생각"), a denied wish to live, a push or a kick at
# home, someone not breathing. Beside them, everyday phrases with the same words.
@pytest.mark.parametrize("text,risks", [
    ("살고 싶지 않아요", ["suicide"]),               # the negation is the risk
    ("더 이상 살고 싶지 않아", ["suicide"]),
    ("살 이유가 없어요", ["suicide"]),
    ("살 이유를 찾았어요", []),
    ("그만 살고 싶어요", ["suicide"]),
    ("이제 그만 살래요", ["suicide"]),
    ("극단적인 생각을 했어요", ["suicide"]),
    ("목을 매려고 했어요", ["suicide"]),
    ("돈에 목을 매요", []),                          # "to be desperate for"
    ("번개탄 사 놨어요", ["suicide"]),
    ("연탄을 피워요", []),                           # heating
    ("농약을 마시려고 했어요", ["suicide"]),
    ("약을 한 통 다 먹었어요", ["suicide"]),
    ("약을 다 먹었어요", []),
    # A bare word before a tagged one in a group ("(수면제|약/NNG)") had never matched: 수면제 is
    # always followed by its tag.
    ("작년에 수면제를 한꺼번에 먹었어요", ["suicide"]),
    ("수면제를 몇 달째 모으고 있어요", ["suicide"]),
    ("약을 왕창 먹고 응급실에 갔어요", ["suicide"]),
    ("잠들어서 깨지 않았으면 해요", ["suicide"]),
    ("남편이 멱살을 잡았어요", ["abuse"]),
    # Written after batch h was judged: the words put after the verb, the herbicide.
    ("아무 의미가 없어요 사는 게", ["suicide"]),
    ("아무 의미가 없어요 그 얘기는", []),
    ("제초제를 마시려고 했어요", ["suicide"]),
    ("한강에 뛰어들고 싶어요", ["suicide"]),
    ("세상을 떠나고 싶어요", ["suicide"]),
    ("아버님이 작년에 세상을 떠나셨어요", []),
    ("다 끝내고 싶어요", ["suicide"]),
    ("일을 다 끝내고 싶어요", []),
    ("유서를 써 놨어요", ["suicide"]),
    ("죽는 게 낫겠어요", ["suicide"]),
    ("차라리 죽었으면 좋겠어요", ["suicide"]),
    ("그런 놈들은 다 죽었으면 좋겠어요", []),          # others, not the speaker
    ("내가 없으면 다들 편하겠죠", ["suicide"]),
    ("자꾸 나쁜 생각이 들어요", ["suicide"]),
    ("나쁜 생각 하지 말래요", []),
    ("남편이 술 먹고 손찌검해요", ["abuse"]),
    ("아들이 발로 찼어요", ["abuse"]),
    ("밀쳐서 넘어졌어요", ["abuse"]),
    ("욕하고 물건을 던져요", ["abuse"]),
    ("방에 가둬 놓고 못 나가게 해요", ["abuse"]),
    ("병을 바다에 던졌대요", []),
    ("숨이 안 쉬어져요", ["medical_emergency"]),
    ("어머니가 숨을 안 쉬어요", ["medical_emergency"]),
    ("숨도 안 쉬고 다 봤어요", []),                   # "at a stretch"
    ("약을 잘못 먹어서 토하고 있어요", ["medical_emergency"]),
    ("내 손으로 내 목숨 거두고 싶어요", ["suicide"]),  # 2026-12-06, late evening
    ("하느님이 아버지 목숨을 거두어 가셨어요", []),
])
def test_common_phrasings(text, risks):
    assert RULES.risks([text])[0] == risks


@pytest.mark.parametrize("text,risks", [
    ("자살하지 마세요", []),
    ("때리지 마세요 제발", ["abuse"]),  # not for abuse: a plea
    ("죽고 싶다는 생각 하지 마세요", []),
    ("나쁜 생각 하지 말래요", []),
    ("뛰어내리지 마", []),
    # A "don't" about something else leaves the risk said (it had cancelled the whole clause).
    ("죽고 싶어요 아무한테도 말하지 마세요", ["suicide"]),
    ("걱정하지 마세요 죽고 싶어요", ["suicide"]),
    ("약을 모아 두는 이유는 묻지 마세요", ["suicide"]),
])
def test_a_dont_denies_only_what_it_follows(text, risks):
    assert RULES.risks([text])[0] == risks


def test_a_secret_kept_is_still_heard(shipped_classifier):
    """The model heard the wish and the rules, reading "말하지 마세요" as a denial of it,
    had dropped it: the shipped system heard nothing in "tell no one"."""
    said = shipped_classifier.predict(["죽고 싶어요 아무한테도 말하지 마세요", "자살하지 마세요"])
    assert [p.risks for p in said] == [["suicide"], []]


@pytest.mark.parametrize("text,risks", [
    ("죽고 싶은 생각은 없어요", []),
    ("죽을 생각은 없어요", []),
    ("그냥 죽고 싶은 생각밖에 안 들어요", ["suicide"]),   # "nothing but"
    ("죽고 싶은 것밖에 없어요", ["suicide"]),
    ("때리는 사람은 없어요", []),
    ("때리는 사람이 있어요", ["abuse"]),
    ("죽고 싶은 생각은 없는데 그냥 사라지고 싶어요", ["suicide"]),  # a clause Kiwi ends with 는/ETM 데/NNB
])
def test_denied_thoughts(text, risks):
    assert RULES.risks([text])[0] == risks


def test_the_model_does_not_overrule_a_denial_the_rules_saw(shipped_classifier):
    """The commonest answers to the screening question name the risk to deny it; the model
    reads "죽고 싶" and would start the crisis path on them."""
    clf = shipped_classifier
    denials = ["아니요 죽고 싶은 생각은 없어요", "죽고 싶은 적 한 번도 없어요", "죽고 싶다는 생각은 안 들어요"]
    assert "suicide" in clf.model.predict(denials)[1].risks  # the model alone would flag it
    assert [p.risks for p in clf.predict(denials)] == [[], [], []]
    assert [p.risks for p in clf.predict(["죽고 싶은 생각이 들어요", "배고파 죽겠어요"])] == [["suicide"], []]


# Warning signs: said instead of the words. Each is asked about in the call, not escalated
# at once; beside them, everyday sentences with the same words.
@pytest.mark.parametrize("text,sign", [
    ("아침에 눈을 안 떴으면 좋겠어요", True),
    ("자식들한테 짐만 되는 것 같아요", True),
    ("방문 테이프로 막고 연탄불 피울까 해요", True),
    ("가진 물건들을 다 나눠 줬어요 필요 없으니까요", True),
    ("그동안 고마웠다고 마지막 인사를 하고 싶어요", True),
    ("하늘나라 간 아들 곁으로 가고 싶어요", True),
    ("밤마다 몹쓸 생각을 해요", True),
    ("화가 나면 팔을 피가 날 때까지 긁어요", True),     # self-injury
    ("입술을 피가 나도록 깨물어요", True),
    ("팔에 상처를 내면 마음이 좀 편해져요", True),
    ("몸이 아파야 마음이 편해요", True),
    ("연탄을 피워서 방을 데워요", False),       # how many of the households heat
    ("이삿짐 정리를 다 했어요", False),
    ("오늘 마지막 손님이었어요", False),
    ("빨리 나았으면 좋겠어요", False),
    ("아들 만나러 서울 가요", False),
    ("모기 물린 데를 피가 나도록 긁었어요", False),
    ("넘어져서 피가 났는데 딱지가 앉았어요", False),
    ("피가 나도록 열심히 일했어요", False),
    ("친구 마음에 상처를 냈어요", False),
    ("아파야 병원에 가죠", False),
    # Written 2026-12-05 from fresh phrasings the system missed (nlu/data/fresh_phrasings.tsv).
    ("허벅지를 피 날 때까지 꼬집어요", True),
    ("벽에 머리를 쿵쿵 박아요 그래야 좀 살 것 같아요", True),
    ("살 가치가 없는 사람이에요 저는", True),
    ("신변 정리를 하고 있어요", True),
    ("애들한테 마지막으로 전화했어요", True),
    ("방에 연탄을 피워 놓고 누웠었어요", True),
    ("빨리 죽어서 영감한테 가야지", True),
    ("남편 곁으로 가는 날만 기다려요", True),
    ("저승에 있는 엄마가 자꾸 오라고 해요", True),
    ("이 세상에 미련이 없어요", True),
    ("통장 비밀번호를 적어서 딸한테 줬어요 이제 준비됐어요", True),
    ("장례식 비용은 모아 놨어요 이제 가도 돼요", True),
    ("자식들한테 보험금이라도 남겨 주고 가야죠", True),
    ("유언 녹음을 해 뒀어요", True),
    ("친구들한테 그동안 고마웠다고 문자 보냈어요", True),
    ("저 같은 사람은 세상에 없어야 해요", True),
    ("아이가 제 손을 물었어요", False),
    ("제 머리를 빗어요", False),
    ("그 돈 주고 살 가치가 없어요", False),          # 사다, to buy
    ("이 옷은 살 가치가 없어요", False),
    ("아들이 마지막으로 전화한 게 한 달 전이에요", False),
    ("통장을 딸한테 맡겼어요 은행 가기 힘들어서", False),
    ("상조에 가입해서 장례 비용은 걱정 없어요", False),
    ("연탄 피우는 날은 방이 뜨끈해요", False),
    ("엄마 곁으로 이사 가고 싶어요", False),
    ("친구들한테 고맙다고 떡을 돌렸어요", False),
    # Written 2026-12-05 (afternoon) from the misses of batches b-g.
    ("숨이 그냥 멈췄으면 해요", True),
    ("숨 쉬는 것도 귀찮아요", True),
    ("이대로 영영 안 깨어났으면 좋겠어요", True),
    ("오늘이 마지막일 것 같아요", True),
    ("태어나지 말았어야 했어요", True),
    ("약값만 축내니까 빨리 가는 게 낫지요", True),
    ("애들 고생 안 시키게 제가 먼저 가야죠", True),
    ("어차피 곧 갈 사람이에요", True),
    ("하늘나라에서 아내가 기다려요", True),
    ("딸한테 사랑한다고 전해 주세요", True),
    ("강아지 키워 줄 사람을 찾고 있어요", True),
    ("옥상 문이 열렸는지 확인하러 갔어요", True),
    ("다리 난간에 올라가 앉았어요", True),
    ("선로 쪽으로 몸이 가요", True),
    ("농약을 사다 뒀어요", True),
    ("두 번째 시도였어요", True),
    ("칼로 한 번 그으면 후련해요", True),
    ("연탄가스 마시면 편하대요", True),
    ("제가 먼저 갈게요 내일 봬요", False),
    ("이번이 마지막 기회예요", False),
    ("세 번째 시도 만에 붙었어요", False),
    ("숨 쉬기 운동을 해요", False),
    ("아침에 일찍 일어나요", False),
    ("하늘이 맑아서 기분이 좋아요", False),
    ("고맙다고 전해 주세요 선물 잘 받았다고", False),  # thanks passed on for a gift
    ("늦어서 미안하다고 전해 주세요", False),
    ("농약을 밭에 뿌렸어요", False),
    ("난간을 잡고 계단을 올라가요", False),
    ("선 긋는 연습을 해요", False),
    ("베란다 난간에 매달렸어요", True),
    ("제초제를 사다 놨어요", True),
    # Written 2026-12-05 (evening) from the misses of batch j.
    ("살 만큼 살았으니 이제 가도 돼요", True),
    ("살 만큼 살았응께 인자 죽어도 여한이 없제", True),
    ("살 만큼 살았으니 이제 딸네 집으로 가도 되겠지", False),   # a move, with where to
    ("나도 머지않아 남편 곁에 묻히겠지", True),
    ("저도 곧 어머니 옆에 눕겠지요", True),
    ("나도 남편 옆에 누워서 잤어요", False),
    ("옥상에서 떨어져 버릴까 했어요", True),
    ("다리에서 떨어질까 봐 무서워요", False),
    ("강물에 몸을 던지고 싶어요", True),
    ("목 맬 데를 봐 뒀어요", True),
    ("넥타이를 목에 맬 줄 몰라요", False),
    ("바다에 들어가서 안 나오고 싶어요", True),
    ("숨이 끊어지는 날만 기다려요", True),
    ("목숨이 붙어 있는 게 지겨워요", True),
    ("왜 아직 살아 있는지 모르겠어요", True),
    ("사는 게 죽는 거랑 같아요", True),
    ("이 몸뚱이 좀 치워 버렸으면", True),
    ("이제 쓸모도 없으니 없어져야지", True),
    ("저세상 가는 게 낫지요", True),
    ("딸한테 나 없어도 잘 지내라고 했어요", True),
    ("나 없어도 밥 잘 챙겨 먹으라고 했어요", False),
    ("찻길로 걸어 들어가 버릴까 싶어요", True),
    ("콱 가 버렸으면 좋겠어요", True),
    ("도로에 들어가서 차를 세웠어요", False),
    # Written 2026-12-05 (evening) from the misses of batch k.
    ("이대로 눈 감아 버렸으면 해요", True),
    ("그만 눈 감고 싶어요", True),
    ("눈 감고 좀 쉬고 싶어요 피곤해서", False),
    ("저 하나 없어져도 아무도 모를 거예요", True),
    ("제가 없어져도 가게는 잘 돌아가요", False),
    ("숨 쉬는 것도 죄스러워요", True),
    # Written 2026-12-05 (night) from the misses of batches l and m.
    ("남편 떠난 곳으로 저도 따라가고 싶어요", True),
    ("엄마 간 데로 따라가 보니 시장이었어요", False),
    ("그냥 가 버리면 편할 텐데", True),
    ("애들이 가 버리면 집이 조용하고 편해요", False),
    ("옥상에 올라가면 자꾸 눈이 아래로 가요", True),
    ("창밖에 자꾸 눈이 가요 눈이 와서", False),
    ("저수지 가서 하루 종일 물만 쳐다봐요", True),
    ("한강 가서 물 구경하고 왔어요", False),
    ("제 장례식엔 아무도 오지 않을 거예요", True),
    ("내 장례식은 조촐하게 해 달라고 했어요", False),
    ("아파트를 딸 앞으로 넘겼어요 저는 곧 떠날 거라서", True),
    ("집을 아들 앞으로 돌려놨어요 세금 때문에", False),
    ("이번에는 실수 없이 끝내야죠", True),
    ("세상 소풍 이제 마치려고요", True),
    ("복지관에서 소풍 가서 김밥 먹었어요", False),
    ("강에 들어가면 안 무서울 것 같아요", True),
    ("물에 들어가면 무서워요 수영을 못 해서", False),
    # Written 2026-12-06 (morning) from the misses of batch q.
    ("남길 말을 적어서 베개 밑에 뒀어요", True),
    ("남길 말씀 있으시면 삐 소리 후에 말씀하세요", False),
    ("욕조에 들어가 앉아서 커터칼을 쥐고 있었어요", True),
    ("욕조 실리콘을 커터칼로 긁어냈어요", False),
    ("착화탄이랑 테이프를 사 놨어요", True),
    ("창문 틈을 테이프로 막았어요", False),
    ("기차가 들어올 때마다 몸이 자꾸 앞으로 쏠려요", True),
    ("지하철에서 발을 밟혀서 멍이 들었어요", False),
    # Written 2026-12-06 (late morning) from the misses of batches r and s.
    ("숨 쉬는 것도 싫어요", True),
    ("마스크 쓰고 숨 쉬는 게 싫어요", False),
    ("저승사자라도 빨리 왔으면", True),
    ("드라마에 저승사자가 나와요", False),
    ("이놈의 명은 왜 이리 질긴지", True),
    ("손님 세 명이 고기가 질기다고 했어요", False),
    ("연탄 피워 놓고 창문을 막으려고 했어요", True),
    ("연탄 피우고 바람 안 들어오게 문틈을 막았어요", False),
    ("마지막 고해성사를 하고 왔어요", True),
    ("부활절 전에 고해성사 했어요", False),
    # Written 2026-12-06 (noon) from the misses of batch t.
    ("저 그냥 가게 해 주세요", True),
    ("저 바빠서 그냥 가게 해 주세요", False),
    ("다 놔 버릴라고", True),
    ("일 다 놓고 쉬고 싶어요", False),
    ("하루빨리 가야제", True),
    ("하루빨리 집에 가고 싶어요", False),
    ("빨리 가야지 늦겠다", False),
    ("빚 때문에 높은 데만 찾아다녀요", True),
    ("전망 좋은 높은 곳을 찾아다녀요", False),
    ("밧줄이랑 소주를 챙겨서 혼자 산에 가요", True),
    ("밧줄로 고추 지지대를 묶었어요", False),
    # Written 2026-12-06 (afternoon) from the misses of batch u.
    ("고마 다 때리치아뿌고 저승 갈란다", True),
    ("저승 갈 때 돈 싸 가는 거 아니래요", False),
    ("다음엔 신호 무시하고 트럭에 들이받을 거예요", True),
    ("트럭이 골목에서 우리 집 담을 들이받았어요", False),
    ("트럭에 박을 거 같아서 급정거했어요", False),
    ("차를 주차하다가 기둥에 박을까 봐 조심해요", False),
    # Written 2026-12-06 (late afternoon) from the misses of the unseen answer risks and batch v.
    ("내일 아침엔 안 깨어났으면 좋겠어요", True),
    ("아기가 밤에 안 깼으면 좋겠어요", False),
    ("푹 자서 중간에 안 깼으면 좋겠어요", False),
    ("강물에 들어가려다 말았어요", True),
    ("바다에 들어가려다 말았어요 물이 차가워서", False),
    ("통장이랑 비번을 아들한테 보냈어요 이제 준비 끝났어요", True),
    ("통장 사본을 은행에 보냈어요", False),
    ("면도날로 팔을 긁어서 피를 냈어요", True),  # a razor blade, as a knife is
    ("면도날을 새것으로 갈았어요", False),
    # Written 2026-12-06 (evening) from the misses of batch w and the second unseen block.
    ("연기 마시면 안 아프게 가는지 찾아봤어요", True),
    ("주사를 안 아프게 놔 주셨어요", False),
    ("아파트 옥상 문이 열려 있나 가 봤어요", True),
    ("옥상에 빨래 널러 가요", False),
    ("그냥 이대로 가게 내버려 두세요", True),
    ("약통 다 비우고 끝낼 거예요", True),
    ("약통 다 비워서 새 약 받아 왔어요", False),
    ("옥상에 올라가서 아래를 한참 내려다봤어요", True),
    ("옥상에서 아래를 내려다보면 야경이 예뻐요", False),
    ("팔에 난 흉터요 칼로 제가 낸 거예요", True),
    ("팔에 난 흉터요 어릴 때 다친 거예요", False),
    ("내일 아침 해 뜨기 전에 끝낼 거예요", True),
    ("내일 아침 일은 해 뜨기 전에 끝낼 거예요", False),  # the work named
    ("2편에서 끝낼 걸", False),
    ("먼저 간 우리 애 만나러 저도 가야겠어요", True),
    ("먼저 간 우리 애 생각하면 아직도 눈물이 나요", False),
    ("버스 앞으로 뛰어들까 몇 번을 망설였어요", True),
    ("버스 놓칠까 봐 정류장까지 뛰어갔어요", False),
    ("이젠 버텨야 할 까닭이 하나도 없어요", True),
    ("월급날까지 버텨야 해요", False),
    ("목욕탕 수건걸이에 끈을 걸어 봤어요", True),
    ("수건걸이가 떨어져서 새로 달았어요", False),
    # Written 2026-12-06 (late evening) from the misses of batch x and the third unseen block.
    ("뒷산 소나무에 줄 걸 자리를 봐 뒀어요", True),
    ("소나무 사이에 줄을 걸고 빨래를 널었어요", False),
    ("먼저 간 영감이 꿈에 자꾸 와서 오라고 손짓해요", True),
    ("돌아가신 어머니가 꿈에 나와서 잘 살라고 하셨어요", False),
    ("봄이 와도 저는 못 볼 거예요", True),
    ("봄이 오면 꽃 보러 가고 싶어요", False),
    ("월세 못 내면 그날로 저도 끝이에요", True),
    ("저 이제 그만 놓아주세요", True),
    ("이제 놓아 주려고", False),  # a love let go
    ("차 트렁크에 숯을 실어 뒀어요", True),
    ("차 트렁크에 숯을 실어 뒀어요 주말에 캠핑 가려고요", False),
    ("고속도로에 차 세워 놓고 걸어 들어갈까 생각 중이에요", True),
    ("고속도로 휴게소에 들어갈까 했어요", False),
    # Written 2026-12-06 (night) from the misses of the fourth and fifth unseen blocks.
    ("저 같은 늙은이는 그냥 조용히 꺼져 주는 게 맞아요", True),
    ("시끄러우니까 좀 꺼져 주세요", False),
    ("화면이 꺼져 주면 좋겠는데 안 꺼져요", False),
    ("제 보험 수익자를 딸로 바꿔 놨어요 이제 마음이 편해요", True),
    ("보험 수익자를 바꾸려고 보험사에 전화했어요", False),
    ("다 귀찮고 숨 멎는 날만 손꼽아요", True),
    ("너무 놀라서 숨 멎는 줄 알았어요", False),
    ("암 진단이라도 받으면 오히려 반갑겠어요 얼른 끝나게", True),
    ("병원 가서 진단받으니 좋네요 얼른 가서 약 타 와야죠", False),
    ("지금 다리 위에 있어요 마지막으로 누구 목소리라도 듣고 싶어서요", True),
    ("마지막으로 목소리 들은 게 언제인지 몰라요", False),
    ("요즘 산에 가면 어느 나무가 튼튼한지 보게 돼요", True),
    ("튼튼한 나무를 골라서 심었어요", False),
    ("이제 저한테 남은 건 정리하는 일뿐이에요 집도 내놨고요", True),
    ("이사 와서 남은 건 짐 정리하는 일뿐이에요", False),
    ("이대로 살 바에야 차라리 교도소 가거나 죽거나 둘 중 하나예요", True),
    ("차라리 자거나 쉬거나 하세요", False),
    ("우리 아들 기일에 맞춰서 저도 가려고 해요", True),
    ("아들 기일에 맞춰서 저도 산소에 가려고 해요", False),
    ("약 먹는 것도 다 끊었어요 빨리 가는 게 도와주는 거예요", True),
    ("병원에 빨리 가 보는 게 도와주는 거래요", False),
    ("혼자 바닷가 민박 잡아 놨어요 거기서 마지막으로 바다 보고 끝내려고요", True),
    ("바다 보고 여행 끝내려고요", False),
    ("요즘은 눈 뜨는 아침이 제일 무서워요 또 하루를 살아야 하니까", True),
    ("또 하루를 살아야 하니 힘내야죠", False),
    ("잠 오는 약을 조금씩 안 먹고 쌓아 두는 중이에요", True),
    ("약을 안 먹고 버텼어요", False),
    ("빚 독촉 전화가 하루에 열 번 와요 창고에 제초제를 한 병 따로 빼 놨어요", True),  # batch y
    ("빚이 좀 있어요 제초제를 한 병 따로 빼 놨어요 내일 밭에 뿌리려고요", False),
    ("월세도 못 내요 애들하고 같이 떠날까 하는 무서운 생각이 들어요", True),
    ("애들하고 같이 여행을 떠나려고요", False),
    ("주말마다 기찻길 옆을 걷다가 한참 서 있어요 다음엔 안 비켜설 거예요", True),
    ("기찻길 옆 산책로를 걸어요", False),
])
def test_warning_signs_are_heard_but_not_stated_risks(text, sign):
    lemma = lemma_strings([text])[0]
    assert RULES.risks_in(lemma) == []
    assert RULES.warning_signs(lemma) == ({"suicide"} if sign else set())


@pytest.mark.parametrize("text,heard,sign", [
    ("번개탄을 사다 놨어요", True, False),
    ("번개탄으로 고기를 구웠어요", False, True),   # a grill lit: asked about, not escalated
    ("번개탄으로 연탄에 불을 붙여요", False, True),
    ("번개탄이랑 연탄을 같이 사 왔어요 겨울 준비로", False, True),  # bought to light briquettes with
    ("유서를 써 놨어요", True, False),
    ("유서 깊은 절에 다녀왔어요", False, False),  # "time-honoured"
    ("수면제를 모아 두고 있어요", True, False),
    ("처방받은 약을 모아 놨어요 언젠가 먹으려고요", True, False),
    ("약은 약통에 모아 두고 먹어요", False, False),  # the daily pill box
    ("남은 약을 모아서 약사한테 반납했어요", False, False),
    ("수면제를 한 번에 다 털어 넣을까 해요", True, False),
    ("가루약은 한 번에 털어 넣고 물을 마셔요", False, False),  # the everyday way with powders
])
def test_a_method_word_in_everyday_use_is_not_escalated(text, heard, sign):
    lemma = lemma_strings([text])[0]
    assert RULES.risks_in(lemma) == (["suicide"] if heard else [])
    assert ("suicide" in RULES.warning_signs(lemma)) == sign


@pytest.mark.parametrize("text,sign", [
    ("제 뺨을 제가 때려요 멈출 수가 없어요", True),   # the speaker's own body, nobody else named
    ("주먹으로 제 머리를 계속 때려요", True),
    ("남편이 제 머리를 때려요", False),
    ("제 머리를 남편이 때려요", False),
])
def test_hitting_oneself_is_a_sign_and_hitting_by_another_is_not(text, sign):
    """Both are heard as abuse by its rule (때리다): an officer sees either."""
    lemma = lemma_strings([text])[0]
    assert RULES.risks_in(lemma) == ["abuse"]
    assert RULES.warning_signs(lemma) == ({"suicide"} if sign else set())


@pytest.mark.parametrize("text,signs", [
    ("딸이 제 연금을 다 가져가고 밥도 안 줘요", {"abuse"}),
    ("밖에 못 나가게 하고 휴대폰도 뺏어 가요", {"abuse"}),
    ("맞은 적도 많아요", {"abuse"}),
    ("맞은 적은 없어요", set()),
    ("아이가 열이 사십 도가 넘고 경련을 해요", {"medical_emergency"}),
    ("방에 연기가 가득 차서 숨쉬기가 힘들어요", {"medical_emergency"}),
    ("배가 터질 것처럼 아프고 식은땀이 줄줄 나요", {"medical_emergency"}),
    ("숨이 좀 차요 계단을 올라와서요", set()),
    ("전개가 숨가쁘게 진행돼요", set()),
    ("갑자기 말이 어눌해졌어요", {"medical_emergency"}),
    ("긴장하면 말이 꼬여요", set()),
    ("한쪽 다리에 힘이 빠져요", {"medical_emergency"}),
    ("애가 열이 나더니 경기를 일으켜요", {"medical_emergency"}),
    ("손주가 축구 경기를 해요", set()),
    ("열이 펄펄 끓어요", {"medical_emergency"}),
    ("당뇨 때문에 손이 떨리고 어지러워요", {"medical_emergency"}),
    ("당뇨가 있어서 밥을 조금 먹어요", set()),
    ("방에 있으면 머리가 깨질 듯 아프고 어지러워서 토할 것 같아요", {"medical_emergency"}),
    ("머리가 깨질 듯 아파요", set()),
    ("손에 끓는 물을 쏟아서 살갗이 다 벗겨졌어요", {"medical_emergency"}),
    ("끓는 물에 국수를 넣었어요", set()),
    ("다리에 화상을 입었어요", {"medical_emergency"}),
    ("화상 통화로 손주 얼굴을 봐요", set()),
    ("할머니가 갑자기 횡설수설하세요", {"medical_emergency"}),
    ("연탄가스를 마셨는지 식구들이 다 머리가 아프고 토해요", {"medical_emergency"}),
    ("계단에서 굴러서 다리가 이상하게 꺾였어요", {"medical_emergency"}),
    ("어릴 때 미끄럼틀에서 떨어져서 팔이 부러진 기억이 나요", set()),
    ("며느리가 방에서 못 나오게 해요", {"abuse"}),
    ("며느리가 밥도 안 차려 줘요", {"abuse"}),
    # Written 2026-12-06 (night) from the misses of the fourth and fifth unseen blocks.
    ("며느리가 밥을 바닥에 던져 주면서 개처럼 먹으래요", {"abuse"}),
    ("배가 고파서 개처럼 먹었어요", set()),
    ("사위가 말 안 들으면 요양원에 버린대요", {"abuse"}),
    ("요양원에 버려진 노인들 뉴스를 봤어요", set()),
])
def test_warning_signs_of_abuse_and_emergencies(text, signs):
    lemma = lemma_strings([text])[0]
    assert RULES.risks_in(lemma) == [] and RULES.warning_signs(lemma) == signs


@pytest.mark.parametrize("text,risks", [
    ("넘어졌는데 일어날 수가 없어요", ["medical_emergency"]),
    ("피가 멈추지 않아요", ["medical_emergency"]),  # the negation is the emergency
    ("피가 났는데 금방 멈췄어요", []),
    ("그 배우 연기가 숨 막히게 좋았어요", []),
    # A stroke's signs (written 2026-12-06 from the misses of the unseen answer risks).
    ("아버지 팔이 갑자기 안 움직여요", ["medical_emergency"]),
    ("컴퓨터가 갑자기 안 움직여요", []),
    ("다리가 아파서 잘 못 움직여요", []),
    ("입이 한쪽으로 돌아갔어요", ["medical_emergency"]),
    ("입 돌아가겠어요 추워서", []),
    ("입이 돌아갈 정도로 추워요", []),
    # Written 2026-12-06 (evening) from the misses of the second unseen block.
    ("남편이 숨을 안 쉬고 불러도 대답이 없어요", ["medical_emergency"]),
    ("어머니가 아침부터 불러도 눈을 못 뜨세요", ["medical_emergency"]),
    ("남편이 코를 골고 자느라 불러도 대답이 없어요", []),
    ("넘어져서 머리가 깨졌는데 피가 계속 흘러요", ["medical_emergency"]),
    ("머리가 깨질 것 같아요", []),
    ("아이가 약통을 열어서 약을 다 먹어 버렸어요", ["medical_emergency"]),
    ("아이가 감기약을 먹고 잠들었어요", []),
    # Written 2026-12-06 (night) from the misses of the fourth and fifth unseen blocks.
    ("아이가 락스를 마셨어요 어떡해요", ["medical_emergency"]),
    ("아이가 락스 냄새를 싫어해서 창문 열고 청소해요", []),
    ("아이가 감기약을 먹었어요", []),
    ("할머니가 떡 드시다가 목에 걸려서 얼굴이 새빨개요", ["medical_emergency"]),
    ("할머니가 떡 드실 때 목에 걸릴까 봐 잘게 잘라 드려요", []),
    ("감기 걸려서 목이 붓고 얼굴이 빨개요", []),
    ("남편이 갑자기 한쪽 얼굴이 처지고 말을 못 해요", ["medical_emergency"]),
    ("나이 드니까 얼굴이 처져서 속상해요", []),
    ("어머니가 화장실에서 넘어지셨는데 의식이 가물가물해요", ["medical_emergency"]),
    ("너무 졸려서 의식이 가물가물해요", []),
    ("어머니가 당뇨가 있으신데 식은땀 흘리고 제 말을 못 알아들으세요", ["medical_emergency"]),
    ("어머니가 당뇨가 있으신데 사투리를 잘 못 알아들으세요", []),
    ("할아버지가 하루 종일 불러도 멍하니 대답을 못 하세요", ["medical_emergency"]),
    ("남편이 바빠서 불러도 대답을 못 해요", []),
    ("아버지가 명치가 쥐어짜듯 아프다며 방바닥에 웅크리고 계세요", ["medical_emergency"]),
    ("아버지가 명치가 더부룩하다셔서 소화제 드렸어요", []),
])
def test_emergencies_stated(text, risks):
    assert RULES.risks([text])[0] == risks


@pytest.mark.parametrize("text,risks", [
    ("남편이 술만 마시면 주먹질을 해요", ["abuse"]),
    ("아들이 저한테 주먹을 휘둘러요", ["abuse"]),
    ("주먹질만 잘 하네요", []),  # an action film's
    ("손자가 장난으로 때리는 흉내를 내요", []),  # a blow pretended: the model may still ask
    ("사위가 술 먹고 와서 살림을 다 부수고 저를 밀어 넘어뜨려요", ["abuse"]),
    ("요양보호사가 저를 꼬집고 욕을 해요", ["abuse"]),
    ("손주가 장난으로 저를 꼬집어요", []),
    ("딸이 화나면 제 머리채를 잡고 흔들어요", ["abuse"]),
    ("그 악역 머리채 잡고 싶어진다", []),
    ("영감이 지팡이로 저를 내리쳐요", ["abuse"]),
    ("손녀 남자친구가 돈 안 주면 죽인다고 겁을 줘요", ["abuse"]),
    ("딸 남자친구가 와서 저를 의자에 묶어 놓고 갔어요", ["abuse"]),  # 2026-12-06 night, block e
    ("짐을 의자에 묶어 놨어요", []),
])
def test_fists_at_home_and_a_pretended_blow(text, risks):
    assert RULES.risks([text])[0] == risks


@pytest.mark.parametrize("text,risks,signs", [
    # A negation denies what it reaches, not a phrase earlier in the clause.
    ("잡생각이 안 나게 피가 날 때까지 손톱 옆 살을 뜯어요", [], {"suicide"}),
    ("손톱 옆 살을 피가 날 때까지 뜯지는 않아요", [], set()),
    ("잠이 안 와서 자살하고 싶어요", ["suicide"], set()),
    ("자살하고 싶지는 않아요", [], set()),
    ("절대 자살 안 해요", [], set()),
    ("밥도 안 먹고 죽고만 싶어요", ["suicide"], set()),
    ("절대 안 죽어요", [], set()),
    ("할 일이 없어서 죽고 싶어요", ["suicide"], set()),
    ("도와줄 사람이 없어서 그냥 죽고 싶어요", ["suicide"], set()),
    ("돈도 없고 살고 싶은 마음도 없어요", ["suicide"], set()),  # the negation is the risk
    ("죽고 싶은 마음은 없어요", [], set()),
])
def test_a_negation_cancels_only_what_it_reaches(text, risks, signs):
    lemma = lemma_strings([text])[0]
    assert RULES.risks_in(lemma) == risks and RULES.warning_signs(lemma) == signs


def test_a_want_to_die_after_a_denied_lack_is_escalated(shipped_classifier):
    """The rules had read the lack (nobody to help, nothing to eat) as a denial of the wish
    and dropped the model's risk with it: the shipped system heard no risk at all."""
    said = shipped_classifier.predict(["도와줄 사람이 없어서 그냥 죽고 싶어요", "밥도 안 먹고 죽고만 싶어요",
                                       "죽고 싶은 생각은 없어요"])
    assert [(p.risks, p.possible_risks) for p in said] == [(["suicide"], []), (["suicide"], []), ([], [])]


def test_a_warning_sign_is_a_possible_risk_asked_about(shipped_classifier):
    said = shipped_classifier.predict(["아침에 눈을 안 떴으면 좋겠어요", "죽고 싶어요", "연탄을 피워서 방을 데워요"])
    assert "suicide" in said[0].risks and "suicide" in said[0].possible_risks  # asked first (engine)
    assert "suicide" in said[1].risks and "suicide" not in said[1].possible_risks  # escalated at once
    assert "suicide" not in said[2].risks


@pytest.mark.parametrize("text", ["내가 없어지면 다 편할 텐데요", "이 세상에 존재하고 싶지 않아요", "인자 고만 살란다",
                                  "그냥 사라지고 싶어요", "사는 게 힘들어서 사라지고 싶어요", "내 명줄 좀 끊어 줬으면",
                                  "회사에서 잘리고 그만 살고 싶어요", "숨 끊고 싶소"])
def test_wishes_to_disappear_or_not_to_exist_are_stated_risks(text):
    assert RULES.risks([text])[0] == ["suicide"]


@pytest.mark.parametrize("text", ["시험이 없어졌으면 좋겠어요", "빚이 다 없어졌으면 좋겠어요",
                                  "모기가 사라졌으면 좋겠어요", "여기서 그만 살래요 이사 가려고요",
                                  "숨이 차서 담배 끊었어요"])
def test_something_else_gone_or_a_home_left_is_no_risk(text):
    # A wish for debts or an exam to go was escalated as one to disappear until 2026-12-06.
    assert RULES.risks([text])[0] == []


def test_a_phrase_is_read_word_by_word_not_as_a_title():
    # Kiwi's multi-word dictionary of proper nouns is not loaded (nlu/lemmas.py): with it,
    # this reads as one noun, 부치지 못한 편지/NNP, and the rules see no verb in it.
    assert lemma_strings(["부치지 못한 편지"])[0] == "부치/VV 지/EC 못하/VX ᆫ/ETM 편지/NNG"
