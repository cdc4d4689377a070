"""The officers' and administrators' workplace: the web pages where a flagged call becomes a
household helped.

auth (accounts, server-side sessions, CSRF, sign-in rate limit), labels (every code as
Korean words), summary (a case read as a consultation summary), queue (the officers'
queue), and one module of pages per area: signin, casework, reports (the public report
form), admin (campaigns, call scripts, dashboard, exports, audit log), api (the campaigns'
JSON API)."""
