"""Process harness for LiteLLM acceptance tests: a throwaway redis-server and a LiteLLM proxy.

Everything binds to 127.0.0.1 on free ports, every wait is bounded, and every process is
started in its own session so that stop() can terminate the whole process group.

The LiteLLM virtualenv comes from scripts/provision-litellm.sh; it is located by
``LLMGW_LITELLM_VENV``, else ``${LLMGW_CACHE:-~/.cache/llmgw-operator}/litellm.env``, else the
running interpreter's prefix when it has ``bin/litellm`` (i.e. ``$VENV/bin/python -m pytest``).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence, Union

import requests

__all__ = [
    "HarnessError", "ProxyStartError",
    "free_port", "wait_for_port", "listening_pids",
    "cache_dir", "litellm_venv", "litellm_version", "redis_server_binary", "base_env",
    "RedisServer", "LiteLLMProxy", "ValidateResult", "supports_validate_config", "validate_config",
]

LOOPBACK = "127.0.0.1"
DEFAULT_STARTUP_TIMEOUT = 120.0   # importing litellm.proxy takes 10-40 s on 2 cores
LITELLM_DEFAULT_PORT = 4000       # the CLI silently moves off 4000 when it is taken: never use it
# One stub model the small tests share; format with api_base (its key comes from STUB_KEY).
STUB_MODEL_LIST = """\
model_list:
  - model_name: gpt-stub
    litellm_params:
      model: openai/gpt-stub
      api_base: {api_base}
      api_key: os.environ/STUB_KEY
    model_info:
      id: gpt-stub-0
"""

PathLike = Union[str, os.PathLike]


class HarnessError(RuntimeError):
    pass


class ProxyStartError(HarnessError):
    pass


# ---- ports ----------------------------------------------------------------------
def free_port(host: str = LOOPBACK) -> int:
    """A currently free TCP port on ``host`` (never LiteLLM's default 4000)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((host, 0))
            port = s.getsockname()[1]
        if port != LITELLM_DEFAULT_PORT:
            return port
    raise HarnessError("could not find a free port")


def wait_for_port(port: int, host: str = LOOPBACK, timeout: float = 10.0) -> None:
    """Wait until something accepts TCP connections on host:port."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise HarnessError(f"nothing listening on {host}:{port} after {timeout}s")
            time.sleep(0.1)


def _listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as fh:
                next(fh)
                for line in fh:
                    f = line.split()
                    if f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port:  # 0A = LISTEN
                        inodes.add(f[9])
        except OSError:
            pass
    return inodes


def listening_pids(port: int) -> set[int]:
    """PIDs holding a LISTEN socket on ``port`` (Linux /proc; empty set elsewhere)."""
    inodes = _listening_inodes(port)
    pids: set[int] = set()
    if not inodes:
        return pids
    wanted = {f"socket:[{i}]" for i in inodes}
    for pid_dir in Path("/proc").iterdir():
        if not pid_dir.name.isdigit():
            continue
        try:
            for fd in (pid_dir / "fd").iterdir():
                try:
                    if os.readlink(fd) in wanted:
                        pids.add(int(pid_dir.name))
                        break
                except OSError:
                    continue
        except OSError:
            continue
    return pids


def _pgid(pid: int) -> Optional[int]:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


# ---- locating the toolchain -----------------------------------------------------
def cache_dir() -> Path:
    return Path(os.environ.get("LLMGW_CACHE") or Path.home() / ".cache" / "llmgw-operator")


def _env_file_values() -> dict[str, str]:
    out: dict[str, str] = {}
    f = cache_dir() / "litellm.env"
    if f.is_file():
        for line in f.read_text().splitlines():
            m = re.match(r"\s*export\s+([A-Z_][A-Z0-9_]*)=(.*)$", line)
            if m:
                vals = shlex.split(m.group(2))
                out[m.group(1)] = vals[0] if vals else ""
    return out


def litellm_venv() -> Path:
    """The provisioned LiteLLM virtualenv (raises HarnessError with a hint when missing)."""
    candidates = [os.environ.get("LLMGW_LITELLM_VENV"), _env_file_values().get("LLMGW_LITELLM_VENV"),
                  sys.prefix]
    for c in candidates:
        if c and (Path(c) / "bin" / "litellm").exists():
            return Path(c)
    raise HarnessError("LiteLLM venv not found: run scripts/provision-litellm.sh "
                       "(or set LLMGW_LITELLM_VENV)")


def litellm_version(venv: Optional[PathLike] = None) -> str:
    venv = Path(venv) if venv else litellm_venv()
    out = subprocess.run([str(venv / "bin" / "python"), "-c",
                          "import importlib.metadata as m; print(m.version('litellm'))"],
                         capture_output=True, text=True, timeout=60, check=True)
    return out.stdout.strip()


def redis_server_binary() -> str:
    """Path of redis-server: LLMGW_REDIS_SERVER, litellm.env, then PATH."""
    for c in (os.environ.get("LLMGW_REDIS_SERVER"), _env_file_values().get("LLMGW_REDIS_SERVER"),
              shutil.which("redis-server")):
        if c and os.access(c, os.X_OK):
            return c
    raise HarnessError("redis-server not found: run scripts/provision-litellm.sh")


_PASS_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "SSL_CERT_FILE", "SSL_CERT_DIR",
                 "REQUESTS_CA_BUNDLE")


def base_env(venv: Optional[PathLike] = None) -> dict[str, str]:
    """A clean environment for the proxy: no inherited provider keys, DATABASE_URL, REDIS_*,
    proxies, etc.; offline cost map; unbuffered logs; loopback never proxied."""
    env = {k: os.environ[k] for k in _PASS_THROUGH if k in os.environ}
    if venv is not None:
        env["PATH"] = f"{Path(venv) / 'bin'}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}"
        env["VIRTUAL_ENV"] = str(venv)
    env.update({
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "PYTHONUNBUFFERED": "1",
        "NO_PROXY": "127.0.0.1,localhost,::1",
        "no_proxy": "127.0.0.1,localhost,::1",
    })
    return env


def _stop_group(proc: subprocess.Popen, timeout: float) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    # the leader may be gone while children linger: always sweep the group
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        pass


# ---- redis-server --------------------------------------------------------------
class RedisServer:
    """A throwaway redis-server on 127.0.0.1: no persistence, private temp dir."""

    def __init__(self, binary: Optional[str] = None, port: Optional[int] = None,
                 password: Optional[str] = None):
        self.binary = binary or redis_server_binary()
        self.host = LOOPBACK
        self.port = port or free_port()
        self.password = password
        self.dir: Optional[Path] = None
        self.proc: Optional[subprocess.Popen] = None

    def start(self, timeout: float = 20.0) -> "RedisServer":
        if self.proc is not None:
            return self
        self.dir = Path(tempfile.mkdtemp(prefix="llmgw-redis-"))
        args = [self.binary, "--bind", self.host, "--port", str(self.port), "--save", "",
                "--appendonly", "no", "--dir", str(self.dir), "--daemonize", "no",
                "--protected-mode", "yes", "--logfile", str(self.dir / "redis.log"),
                "--databases", "16"]
        if self.password:
            args += ["--requirepass", self.password]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.STDOUT, start_new_session=True, cwd=self.dir)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                log = self.log_text()
                self.stop()
                raise HarnessError(f"redis-server exited with {self.proc.returncode}:\n{log}")
            if self.ping():
                return self
            if time.monotonic() > deadline:
                log = self.log_text()
                self.stop()
                raise HarnessError(f"redis-server not answering PING after {timeout}s:\n{log}")
            time.sleep(0.05)

    def ping(self) -> bool:
        try:
            with socket.create_connection((self.host, self.port), timeout=1.0) as s:
                cmd = b""
                if self.password:
                    pw = self.password.encode()
                    cmd += b"*2\r\n$4\r\nAUTH\r\n$%d\r\n%s\r\n" % (len(pw), pw)
                cmd += b"*1\r\n$4\r\nPING\r\n"
                s.sendall(cmd)
                data = b""
                while b"PONG" not in data and len(data) < 4096:
                    chunk = s.recv(1024)
                    if not chunk:
                        break
                    data += chunk
                return b"+PONG" in data
        except OSError:
            return False

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc is not None:
            _stop_group(self.proc, timeout)
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def log_text(self) -> str:
        try:
            return (self.dir / "redis.log").read_text(errors="replace") if self.dir else ""
        except OSError:
            return ""

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}{self.host}:{self.port}/0"

    def env(self) -> dict[str, str]:
        """REDIS_HOST / REDIS_PORT (/ REDIS_PASSWORD) for the proxy environment."""
        env = {"REDIS_HOST": self.host, "REDIS_PORT": str(self.port)}
        if self.password:
            env["REDIS_PASSWORD"] = self.password
        return env

    def client(self):
        """A redis.Redis client (the ``redis`` package is in the LiteLLM venv)."""
        import redis
        return redis.Redis(host=self.host, port=self.port, password=self.password,
                           socket_timeout=5, decode_responses=True)

    def keys(self, pattern: str = "*") -> list[str]:
        c = self.client()
        try:
            return sorted(c.scan_iter(match=pattern, count=1000))
        finally:
            c.close()


# ---- LiteLLM proxy -------------------------------------------------------------
class LiteLLMProxy:
    """``litellm --config F --host 127.0.0.1 --port P`` from the provisioned venv.

    ``env`` is layered over :func:`base_env` (a clean environment, not os.environ).
    The proxy runs in its own process group, cwd in a private temp dir, output in ``log_path``.
    """

    def __init__(self, config_path: PathLike, env: Optional[Mapping[str, str]] = None, *,
                 port: Optional[int] = None, venv: Optional[PathLike] = None,
                 log_path: Optional[PathLike] = None, extra_args: Sequence[str] = (),
                 startup_timeout: float = DEFAULT_STARTUP_TIMEOUT):
        self.config_path = Path(config_path).resolve()
        self.venv = Path(venv) if venv else litellm_venv()
        self.port = port or free_port()
        if self.port == LITELLM_DEFAULT_PORT:
            raise ValueError("port 4000 is LiteLLM's default: the CLI may silently move off it")
        self.host = LOOPBACK
        self.extra_args = list(extra_args)
        self.startup_timeout = startup_timeout
        self.workdir = Path(tempfile.mkdtemp(prefix="llmgw-litellm-"))  # cwd + TMPDIR, removed by stop()
        self._own_log = log_path is None
        if log_path is None:
            fd, log_path = tempfile.mkstemp(prefix="llmgw-litellm-", suffix=".log")
            os.close(fd)
        self.log_path = Path(log_path)  # kept after stop() for post-mortems
        self.env = base_env(self.venv)
        self.env.setdefault("TMPDIR", str(self.workdir))
        self.env.update({k: str(v) for k, v in (env or {}).items()})
        self.proc: Optional[subprocess.Popen] = None
        self.startup_seconds: Optional[float] = None
        self._log_fh = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> Optional[int]:
        return self.proc.pid if self.proc else None

    @property
    def command(self) -> list[str]:
        return [str(self.venv / "bin" / "litellm"), "--config", str(self.config_path),
                "--host", self.host, "--port", str(self.port), *self.extra_args]

    def start(self) -> "LiteLLMProxy":
        if self.proc is not None:
            return self
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._log_fh = open(self.log_path, "wb", buffering=0)
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self.command, env=self.env, cwd=self.workdir,
                                     stdin=subprocess.DEVNULL, stdout=self._log_fh,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_ready(t0)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - t0
        return self

    def _wait_ready(self, t0: float) -> None:
        deadline = t0 + self.startup_timeout
        url = self.base_url + "/health/liveliness"
        while True:
            rc = self.proc.poll()
            if rc is not None:
                raise ProxyStartError(f"litellm exited with {rc} before answering {url}\n"
                                      f"--- log tail ---\n{self.log_tail()}")
            try:
                r = requests.get(url, timeout=2)
                if r.status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise ProxyStartError(f"litellm not live on {url} after {self.startup_timeout}s\n"
                                      f"--- log tail ---\n{self.log_tail()}")
            time.sleep(0.5)
        # It answered on our port; make sure the listener is *our* process group
        # (LiteLLM silently picks a random port when 4000 is taken; a stray server could own ours).
        if Path("/proc/net/tcp").exists() and not self.owns_port():
            raise ProxyStartError(f"port {self.port} is served by pids {sorted(listening_pids(self.port))}, "
                                  f"not by the proxy process group {self.proc.pid}")

    def owns_port(self) -> bool:
        """True when a process of the proxy's process group holds the LISTEN socket on self.port."""
        if self.proc is None:
            return False
        return any(_pgid(p) == self.proc.pid for p in listening_pids(self.port))

    def stop(self, timeout: float = 15.0) -> None:
        """Terminate the proxy's whole process group (SIGTERM, then SIGKILL after ``timeout``)
        and remove its work dir. The log file stays readable. Idempotent."""
        if self.proc is not None:
            _stop_group(self.proc, timeout)
        if self._log_fh is not None:
            self._log_fh.close()
            self._log_fh = None
        shutil.rmtree(self.workdir, ignore_errors=True)

    def cleanup(self) -> None:
        """stop() and also delete the log when the harness chose its path."""
        self.stop()
        if self._own_log:
            try:
                self.log_path.unlink()
            except OSError:
                pass

    def __enter__(self) -> "LiteLLMProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 80) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    # ---- HTTP helpers ----------------------------------------------------
    def request(self, method: str, path: str, key: Optional[str] = None, *,
                timeout: float = 60.0, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if key is not None:
            headers.setdefault("Authorization", f"Bearer {key}")
        return requests.request(method, self.base_url + path, headers=headers, timeout=timeout,
                                **kwargs)

    def get(self, path: str, key: Optional[str] = None, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, key, **kwargs)

    def post(self, path: str, json: Any = None, key: Optional[str] = None,
             **kwargs: Any) -> requests.Response:
        return self.request("POST", path, key, json=json, **kwargs)

    def chat(self, model: str, content: str = "hello", key: Optional[str] = None,
             **body: Any) -> requests.Response:
        """POST /v1/chat/completions with one user message."""
        return self.post("/v1/chat/completions",
                         {"model": model, "messages": [{"role": "user", "content": content}], **body},
                         key=key)


# ---- config validation --------------------------------------------------------
@dataclass
class ValidateResult:
    supported: bool       # False when this litellm has no --validate_config
    returncode: Optional[int]
    output: str

    @property
    def ok(self) -> bool:
        return self.supported and self.returncode == 0


_VALIDATE_SUPPORT: dict[str, bool] = {}


def supports_validate_config(venv: Optional[PathLike] = None) -> bool:
    venv = Path(venv) if venv else litellm_venv()
    if str(venv) not in _VALIDATE_SUPPORT:
        out = subprocess.run([str(venv / "bin" / "litellm"), "--help"], env=base_env(venv),
                             capture_output=True, text=True, timeout=120)
        _VALIDATE_SUPPORT[str(venv)] = "--validate_config" in out.stdout
    return _VALIDATE_SUPPORT[str(venv)]


def validate_config(config_path: PathLike, env: Optional[Mapping[str, str]] = None, *,
                    venv: Optional[PathLike] = None, timeout: float = 180.0) -> ValidateResult:
    """``litellm --config F --validate_config`` in a clean env (exit 1 on a config error)."""
    venv = Path(venv) if venv else litellm_venv()
    if not supports_validate_config(venv):
        return ValidateResult(False, None, "this litellm has no --validate_config")
    config_path = Path(config_path).resolve()
    full_env = base_env(venv)
    full_env.update({k: str(v) for k, v in (env or {}).items()})
    with tempfile.TemporaryDirectory(prefix="llmgw-validate-") as wd:
        out = subprocess.run([str(venv / "bin" / "litellm"), "--config", str(config_path),
                              "--validate_config"], env=full_env, cwd=wd, capture_output=True,
                             text=True, timeout=timeout, start_new_session=True)
    return ValidateResult(True, out.returncode, out.stdout + out.stderr)
