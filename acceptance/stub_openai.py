"""A small OpenAI-compatible upstream stub for LiteLLM acceptance tests (stdlib only).

It binds to 127.0.0.1 on a free port, records every request, and answers:

* chat:        /v1/chat/completions, /chat/completions, /openai/v1/chat/completions,
               /openai/deployments/<dep>/chat/completions (Azure style, ``?api-version=``)
* embeddings:  /v1/embeddings, /embeddings, /openai/v1/embeddings,
               /openai/deployments/<dep>/embeddings
* models:      /v1/models, /models, /openai/v1/models
* anthropic:   /v1/messages (Anthropic Messages API shape; credential in ``x-api-key``)
* rerank:      /v1/rerank, /v2/rerank (Cohere shape)
* images:      /openai/deployments/<dep>/images/generations, /v1/images/generations
* responses:   /v1/responses, /openai/responses, /openai/v1/responses (Responses API shape)
* webhook:     any POST under /webhook/ (e.g. a Slack incoming-webhook URL): 200 "ok"

with OpenAI-shaped JSON (``usage`` included; chat supports ``stream: true`` as SSE).
The "upstream model" of a request is the Azure deployment name when the path has one,
else the JSON body's ``model``. Failures and delays are injected per upstream model.

Usage::

    with StubOpenAI() as stub:
        stub.fail("gpt-a", status=429, times=2)     # next 2 requests for gpt-a get 429
        ... point LiteLLM at stub.base_url_v1 ...
        reqs = stub.requests_for(model="gpt-a", kind="chat")
        assert reqs[-1].api_key == "sk-upstream"
"""

from __future__ import annotations

import base64
import json
import re
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, urlsplit

__all__ = ["StubOpenAI", "RecordedRequest", "FailureRule"]

_AZURE_RE = re.compile(r"^/openai/deployments/(?P<dep>[^/]+)/(?P<op>chat/completions|embeddings|images/generations)$")
_AZURE_KIND = {"chat/completions": "chat", "embeddings": "embeddings", "images/generations": "images"}
_EMBED_DIM = 8


@dataclass
class RecordedRequest:
    """One request as the stub saw it."""

    seq: int                      # 1-based arrival order
    method: str
    path: str                     # without the query string
    query: dict[str, list[str]]   # parsed query string, e.g. {"api-version": ["2024-10-21"]}
    headers: dict[str, str]       # lower-cased header names
    body: Any                     # parsed JSON body (None if empty / not JSON)
    raw_body: bytes
    kind: str                     # "chat" | "embeddings" | "models" | "messages" | "rerank" |
                                  # "images" | "responses" | "webhook" | "unknown"
    deployment: Optional[str]     # Azure deployment name from the path, if any
    model: Optional[str]          # deployment if present, else body["model"]
    time: float
    status: int = 0               # HTTP status the stub answered with (0 while in flight)

    @property
    def api_key(self) -> Optional[str]:
        """The credential the caller sent: ``api-key`` (Azure) or ``x-api-key`` (Anthropic)
        header, else the Bearer token."""
        for h in ("api-key", "x-api-key"):
            if h in self.headers:
                return self.headers[h]
        auth = self.headers.get("authorization")
        if auth and auth.lower().startswith("bearer "):
            return auth[7:].strip()
        return auth

    @property
    def api_version(self) -> Optional[str]:
        vals = self.query.get("api-version")
        return vals[0] if vals else None

    @property
    def stream(self) -> bool:
        return isinstance(self.body, dict) and bool(self.body.get("stream"))


@dataclass
class FailureRule:
    status: int = 500
    remaining: Optional[int] = None   # None = always
    message: Optional[str] = None
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None                  # full JSON body override


class StubOpenAI:
    """OpenAI-compatible stub server. Thread-safe; use as a context manager or start()/stop()."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, models: Optional[list[str]] = None):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the stub only binds to loopback")
        self._host = host
        self._want_port = port
        self._models = list(models) if models else None
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._requests: list[RecordedRequest] = []
        self._history: list[RecordedRequest] = []   # every request ever, clear() does not touch it
        self._failures: dict[str, FailureRule] = {}
        self._delays: dict[str, float] = {}
        self._replies: dict[str, str] = {}
        self._seq = 0
        self._server: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    # ---- lifecycle -------------------------------------------------------
    def start(self) -> "StubOpenAI":
        if self._server is not None:
            return self
        stub = self

        class Handler(_Handler):
            owner = stub

        server = ThreadingHTTPServer((self._host, self._want_port), Handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"stub-openai-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> "StubOpenAI":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ---- addresses -------------------------------------------------------
    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("stub not started")
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT (Azure api_base)."""
        return f"http://{self._host}:{self.port}"

    @property
    def base_url_v1(self) -> str:
        """http://127.0.0.1:PORT/v1 (OpenAI api_base)."""
        return self.url + "/v1"

    # ---- recorded requests -----------------------------------------------
    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def history(self) -> list[RecordedRequest]:
        """Every request since start, including those clear() forgot."""
        with self._lock:
            return list(self._history)

    def requests_for(self, model: Optional[str] = None, kind: Optional[str] = None,
                     path: Optional[str] = None) -> list[RecordedRequest]:
        """Recorded requests filtered by upstream model, kind and/or exact path."""
        return [r for r in self.requests
                if (model is None or r.model == model)
                and (kind is None or r.kind == kind)
                and (path is None or r.path == path)]

    def clear(self) -> None:
        """Forget recorded requests (failure rules and delays stay)."""
        with self._lock:
            self._requests.clear()

    def wait_for_requests(self, count: int, timeout: float = 10.0,
                          predicate: Optional[Callable[[RecordedRequest], bool]] = None) -> list[RecordedRequest]:
        """Block until at least ``count`` recorded requests match ``predicate``; raise TimeoutError."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                got = [r for r in self._requests if predicate is None or predicate(r)]
                if len(got) >= count:
                    return got
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"wanted {count} matching requests, got {len(got)}")
                self._cond.wait(left)

    # ---- behaviour injection ---------------------------------------------
    def fail(self, model: str, status: int = 500, times: Optional[int] = None, *,
             message: Optional[str] = None, headers: Optional[dict[str, str]] = None,
             body: Any = None) -> None:
        """Answer requests for upstream ``model`` (body model or Azure deployment; "*" = any)
        with ``status``, ``times`` times (None = always). ``headers`` e.g. {"Retry-After": "0"}."""
        if times is not None and times <= 0:
            raise ValueError("times must be positive or None")
        with self._lock:
            self._failures[model] = FailureRule(status, times, message, dict(headers or {}), body)

    def clear_failures(self, model: Optional[str] = None) -> None:
        with self._lock:
            if model is None:
                self._failures.clear()
            else:
                self._failures.pop(model, None)

    def set_delay(self, model: str, seconds: float) -> None:
        """Sleep ``seconds`` before answering requests for ``model`` ("*" = any); 0 removes."""
        with self._lock:
            if seconds > 0:
                self._delays[model] = seconds
            else:
                self._delays.pop(model, None)

    def set_reply(self, model: str, content: str) -> None:
        """Fixed chat reply text for ``model`` (default: "stub reply #<seq> from <model>")."""
        with self._lock:
            self._replies[model] = content

    # ---- internals used by the handler -----------------------------------
    def _record(self, req: RecordedRequest) -> None:
        with self._cond:
            self._requests.append(req)
            self._history.append(req)
            self._cond.notify_all()

    def _next_seq(self) -> int:
        with self._lock:
            self._seq += 1
            return self._seq

    def _take_failure(self, model: Optional[str]) -> Optional[FailureRule]:
        with self._lock:
            for key in (model, "*"):
                if key is None or key not in self._failures:
                    continue
                rule = self._failures[key]
                if rule.remaining is not None:
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        del self._failures[key]
                return rule
            return None

    def _delay_for(self, model: Optional[str]) -> float:
        with self._lock:
            return self._delays.get(model or "", self._delays.get("*", 0.0))

    def _reply_for(self, model: Optional[str], seq: int) -> str:
        with self._lock:
            return self._replies.get(model or "", f"stub reply #{seq} from {model}")

    def _model_ids(self) -> list[str]:
        if self._models is not None:
            return list(self._models)
        seen = {r.model for r in self.requests if r.model and r.kind != "models"}
        return sorted(seen | {"gpt-stub"})


class _Handler(BaseHTTPRequestHandler):
    owner: StubOpenAI
    protocol_version = "HTTP/1.1"
    server_version = "stub-openai/1"
    timeout = 30  # idle keep-alive connections are dropped after this

    def log_message(self, fmt, *args):  # keep pytest output clean
        pass

    def do_GET(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def do_DELETE(self):
        self._handle()

    def _handle(self) -> None:
        stub = self.owner
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None

        deployment = None
        m = _AZURE_RE.match(path)
        if m:
            deployment = m.group("dep")
            kind = _AZURE_KIND[m.group("op")]
        elif path.startswith("/webhook/"):
            kind = "webhook"
        elif path.endswith("/chat/completions") or path == "/chat/completions":
            kind = "chat"
        elif path.endswith("/embeddings") or path == "/embeddings":
            kind = "embeddings"
        elif path.endswith("/models") or path == "/models":
            kind = "models"
        elif path.endswith("/v1/messages"):
            kind = "messages"
        elif path.endswith("/v1/rerank") or path.endswith("/v2/rerank"):
            kind = "rerank"
        elif path.endswith("/images/generations"):
            kind = "images"
        elif path.endswith("/responses"):
            kind = "responses"
        else:
            kind = "unknown"
        model = deployment or (body.get("model") if isinstance(body, dict) else None)

        rec = RecordedRequest(
            seq=stub._next_seq(), method=self.command, path=path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body, raw_body=raw, kind=kind, deployment=deployment, model=model,
            time=time.time(),
        )

        stub._record(rec)  # recorded on arrival; rec.status is filled in when answered
        delay = stub._delay_for(model)
        if delay:
            time.sleep(delay)

        rule = stub._take_failure(model) if kind not in ("models", "webhook") else None
        if rule is not None:
            payload = rule.body if rule.body is not None else {"error": {
                "message": rule.message or f"stub injected failure {rule.status} for {model}",
                "type": "rate_limit_error" if rule.status == 429 else "server_error",
                "param": None, "code": str(rule.status)}}
            rec.status = rule.status
            self._send_json(rule.status, payload, rule.headers)
            return

        expected_method = "GET" if kind == "models" else "POST"
        if kind == "unknown" or self.command != expected_method:
            rec.status = 404
            self._send_json(404, {"error": {"message": f"stub: no route {self.command} {path}",
                                             "type": "invalid_request_error", "param": None,
                                             "code": "not_found"}})
            return

        rec.status = 200
        if kind == "webhook":
            self._send_text(200, "ok")
        elif kind == "messages":
            body = body if isinstance(body, dict) else {}
            self._send_json(200, _messages_response(body, model, rec.seq, stub._reply_for(model, rec.seq)))
        elif kind == "rerank":
            self._send_json(200, _rerank_response(body if isinstance(body, dict) else {}, rec.seq))
        elif kind == "images":
            self._send_json(200, {"created": int(time.time()), "data": [
                {"b64_json": base64.b64encode(_PNG_1x1).decode(), "revised_prompt": None}]})
        elif kind == "responses":
            body = body if isinstance(body, dict) else {}
            self._send_json(200, _responses_response(body, model, rec.seq, stub._reply_for(model, rec.seq)))
        elif kind == "models":
            self._send_json(200, {"object": "list", "data": [
                {"id": mid, "object": "model", "created": 1700000000, "owned_by": "stub"}
                for mid in stub._model_ids()]})
        elif kind == "embeddings":
            self._send_json(200, _embeddings_response(body if isinstance(body, dict) else {}, model))
        else:
            body = body if isinstance(body, dict) else {}
            content = stub._reply_for(model, rec.seq)
            if body.get("stream"):
                self._send_stream(body, model, rec.seq, content)
            else:
                self._send_json(200, _chat_response(body, model, rec.seq, content))

    def _send_json(self, status: int, payload: Any, headers: Optional[dict[str, str]] = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _send_text(self, status: int, text: str) -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_stream(self, body: dict, model: Optional[str], seq: int, content: str) -> None:
        # close-delimited SSE body (valid HTTP/1.1 without Content-Length)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        cid, created = f"chatcmpl-stub-{seq}", int(time.time())

        def chunk(delta: dict, finish: Optional[str], usage: Optional[dict] = None) -> None:
            obj = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish}] if delta is not None else []}
            if usage is not None:
                obj["usage"] = usage
            self.wfile.write(b"data: " + json.dumps(obj).encode() + b"\n\n")
            self.wfile.flush()

        chunk({"role": "assistant", "content": ""}, None)
        words = content.split(" ")
        for i, w in enumerate(words):
            chunk({"content": w if i == 0 else " " + w}, None)
        chunk({}, "stop")
        if (body.get("stream_options") or {}).get("include_usage"):
            chunk(None, None, _usage(_prompt_tokens(body), len(words)))
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


def _prompt_tokens(body: dict) -> int:
    n = 0
    for msg in body.get("messages") or []:
        c = msg.get("content") if isinstance(msg, dict) else None
        if isinstance(c, str):
            n += max(1, len(c.split()))
        elif isinstance(c, list):
            n += sum(max(1, len(str(p.get("text", "")).split())) for p in c if isinstance(p, dict))
    return max(n, 1)


def _usage(prompt: int, completion: int) -> dict:
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _chat_response(body: dict, model: Optional[str], seq: int, content: str) -> dict:
    completion = len(content.split())
    return {
        "id": f"chatcmpl-stub-{seq}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": "fp_stub",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                     "logprobs": None, "finish_reason": "stop"}],
        "usage": _usage(_prompt_tokens(body), completion),
    }


def _embeddings_response(body: dict, model: Optional[str]) -> dict:
    inp = body.get("input", "")
    if isinstance(inp, str) or (isinstance(inp, list) and inp and isinstance(inp[0], int)):
        inputs = [inp]
    else:
        inputs = list(inp) if isinstance(inp, list) else [inp]
    b64 = body.get("encoding_format") == "base64"
    data, tokens = [], 0
    for i, item in enumerate(inputs):
        text = item if isinstance(item, str) else " ".join(map(str, item))
        tokens += max(1, len(text.split()))
        vec = [((zlib.crc32(f"{j}:{text}".encode()) % 2000) - 1000) / 1000.0 for j in range(_EMBED_DIM)]
        emb: Any = base64.b64encode(struct.pack(f"<{_EMBED_DIM}f", *vec)).decode() if b64 else vec
        data.append({"object": "embedding", "index": i, "embedding": emb})
    return {"object": "list", "data": data, "model": model,
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}


def _messages_response(body: dict, model: Optional[str], seq: int, content: str) -> dict:
    """Anthropic Messages API response."""
    prompt = 0
    for msg in body.get("messages") or []:
        c = msg.get("content") if isinstance(msg, dict) else None
        if isinstance(c, str):
            prompt += max(1, len(c.split()))
        elif isinstance(c, list):
            prompt += sum(max(1, len(str(p.get("text", "")).split())) for p in c if isinstance(p, dict))
    return {
        "id": f"msg_stub_{seq}", "type": "message", "role": "assistant", "model": model,
        "content": [{"type": "text", "text": content}],
        "stop_reason": "end_turn", "stop_sequence": None,
        "usage": {"input_tokens": max(prompt, 1), "output_tokens": len(content.split())},
    }


def _rerank_response(body: dict, seq: int) -> dict:
    """Cohere /v1/rerank response: documents scored in reverse input order."""
    docs = body.get("documents") or []
    n = len(docs)
    results = [{"index": i, "relevance_score": round(1.0 - i / max(n, 1) / 2, 4)} for i in range(n)]
    top_n = body.get("top_n")
    if isinstance(top_n, int):
        results = results[:top_n]
    return {"id": f"rerank-stub-{seq}", "results": results,
            "meta": {"api_version": {"version": "1"}, "billed_units": {"search_units": 1}}}


# a valid 1x1 transparent PNG
_PNG_1x1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def _responses_response(body: dict, model: Optional[str], seq: int, content: str) -> dict:
    """OpenAI Responses API response (non-streaming)."""
    inp = body.get("input")
    prompt = max(1, len(inp.split())) if isinstance(inp, str) else 1
    out = len(content.split())
    return {
        "id": f"resp_stub_{seq}", "object": "response", "created_at": int(time.time()),
        "status": "completed", "model": model, "error": None, "incomplete_details": None,
        "output": [{"type": "message", "id": f"msg_stub_{seq}", "status": "completed", "role": "assistant",
                    "content": [{"type": "output_text", "text": content, "annotations": []}]}],
        "parallel_tool_calls": True, "tool_choice": "auto", "tools": [],
        "usage": {"input_tokens": prompt, "output_tokens": out, "total_tokens": prompt + out,
                  "input_tokens_details": {"cached_tokens": 0},
                  "output_tokens_details": {"reasoning_tokens": 0}},
    }
