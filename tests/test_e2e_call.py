"""Whole calls over real HTTP: uvicorn server, simulated Twilio, RQ workers on real Redis."""

import time

import httpx
import pytest
from redis import Redis
from rq import Queue
from sqlalchemy import select

from tests.conftest import REDIS, ROOT
from voicebot.campaigns.policy import ALWAYS_OPEN
from voicebot.db import CallAttempt, CallEvent, Campaign, Case, Enrollment, Household, Turn
from voicebot.households import enroll
from voicebot.jobs.answers import claim_waiting
from voicebot.processes import LocalStack
from voicebot.simulator.personas import load_personas

pytestmark = pytest.mark.slow
# The speech path (recordings fetched, Whisper, deleted) is the same on either database, and
# whole calls run on both above: it runs on one, which saves a minute of the suite.
ONE_DATABASE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _campaign(db, flow, mode, people):
    with db.session() as session:
        c = Campaign(name="t", flow_path=str(ROOT / "call_flows" / flow), answer_mode=mode, max_attempts=2,
                     retry_delay_s=1, **ALWAYS_OPEN)
        session.add(c)
        session.flush()
        directory = {}
        records = load_personas()
        for i, (persona, indicators) in enumerate(people):
            h = Household(name=f"테스트{i}", phone=f"+821055500{i:03d}", birth_year=records[persona].birth_year,
                          indicators=indicators,
                          persona=persona)
            session.add(h)
            session.flush()
            enroll(session, c, h)
            directory[h.phone] = persona
    return directory


def _wait_settled(db, stack, timeout=150):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stack.group.check()
        with db.session() as session:
            statuses = [e.status for e in session.scalars(select(Enrollment))]
        if all(s not in ("pending", "dialing", "retry") for s in statuses):
            return statuses
        time.sleep(0.3)
    raise AssertionError(f"calls did not settle: {statuses}")


def test_korean_campaign_over_the_simulated_network(db, tmp_path):
    people = [("ko_crisis_food_utilities", ["electricity_cutoff", "living_alone"]),
              ("ko_depressed_suicidal", ["recent_unemployment"]), ("busy_line", []), ("ko_wrong_person", []),
              ("ko_fine", ["living_alone"]), ("ko_depressed_quiet", ["living_alone"])]
    directory = _campaign(db, "welfare_screening_ko.yaml", "gather", people)
    stack = LocalStack(db.url, REDIS, tmp_path, time_scale=0.02, answer_workers=1,
                       extra_env={"VOICEBOT_STT_BACKEND": "simulated"})
    try:
        stack.start(directory)
        statuses = _wait_settled(db, stack)
        sim = httpx.get(f"{stack.env['VOICEBOT_SIMULATOR_URL']}/sim/calls").json()["calls"]
    finally:
        stack.stop()
    assert sorted(statuses) == ["completed", "completed", "completed", "completed", "no_contact", "wrong_person"]
    with db.session() as session:
        by_persona = {e.household.persona: e for e in session.scalars(select(Enrollment))}
        crisis = by_persona["ko_crisis_food_utilities"]
        assert crisis.crisis_level == "high"
        assert {"food", "utilities"} <= set(crisis.top_needs) | set(session.scalar(
            select(Case).where(Case.enrollment_id == crisis.id)).needs)
        # the electricity question is asked only to a household flagged for it
        asked = {t.question_id for a in crisis.attempts_log for t in a.turns}
        assert "crisis_utilities" in asked
        suicidal = by_persona["ko_depressed_suicidal"]
        case = session.scalar(select(Case).where(Case.enrollment_id == suicidal.id))
        assert case is not None and "suicide" in case.risks and case.level == "urgent"
        assert case.priority == max(c.priority for c in session.scalars(select(Case)))
        suicidal_asked = [t.question_id for a in suicidal.attempts_log for t in a.turns]
        assert "cssrs_wish" in suicidal_asked and "safety_transfer" in suicidal_asked
        # the interview resumed after the safety questions
        assert suicidal_asked.index("lonely_companionship") > suicidal_asked.index("safety_transfer")
        # Depressed but silent about it: the direct question after the positive PHQ-2 finds the risk.
        quiet = by_persona["ko_depressed_quiet"]
        quiet_case = session.scalar(select(Case).where(Case.enrollment_id == quiet.id))
        assert quiet_case is not None and quiet_case.risks == ["suicide"] and quiet_case.level == "urgent"
        quiet_turns = [t for a in quiet.attempts_log for t in a.turns]
        assert not any(t.risks for t in quiet_turns)  # nothing said was heard as a risk
        quiet_asked = [t.question_id for t in quiet_turns]
        assert quiet_asked.index("suicide_screen") == quiet_asked.index("phq2_mood") + 1
        assert "cssrs_wish" not in quiet_asked and "cssrs_thoughts" in quiet_asked
        assert quiet_asked.index("lonely_companionship") > quiet_asked.index("safety_transfer")
        # "거의 없어요", "딸이 자주 와요": frequency words on a fine household are no need
        fine = by_persona["ko_fine"]
        assert fine.crisis_level == "none" and fine.top_needs == []
        assert session.scalar(select(Case).where(Case.enrollment_id == fine.id)) is None
        busy = by_persona["busy_line"]
        assert busy.attempts == 2  # retried once, then given up
        task = session.scalar(select(Case).where(Case.enrollment_id == busy.id))
        assert task is not None and task.kind == "no_contact"  # handed to a person, not left in silence
        attempt = crisis.attempts_log[0]
        events = [e.status for e in session.scalars(select(CallEvent).where(CallEvent.attempt_id == attempt.id)
                                                    .order_by(CallEvent.id))]
        assert events == ["initiated", "ringing", "in-progress", "completed"]
        assert attempt.flow_hash and len(attempt.flow_hash) == 64
        assert all(t.status == "processed" for t in attempt.turns)
    assert all(code == 200 or code == 204 for c in sim.values() for code in c["webhook_statuses"])


@ONE_DATABASE
def test_english_call_through_whisper_recordings(db, tmp_path):
    """The audio path: espeak-ng speech, 8 kHz mu-law recordings served like Twilio's,
    fetched with credentials, transcribed by faster-whisper, then deleted."""
    directory = _campaign(db, "welfare_screening_en.yaml", "record", [("en_crisis", ["electricity_cutoff"])])
    stack = LocalStack(db.url, REDIS, tmp_path, time_scale=0.02, answer_workers=1)
    try:
        stack.start(directory)
        _wait_settled(db, stack, timeout=240)
    finally:
        stack.stop()
    with db.session() as session:
        enrollment = session.scalars(select(Enrollment)).one()
        assert enrollment.status == "completed"
        turns = session.scalars(select(Turn).join(CallAttempt).order_by(Turn.seq)).all()
        first = turns[0]
        assert first.recording_sid and first.recording_sid.startswith("RE")
        heard = (first.transcript or "").lower()
        assert ("yes" in heard or "yeah" in heard) and "me" in heard
        assert first.intent == "yes"
        assert enrollment.crisis_level in ("moderate", "high")
        assert "food" in enrollment.top_needs or "income_debt" in enrollment.top_needs


def test_an_answer_lost_with_its_worker_is_handled_again(db, tmp_path):
    """A worker that took an answer into its batch and was killed leaves no job behind; the
    call's polling notices and queues the answer again, so the interview goes on as heard."""
    directory = _campaign(db, "welfare_screening_ko.yaml", "gather", [("ko_crisis_food_utilities", [])])
    stack = LocalStack(db.url, REDIS, tmp_path, time_scale=0.02, answer_workers=0,
                       extra_env={"VOICEBOT_STT_BACKEND": "simulated"})
    try:
        stack.start(directory)
        deadline = time.monotonic() + 60
        while (first := _first_turn(db)) is None:
            assert time.monotonic() < deadline, "no answer arrived"
            time.sleep(0.1)
        queue = Queue(f"{stack.env['VOICEBOT_QUEUE_PREFIX']}-answers", connection=Redis.from_url(REDIS))
        # The webhook stores the turn, then queues its job: the job can lag the row we saw.
        while not (claimed := claim_waiting(queue, 1)):  # what a worker does before it is killed
            assert time.monotonic() < deadline, "the answer was never queued"
            time.sleep(0.05)
        assert claimed == [first]
        stack.group.start("worker-answers-late", "worker", "answers")
        _wait_settled(db, stack)
    finally:
        stack.stop()
    with db.session() as session:
        enrollment = session.scalars(select(Enrollment)).one()
        assert enrollment.status == "completed"
        turn = session.get_one(Turn, first)
        assert turn.status == "processed" and turn.transcript and turn.intent == "yes"
    logs = "".join(p.read_text() for p in (tmp_path / "logs").glob("*.log"))
    assert f"answer {first}: job lost, handed over again" in logs


def _first_turn(db) -> int | None:
    with db.session() as session:
        return session.scalar(select(Turn.id).order_by(Turn.id).limit(1))


def test_keys_answer_where_speech_was_not_heard(db, tmp_path):
    """A caller whose words do not come through: each question is asked again with keys
    (<Gather input="dtmf speech">), and the keys pressed answer it."""
    directory = _campaign(db, "welfare_screening_ko.yaml", "gather", [("ko_keypad", [])])
    stack = LocalStack(db.url, REDIS, tmp_path, time_scale=0.02, answer_workers=1,
                       extra_env={"VOICEBOT_STT_BACKEND": "simulated"})
    try:
        stack.start(directory)
        _wait_settled(db, stack)
    finally:
        stack.stop()
    with db.session() as session:
        turns = session.scalars(select(Turn).order_by(Turn.id)).all()
        keyed = {t.question_id: t for t in turns if t.digits}
        assert {"identity", "consent", "health", "income"} <= set(keyed)
        assert keyed["health"].status == "processed" and all(t.digits == "1" for t in keyed.values())
        enrollment = session.scalars(select(Enrollment)).one()
        attempt = enrollment.attempts_log[-1]
        assert attempt.dialogue_state["scores"].get("health") == 2  # key 1 = yes: the health need counted
        assert "phq2_mood" in attempt.dialogue_state["path"]  # frequency questions answered by key too


SHARED_SPEECH = ROOT.parent / "shared" / "speech"


@pytest.mark.skipif(not (SHARED_SPEECH / "manifest.tsv").exists(), reason="no shared Korean speech")
@ONE_DATABASE
def test_real_korean_speech_through_whisper(db, tmp_path):
    """A caller who speaks real Korean recordings (../shared/speech): the answers travel as
    8 kHz mu-law recordings and are heard by Whisper, not read from the simulator."""
    import csv

    import jiwer

    directory = _campaign(db, "welfare_screening_ko.yaml", "record", [("ko_recorded", [])])
    stack = LocalStack(db.url, REDIS, tmp_path, time_scale=0.02, answer_workers=1)
    try:
        stack.start(directory)
        _wait_settled(db, stack, timeout=240)
        sim = httpx.get(f"{stack.env['VOICEBOT_SIMULATOR_URL']}/sim/calls").json()["calls"]
    finally:
        stack.stop()
    refs = {r["name"]: r["transcript_spoken"] for r in
            csv.DictReader((SHARED_SPEECH / "manifest.tsv").open(encoding="utf-8"), delimiter="\t")}
    squash = lambda s: "".join(ch for ch in s if ch.isalnum())  # noqa: E731
    errors = []
    with db.session() as session:
        for sid, call in sim.items():
            played = [t.removeprefix("<clip:").rstrip(">") for who, t in call["transcript"]
                      if who == "callee" and t.startswith("<clip:")]
            attempt = session.scalar(select(CallAttempt).where(CallAttempt.call_sid == sid))
            # Through Whisper the answers to a recorded question; a question asked again with keys
            # is a <Gather>, heard by Twilio's recogniser (the simulator's: the reference).
            answered = [t for t in attempt.turns if t.transcript is not None or t.recording_sid]
            assert len(answered) == len(played) >= 4
            errors += [jiwer.cer(squash(refs[name]), squash(turn.transcript or "") or "-")
                       for name, turn in zip(played, answered, strict=True) if turn.recording_sid]
    assert len(errors) >= 6 and sorted(errors)[len(errors) // 2] < 0.2, errors  # the median Whisper answer
