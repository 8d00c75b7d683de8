#!/usr/bin/env bash
# Starts a real SMTP receiver for the mail tests: aiosmtpd (Debian python3-aiosmtpd) on a free
# loopback port, storing every message it accepts in a Maildir (<dir>/new/).
# Usage: source .ci/smtp.sh; smtp_start; … ; smtp_stop
# Sets TAUAR_TEST_SMTP_URL (smtp://127.0.0.1:PORT) and TAUAR_TEST_MAILDIR, which
# notify::testing::sink_from_env() picks up. Uses the system /usr/bin/python3 (not pyenv's).

SMTP_PYTHON=/usr/bin/python3

smtp_install() {
  if ! "$SMTP_PYTHON" -c 'import aiosmtpd' >/dev/null 2>&1; then
    echo "== installing python3-aiosmtpd from Debian packages"
    local sudo=()
    if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd >/dev/null
  fi
}

smtp_free_port() {
  "$SMTP_PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

smtp_start() {
  smtp_install
  SMTP_DIR=$(mktemp -d /tmp/tauar-smtp.XXXXXX)
  SMTP_PORT=$(smtp_free_port)
  # A Maildir must have all three folders: Python's mailbox.Maildir creates them only for a new
  # directory.
  mkdir -p "$SMTP_DIR/maildir/new" "$SMTP_DIR/maildir/cur" "$SMTP_DIR/maildir/tmp"
  "$SMTP_PYTHON" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$SMTP_DIR/maildir" \
    >"$SMTP_DIR/log" 2>&1 &
  SMTP_PID=$!
  local i
  for i in $(seq 1 100); do
    if ! kill -0 "$SMTP_PID" 2>/dev/null; then
      echo "aiosmtpd exited at start:" >&2
      cat "$SMTP_DIR/log" >&2
      return 1
    fi
    if "$SMTP_PYTHON" -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close()' "$SMTP_PORT" 2>/dev/null; then
      export TAUAR_TEST_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
      export TAUAR_TEST_MAILDIR="$SMTP_DIR/maildir"
      echo "== aiosmtpd $("$SMTP_PYTHON" -c 'import aiosmtpd; print(aiosmtpd.__version__)') on port $SMTP_PORT, Maildir $TAUAR_TEST_MAILDIR"
      return 0
    fi
    sleep 0.1
  done
  echo "aiosmtpd did not accept connections on port $SMTP_PORT within 10 s" >&2
  smtp_stop
  return 1
}

smtp_stop() {
  if [ -n "${SMTP_PID:-}" ]; then
    kill "$SMTP_PID" 2>/dev/null || true
    wait "$SMTP_PID" 2>/dev/null || true
    SMTP_PID=
  fi
  if [ -n "${SMTP_DIR:-}" ] && [ -d "$SMTP_DIR" ]; then
    rm -rf "$SMTP_DIR"
  fi
  SMTP_DIR=
  unset TAUAR_TEST_SMTP_URL TAUAR_TEST_MAILDIR
}
