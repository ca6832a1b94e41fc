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
# The application logs on stdout (JSON in production, see quorum/settings.py);
# gunicorn's own lines (start, workers booted or killed, timeouts) go there
# too, in the same form, so that the log collector reads one stream.
errorlog = "-"
accesslog = None  # the proxy keeps the access log
_LOG_FORMAT = os.environ.get(
    "QUORUM_LOG_FORMAT",
    "json" if os.environ.get("QUORUM_ENV") == "production" else "plain",
)
if _LOG_FORMAT == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s",
                "rename_fields": {"levelname": "level"},
                "timestamp": "time",
            }
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        # No level here: gunicorn's own (loglevel, --log-level) stays.
        "root": {"handlers": ["console"]},
        "loggers": {"gunicorn.error": {"handlers": ["console"], "propagate": False}},
    }
forwarded_allow_ips = os.environ.get("QUORUM_PROXY_IPS", "127.0.0.1")
# gunicorn's control socket (in the home folder of the user it runs as) is
# not used by Quorum: off, so that a system user without a home folder, or
# two servers on one machine, do not trip on it.
control_socket_disable = True
