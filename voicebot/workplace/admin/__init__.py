"""The administrators' pages: campaigns, call scripts, the dashboard, exports, the audit log."""

from fastapi import APIRouter

from voicebot.workplace.admin import audit, campaigns, dashboard, exports, flows

router = APIRouter(prefix="/admin", include_in_schema=False)
for module in (campaigns, flows, dashboard, exports, audit):
    router.include_router(module.router)
