"""Runs acceptance/stub_openai.py's StubOpenAI inside a pod: the API on :8000 and, on :8001, the recorded
requests as JSON (GET /requests: model, kind, path, api_key, status, messages) so a test can check what reached
it. The stub itself only binds loopback; a pod's loopback is private, so a relay on the pod's address forwards
:8000 to it byte for byte. With a certificate mounted at /tls (tls.crt, tls.key), the same API is also served
over TLS on :8443, for a caller that must trust the certificate's CA."""
import json
import os
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from stub_openai import StubOpenAI


def relay(stub_port: int, listen_port: int, tls: ssl.SSLContext | None = None) -> None:
    srv = socket.create_server(("0.0.0.0", listen_port), reuse_port=False, backlog=64)

    def pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while True:
                data = a.recv(65536)
                if not data:
                    break
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def connect(client: socket.socket) -> None:
        try:
            if tls is not None:
                client = tls.wrap_socket(client, server_side=True)
            upstream = socket.create_connection(("127.0.0.1", stub_port))
        except (OSError, ssl.SSLError) as e:
            print(f"relay :{listen_port}: {e}", flush=True)
            client.close()
            return
        threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()
        pipe(client, upstream)

    while True:
        client, _ = srv.accept()
        threading.Thread(target=connect, args=(client,), daemon=True).start()


def messages(r) -> list:
    return r.body.get("messages", []) if isinstance(r.body, dict) else []


def main() -> None:
    stub = StubOpenAI().start()

    class Requests(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path == "/healthz":
                body = b"ok"
            else:
                body = json.dumps([{"model": r.model, "kind": r.kind, "path": r.path, "api_key": r.api_key,
                                    "status": r.status, "messages": messages(r)} for r in stub.history]).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    threading.Thread(target=relay, args=(stub.port, 8000), daemon=True).start()
    if os.path.exists("/tls/tls.crt"):
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain("/tls/tls.crt", "/tls/tls.key")
        threading.Thread(target=relay, args=(stub.port, 8443, tls), daemon=True).start()
        print("the same API over TLS on :8443", flush=True)
    print(f"stub upstream on :8000 (loopback :{stub.port}), recorded requests on :8001/requests", flush=True)
    ThreadingHTTPServer(("0.0.0.0", 8001), Requests).serve_forever()


if __name__ == "__main__":
    main()
