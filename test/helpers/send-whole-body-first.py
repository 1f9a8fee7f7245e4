"""A client in the style the lingering-close tests need: Python's own
http.client, which sends a request's whole body before it reads a byte of
the answer (as the scripts and libraries built on it do).

    python3 send-whole-body-first.py PORT PATH SIZE declared|chunked [HEADER:VALUE ...]

Sends SIZE bytes to 127.0.0.1:PORT, with a declared Content-Length or
chunked, and prints one JSON object: the answer's status, headers and body,
and, when the answer left the connection open, the status of a GET
/execute sent on the same connection; or the error the client met.
"""
import http.client
import json
import sys

port, path, size, mode = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
headers = dict(h.split(":", 1) for h in sys.argv[5:])
chunk = b"x" * (1 << 20)


def body():
    sent = 0
    while sent < size:
        part = chunk[: min(len(chunk), size - sent)]
        sent += len(part)
        yield part


result = {}
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
try:
    if mode == "chunked":
        conn.request("POST", path, body=body(), headers=headers, encode_chunked=True)
    else:
        conn.request("POST", path, body=body(), headers={**headers, "Content-Length": str(size)})
    answer = conn.getresponse()
    result = {
        "status": answer.status,
        "headers": {k.lower(): v for k, v in answer.getheaders()},
        "body": answer.read().decode("utf-8", "replace"),
        "closed": answer.will_close,
    }
    if not answer.will_close:
        conn.request("GET", "/execute")
        result["next"] = conn.getresponse().status
except Exception as error:  # the point of the tests: which one, if any
    result["error"] = f"{type(error).__name__}: {error}"
finally:
    conn.close()
print(json.dumps(result))
