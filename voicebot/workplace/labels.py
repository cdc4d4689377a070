"""Every code the officers see, as Korean words."""

from __future__ import annotations

LEVEL = {"none": "해당 없음", "low": "낮음", "moderate": "보통", "high": "높음", "urgent": "긴급"}
NEED = {"food": "식생활", "housing": "주거", "utilities": "공과금(전기·가스·수도)", "health": "건강·의료",
        "mental_health": "정신건강", "isolation": "고립·외로움", "income_debt": "소득·채무", "employment": "고용",
        "care": "돌봄"}
RISK = {"suicide": "자살 위험", "abuse": "학대·가정폭력", "medical_emergency": "응급 의료"}
INTENT = {"yes": "예", "no": "아니요", "unsure": "잘 모름", "refuse": "답변 거부", "repeat": "다시 묻기",
          "callback_later": "나중에 통화", "wrong_person": "다른 사람", "opt_out": "수신 거부",
          "request_human": "상담원 요청", "other": "기타 답변"}
INDICATOR = {"electricity_cutoff": "단전", "water_cutoff": "단수", "gas_cutoff": "단가스", "rent_arrears": "월세 체납",
             "health_insurance_arrears": "건강보험료 체납", "telecom_arrears": "통신비 체납",
             "financial_delinquency": "금융 연체", "recent_unemployment": "실직", "living_alone": "1인 가구",
             "disability": "장애", "long_term_illness": "장기 질환"}
CALL_OUTCOME = {"completed": "면담 완료", "transferred": "상담원 연결", "wrong_person": "다른 사람",
                "opt_out": "수신 거부", "callback": "다시 전화 요청", "no_consent": "면담 거절",
                "refused": "면담 거절", "hung_up": "도중에 끊김", "voicemail": "자동응답", "busy": "통화 중",
                "no-answer": "받지 않음", "failed": "연결 실패", "canceled": "취소",
                "no_interview": "면담 시작 전 종료", "not_placed": "발신 안 됨"}
CALL_STATUS = {"queued": "대기", "dialing": "발신 중", "initiated": "발신", "ringing": "신호 중",
               "in-progress": "통화 중", "completed": "종료", "busy": "통화 중",
               "no-answer": "받지 않음",
               "failed": "실패", "canceled": "취소"}
CASE_STATUS = {"open": "대기", "in_review": "상담 중", "closed": "종결"}
CASE_KIND = {"screening": "선별 결과", "no_contact": "연락 안 됨", "callback": "다시 전화",
             "request_human": "상담원 요청", "report": "주민·기관 신고"}
CASE_OUTCOME = {"services": "서비스 연계", "visit": "방문 상담 예정", "no_need": "지원 불필요",
                "unreachable": "연락 불가"}
ROLE = {"officer": "담당 공무원", "supervisor": "팀장", "admin": "관리자"}
CAMPAIGN_STATUS = {"draft": "준비", "active": "진행 중", "paused": "일시 중지", "finished": "완료", "cancelled": "취소"}
ENROLLMENT_STATE = {"pending": "대기", "scheduled": "재시도 예정", "messaged": "문자 발송", "calling": "통화 중",
                    "completed": "완료", "no_contact": "연락 안 됨", "opted_out": "수신 거부",
                    "wrong_person": "다른 사람", "call_back": "다시 전화", "declined": "면담 거절",
                    "incomplete": "면담 미완료", "cancelled": "취소"}
INSTRUMENT = {"hunger_vital_sign": "식품 불안정(Hunger Vital Sign)", "phq2": "우울(PHQ-2)", "ucla3": "외로움(UCLA-3)"}


def label(table: dict[str, str], code: str | None) -> str:
    return table.get(code or "", code or "-")
