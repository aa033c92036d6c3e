"""A minimal OTLP/gRPC trace receiver on 127.0.0.1 that records the spans it is sent.

It stands in for the collector (e.g. Tempo) a gateway's ``observability.openTelemetry.endpoint`` names,
so a test can prove that the proxy exports traces there (instead of pointing it at a closed port).
Needs ``grpcio`` and ``opentelemetry-proto``, which the provisioned LiteLLM venv has (they come with
``opentelemetry-exporter-otlp``).
"""

from __future__ import annotations

import threading
import time
from concurrent import futures
from dataclasses import dataclass
from typing import Optional

__all__ = ["OtlpSink", "ReceivedSpan"]


@dataclass
class ReceivedSpan:
    name: str
    service_name: Optional[str]
    attributes: dict


def _attr_value(v) -> object:
    kind = v.WhichOneof("value")
    return getattr(v, kind) if kind else None


class OtlpSink:
    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.port: Optional[int] = None
        self._spans: list[ReceivedSpan] = []
        self._lock = threading.Lock()
        self._server = None
        self.exports = 0

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "OtlpSink":
        import grpc
        from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

        sink = self

        class TraceService(trace_service_pb2_grpc.TraceServiceServicer):
            def Export(self, request, context):  # noqa: N802 (gRPC method name)
                got = []
                for rs in request.resource_spans:
                    res = {a.key: _attr_value(a.value) for a in rs.resource.attributes}
                    for ss in rs.scope_spans:
                        for span in ss.spans:
                            got.append(ReceivedSpan(span.name, res.get("service.name"),
                                                    {a.key: _attr_value(a.value) for a in span.attributes}))
                with sink._lock:
                    sink._spans.extend(got)
                    sink.exports += 1
                return trace_service_pb2.ExportTraceServiceResponse()

        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        trace_service_pb2_grpc.add_TraceServiceServicer_to_server(TraceService(), self._server)
        self.port = self._server.add_insecure_port(f"{self.host}:0")
        self._server.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop(grace=1).wait(5)
            self._server = None

    def __enter__(self) -> "OtlpSink":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def spans(self) -> list[ReceivedSpan]:
        with self._lock:
            return list(self._spans)

    def wait_for_spans(self, predicate=lambda s: True, timeout: float = 30.0) -> list[ReceivedSpan]:
        deadline = time.monotonic() + timeout
        while True:
            got = [s for s in self.spans if predicate(s)]
            if got or time.monotonic() > deadline:
                return got
            time.sleep(0.25)
