"""gunicorn's configuration: `.venv/bin/gunicorn -c gunicorn.conf.py portal.wsgi`.

Made for the README's server: gunicorn on loopback behind a TLS proxy (Caddy, nginx, a
load balancer), beside PostgreSQL and the background worker. Variables may come from the
environment or `.env`, as the settings' do; options given on the command line win.
"""

import os

from portal.environment import read_dotenv
from portal.serving import close_connections_before_fork, default_workers

read_dotenv()

# Where to listen: loopback, for the TLS proxy on the same machine. Another machine's
# proxy or load balancer: the address of this one's private interface, e.g. 10.0.0.5:8000.
bind = os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000"
# One per core, at least two: portal.serving.default_workers says why not 2 x cores + 1.
workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers())
# Two threads a worker: one runs a request while the other waits for PostgreSQL, Redis
# or S3, for less memory than another process. Threads also keep the proxy's connections
# open between requests (gunicorn's sync workers close every one).
worker_class = "gthread"
threads = 2

# A request still running after 30 s is stuck (S3 and email give up within seconds): its
# worker is killed and replaced. On a restart, running requests get 30 s to finish.
timeout = 30
graceful_timeout = 30
# Longer than the proxy keeps an idle connection to us (nginx 60 s, AWS ALB 60 s), so that
# the proxy, not gunicorn, closes it: otherwise a request sent as gunicorn closes the
# connection is lost (a 502 for the visitor).
keepalive = 75

# Each worker is replaced after about 2,000 requests (jitter: not all at once), so a slow
# leak in a library never grows into a server out of memory.
max_requests = 2000
max_requests_jitter = 200

# The site is imported once, in the master, before the workers are forked: they share its
# memory, and a server that refuses to start (portal/apps.py, portal/wsgi.py: settings,
# the static files manifest, a public bucket) says so once and exits, instead of each
# worker failing in turn. What that import opened is closed before each fork (shared
# sockets would mix the workers' answers).
preload_app = True


def pre_fork(server, worker):
    close_connections_before_fork()


# The TLS proxy on this machine may say the visitor came over HTTPS (X-Forwarded-Proto);
# nobody else may. The settings trust that header only with TRUST_X_FORWARDED_PROTO.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

# Logs on standard output and error, for systemd's journal. The access log leaves out
# query strings, the Referer and the secret part of the consent withdrawal and password
# reset links (portal.serving.AccessLogger): they may hold a token or an email address.
accesslog = "-"
errorlog = "-"
logger_class = "portal.serving.AccessLogger"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# gunicorn's run-time control socket sits at one path per user ($HOME/.gunicorn): a second
# gunicorn on the machine (another app server, a benchmark) would take it over. The
# process manager starts and stops gunicorn; nothing needs the socket.
control_socket_disable = True
