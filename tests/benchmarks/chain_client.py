#!/usr/bin/python3
"""The chain of docs/getting-started.md with Python's standard library only: one kept-alive connection,
POST /oauth/token with form fields, then GET /api/me with the Bearer token, N times. The floor
set by the server for run-benchmarks.sh. Usage: chain_client.py BASE_URL [N]"""

import http.client
import json
import sys
import time
import urllib.parse


def main():
    base = urllib.parse.urlsplit(sys.argv[1])
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    if base.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("chain_client.py: loopback only")
    form = urllib.parse.urlencode({
        "grant_type": "client_credentials",
        "client_id": "demo-client",
        "client_secret": "demo-secret",
        "scope": "read",
    })
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=40)
    started = time.perf_counter()
    for _ in range(repeat):
        connection.request("POST", "/oauth/token", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        })
        response = connection.getresponse()
        token = json.loads(response.read())
        if response.status != 200:
            sys.exit(f"chain_client.py: token request answered {response.status}")
        connection.request("GET", "/api/me", headers={
            "Authorization": f"{token['token_type']} {token['access_token']}",
            "Accept": "application/json",
        })
        response = connection.getresponse()
        me = json.loads(response.read())
        if response.status != 200 or "client_id" not in json.dumps(me):
            sys.exit(f"chain_client.py: /api/me answered {response.status}")
    elapsed = time.perf_counter() - started
    connection.close()
    print(f"{repeat} chains in {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    main()
