#!/usr/bin/python3
"""The floor for the flow benchmark of run-benchmarks.sh, with Python's standard library only:
one kept-alive connection; a token, then one POST /api/items per item of a list of N, the
answers collected into one list (what Iterator -> HTTP request -> Array aggregator does).
Usage: flow_client.py BASE_URL [N]"""

import http.client
import json
import sys
import time
import urllib.parse


def main():
    base = urllib.parse.urlsplit(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    if base.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("flow_client.py: loopback only")
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=40)
    started = time.perf_counter()
    connection.request("POST", "/oauth/token", body=urllib.parse.urlencode({
        "grant_type": "client_credentials", "client_id": "demo-client",
        "client_secret": "demo-secret", "scope": "read write"}), headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
    response = connection.getresponse()
    token = json.loads(response.read())
    if response.status != 200:
        sys.exit(f"flow_client.py: token request answered {response.status}")
    authorization = f"{token['token_type']} {token['access_token']}"
    items = [{"name": f"Item {i}", "price": i} for i in range(1, count + 1)]
    collected = []
    for item in items:
        connection.request("POST", "/api/items", body=json.dumps(item), headers={
            "Authorization": authorization, "Content-Type": "application/json",
            "Accept": "application/json"})
        response = connection.getresponse()
        created = json.loads(response.read())
        if response.status != 201:
            sys.exit(f"flow_client.py: POST /api/items answered {response.status}")
        collected.append({"id": created["id"], "name": created["name"]})
    elapsed = time.perf_counter() - started
    connection.close()
    if len(collected) != count:
        sys.exit("flow_client.py: items were lost")
    print(f"{count} items in {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    main()
