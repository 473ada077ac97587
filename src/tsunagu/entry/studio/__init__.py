"""The staff studio (`tsunagu studio`): a local web app on 127.0.0.1 for staff who are not programmers.

Thin, like every entry point: pages parse a form, call services (same-day operations) or makers (the
round-trip programme editor, the validation `tsunagu check` runs) and render what came back. Access is
guarded in `access`: a one-time login token, a session cookie, a CSRF token in every form, a Host check
and a strict Content-Security-Policy on every response.
"""
