"""pytest fixtures for the LiteLLM acceptance tier (see harness.py / stub_openai.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Union

import pytest

import harness
from harness import LiteLLMProxy, RedisServer
from stub_openai import StubOpenAI


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture(scope="session")
def litellm_venv() -> Path:
    try:
        return harness.litellm_venv()
    except harness.HarnessError as e:
        pytest.fail(str(e), pytrace=False)


@pytest.fixture
def stub():
    with StubOpenAI() as s:
        yield s


@pytest.fixture
def redis_server():
    with RedisServer() as r:
        yield r


@pytest.fixture
def start_proxy(litellm_venv, tmp_path, request) -> Callable[..., LiteLLMProxy]:
    """start_proxy(config, env=None, **kw) -> started LiteLLMProxy.

    ``config`` is a path or YAML text (written to tmp_path). Proxies are stopped at teardown;
    when the test failed their log tails are printed.
    """
    started: list[LiteLLMProxy] = []

    def _start(config: Union[str, Path], env: Optional[Mapping[str, str]] = None,
               **kwargs: Any) -> LiteLLMProxy:
        if isinstance(config, str) and "\n" in config:
            path = tmp_path / f"config-{len(started)}.yaml"
            path.write_text(config)
        else:
            path = Path(config)
        kwargs.setdefault("log_path", tmp_path / f"proxy-{len(started)}.log")
        proxy = LiteLLMProxy(path, env, venv=litellm_venv, **kwargs)
        started.append(proxy)
        proxy.start()
        return proxy

    yield _start
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for proxy in started:
        proxy.stop()
        if failed:
            print(f"\n--- litellm log ({proxy.log_path}) tail ---\n{proxy.log_tail(120)}")
        proxy.cleanup()
