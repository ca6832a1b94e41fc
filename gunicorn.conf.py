"""gunicorn's settings for Quorum (read from the working directory; see
docs/deploiement.md). Each value can be changed by the environment."""

import os

# Where the load balancer or the HTTPS proxy sends the requests.
bind = os.environ.get("QUORUM_BIND", "127.0.0.1:8000")
# Sync workers: Quorum's requests are short and wait on PostgreSQL, not on
# the network; the slow work (conversions, sending) is the task workers'.
# gunicorn's own WEB_CONCURRENCY, else two per core plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
# An upload of QUORUM_MAX_UPLOAD_MB on a slow line, a dossier streamed back.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Restart each worker now and then: a leak cannot grow for ever.
max_requests = 2_000
max_requests_jitter = 200
# The application logs as JSON on stdout; gunicorn's own errors go there too.
errorlog = "-"
accesslog = None  # the proxy keeps the access log
forwarded_allow_ips = os.environ.get("QUORUM_PROXY_IPS", "127.0.0.1")
