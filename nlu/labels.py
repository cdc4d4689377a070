"""The taxonomy fixed by CONTRACT.md."""

INTENTS: tuple[str, ...] = (
    "yes", "no", "unsure", "refuse", "repeat", "callback_later",
    "wrong_person", "opt_out", "request_human", "other",
)
NEEDS: tuple[str, ...] = (
    "food", "housing", "utilities", "health", "mental_health",
    "isolation", "income_debt", "employment", "care",
)
RISKS: tuple[str, ...] = ("suicide", "abuse", "medical_emergency")
GLOBAL_INTENTS: tuple[str, ...] = ("repeat", "callback_later", "wrong_person", "opt_out", "request_human")
