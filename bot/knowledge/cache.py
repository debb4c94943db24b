"""The start-up cache: knowledge verified once, then loaded ready to answer.

Loading ``knowledge/`` in full means parsing every YAML file, validating it and finding every
quote verbatim in its seed; building the match index means processing every word of every entry.
With a hundred reports that is several seconds and a few hundred MB, on every start. So the first
full load (or ``peel-bot check``) writes the verified knowledge base and its built match index to
one file in a cache directory outside the source tree, and later starts read that file instead.

A cache file is trusted only when everything it was built from is unchanged. Its header holds

* the **key**: a SHA-256 of the cache format, the Python and library versions, the source of
  every module that builds what is stored (``bot/knowledge``, ``bot/engine``: a code change can
  never load a stale layout), and the name and bytes of every ``*.yaml`` in the knowledge
  directory;
* the SHA-256 of every **seed** file the reports quote (their paths come from the reports, so
  they are listed in the header and re-hashed on every load);
* the payload's size and SHA-256.

Anything else — another key, a changed seed, a short, corrupt or foreign file — is reported in
the log, ignored, and replaced by a full, verified load. Files are written to a temporary file in
the same directory and renamed over the old one, so two processes starting at once each read
either the old file or a complete new one, never half of one.

The payload is a pickle. That is acceptable because the cache directory is the operator's own
(like ``__pycache__``): whoever can write there can already change the code the bot runs. Even
so, the payload is read only after its checksum matches, and the unpickler refuses any global
outside the few modules the knowledge base and index are made of, so a stray file cannot run
code. A format that cannot execute code (JSON, marshal) would mean rebuilding every pydantic
model at start-up, which is the cost the cache exists to avoid.

Where: ``$PEEL_BOT_CACHE_DIR`` if set (``off`` disables the cache), else
``$XDG_CACHE_HOME/peel-bot``, else ``~/.cache/peel-bot``. A server may point it at ``data/``.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import pickle
import struct
import sys
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

import pydantic
import pydantic_core
import rapidfuzz
import yaml
from pydantic import BaseModel

from bot.engine.answer import Engine, remember
from bot.knowledge.loader import PROJECT_ROOT, KnowledgeBase, knowledge_dir, load_knowledge

log = logging.getLogger(__name__)

CACHE_ENV = "PEEL_BOT_CACHE_DIR"
DISABLED = "off"
FORMAT = 1  # bump when the file layout changes
MAGIC = b"peel-bot cache\n"
_LENGTH = struct.Struct(">I")  # header length, after MAGIC
CHUNK = 1 << 20  # bytes read at a time while checksumming
BOT_DIR = Path(__file__).resolve().parents[1]
CODE_PATHS: tuple[Path, ...] = (BOT_DIR / "knowledge", BOT_DIR / "engine")  # what builds the payload
ALLOWED_GLOBALS = {  # module -> names the unpickler may build; nothing else is ever looked up
    "pathlib": frozenset({"PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath"}),
    "builtins": frozenset({"set", "frozenset", "bytearray", "complex", "range", "slice"}),
    "array": frozenset({"array", "_array_reconstructor"}),
}
ALLOWED_PACKAGE = "bot."  # the knowledge base's and index's own classes


class StaleCache(Exception):
    """The cache file cannot be used; the message says why (logged, then the cache is rebuilt).

    ``expected`` for the normal cases (no cache yet, knowledge or code changed), logged at debug
    level so a start stays quiet; a damaged or foreign file is logged as a warning."""

    def __init__(self, message: str, *, expected: bool = False) -> None:
        super().__init__(message)
        self.expected = expected


# --------------------------------------------------------------------------- where and what


def cache_dir() -> Path | None:
    """The cache directory, or None when ``$PEEL_BOT_CACHE_DIR`` is ``off``."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured.lower() == DISABLED:
        return None
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "peel-bot"


def cache_file(directory: Path, root: Path, where: Path) -> Path:
    """One file per knowledge directory (and seed root), so several sets never evict each other.

    Inside the project the name comes from the paths relative to it, so a checkout whose cache
    was written where it was built (a build directory) finds it where it runs (``/app``)."""
    places = [directory.resolve(), root.resolve()]
    try:
        place = "project:" + "\0".join(str(p.relative_to(PROJECT_ROOT.resolve())) for p in places)
    except ValueError:
        place = "\0".join(map(str, places))
    return where / f"knowledge-{hashlib.sha256(place.encode()).hexdigest()[:20]}.cache"


def code_fingerprint(paths: tuple[Path, ...] | None = None) -> str:
    """SHA-256 of the format, the interpreter and library versions, and every source file that
    builds the cached objects: any change there makes every existing cache stale."""
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}\0".encode())
    for name, version in (
        ("pydantic", pydantic.VERSION),
        ("pydantic-core", pydantic_core.__version__),
        ("rapidfuzz", rapidfuzz.__version__),
        ("pyyaml", yaml.__version__),
    ):
        digest.update(f"{name}={version}\0".encode())
    for base in CODE_PATHS if paths is None else paths:
        for source in sorted(base.rglob("*.py")):
            digest.update(str(source.relative_to(base)).encode() + b"\0")
            digest.update(source.read_bytes())
    return digest.hexdigest()


def knowledge_key(directory: Path, code: str | None = None) -> str:
    """SHA-256 of the code fingerprint and the name and bytes of every ``*.yaml`` in ``directory``
    (the files ``load_knowledge`` reads)."""
    digest = hashlib.sha256((code or code_fingerprint()).encode())
    for path in sorted(directory.glob("*.yaml")):
        data = path.read_bytes()
        digest.update(f"\0{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _seed_hashes(kb: KnowledgeBase) -> dict[str, str]:
    seeds = sorted({report.meta.seed for report in kb.reports})
    return {seed: hashlib.sha256((kb.root / seed).read_bytes()).hexdigest() for seed in seeds}


# --------------------------------------------------------------------------- reading


class _Unpickler(pickle.Unpickler):
    """Builds only the classes a knowledge base and match index are made of."""

    def find_class(self, module: str, name: str) -> Any:
        allowed = name in ALLOWED_GLOBALS.get(module, ())
        if allowed or (module.startswith(ALLOWED_PACKAGE) and name[:1].isupper()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a knowledge cache")


def read_cache(path: Path, key: str, root: Path) -> Engine:
    """The cached engine (knowledge base, match index, page units), once the key, the seeds and
    the checksum match; raises StaleCache saying why it cannot be used."""
    try:
        with path.open("rb") as stream:
            header = _header(stream, key, root)
            start = stream.tell()
            size, digest = _digest(stream)
            if size != header["size"]:
                raise StaleCache(f"truncated or padded ({size} bytes of payload, {header['size']} written)")
            if digest != header["sha256"]:
                raise StaleCache("checksum mismatch (corrupt)")
            stream.seek(start)  # read from the open file: a rename meanwhile cannot swap it
            collecting = gc.isenabled()
            gc.disable()  # hundreds of thousands of new objects, none of them garbage
            try:
                engine = _Unpickler(stream).load()
            except Exception as exc:  # a checksummed payload that still fails: written by other code
                raise StaleCache(f"payload unreadable ({type(exc).__name__}: {exc})") from None
            finally:
                if collecting:
                    gc.enable()
    except FileNotFoundError:
        raise StaleCache("no cache yet", expected=True) from None
    except OSError as exc:
        raise StaleCache(f"unreadable ({exc.strerror or exc})") from None
    if not isinstance(engine, Engine):
        raise StaleCache("payload is not a knowledge cache")
    return engine


def _header(stream: BinaryIO, key: str, root: Path) -> dict[str, Any]:
    """The header, once its magic, key and seed hashes match."""
    if stream.read(len(MAGIC)) != MAGIC:
        raise StaleCache("not a peel-bot cache file")
    try:
        (length,) = _LENGTH.unpack(stream.read(_LENGTH.size))
        header = json.loads(stream.read(length))
    except (ValueError, struct.error) as exc:
        raise StaleCache(f"unreadable header ({type(exc).__name__})") from None
    fields = {"key": str, "seeds": dict, "size": int, "sha256": str}
    if not isinstance(header, dict) or not all(isinstance(header.get(k), t) for k, t in fields.items()):
        raise StaleCache("unreadable header (fields missing)")
    seeds: dict[str, Any] = header["seeds"]
    if header.get("key") != key:
        raise StaleCache("knowledge, seeds or code changed since it was written", expected=True)
    for seed, expected in seeds.items():
        seed_path = root / seed
        if not seed_path.is_file() or hashlib.sha256(seed_path.read_bytes()).hexdigest() != expected:
            raise StaleCache(f"seed {seed} changed since it was written", expected=True)
    return header


def _digest(stream: BinaryIO) -> tuple[int, str]:
    """Bytes left in ``stream`` and their SHA-256, read in chunks (the payload is never held twice)."""
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


# --------------------------------------------------------------------------- writing


def share_field_sets(kb: KnowledgeBase) -> None:
    """Give models that set the same fields one shared ``__pydantic_fields_set__``: a pickle then
    stores each set once, instead of one set per model (14 MB of 21,000 sets at 100 reports).
    Safe because the models are frozen: pydantic only reads the set (``model_copy`` copies it)."""
    shared: dict[frozenset[str], set[str]] = {}
    pending: list[BaseModel] = [report.data for report in kb.reports]
    while pending:
        model = pending.pop()
        fields = model.__pydantic_fields_set__
        object.__setattr__(model, "__pydantic_fields_set__", shared.setdefault(frozenset(fields), fields))
        for value in vars(model).values():
            children = value if isinstance(value, list) else [value]
            pending += [child for child in children if isinstance(child, BaseModel)]


def write_cache(path: Path, key: str, engine: Engine) -> None:
    """Write atomically: a temporary file in the same directory, renamed over ``path``."""
    share_field_sets(engine.kb)
    payload = pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL)
    header = json.dumps(
        {
            "format": FORMAT,
            "key": key,
            "seeds": _seed_hashes(engine.kb),
            "size": len(payload),
            "sha256": hashlib.sha256(payload).hexdigest(),
        }
    ).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(MAGIC + _LENGTH.pack(len(header)) + header)
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- the one entry point


def _locate(directory: Path | None) -> tuple[Path, Path]:
    directory = directory or knowledge_dir()
    return directory, directory.parent  # load_knowledge's default seed root


def build(directory: Path | None = None, *, write: bool = True) -> Engine:
    """Load and verify in full (raises KnowledgeError with every problem), build the engine and,
    when ``write`` and the cache is enabled, refresh the cache. ``peel-bot check`` runs this."""
    directory, root = _locate(directory)
    key = knowledge_key(directory)  # before loading: an edit made meanwhile leaves the cache stale
    engine = Engine(load_knowledge(directory, root))
    where = cache_dir()
    if write and where is not None:
        path = cache_file(directory, root, where)
        try:
            write_cache(path, key, engine)
        except OSError as exc:
            log.warning("knowledge cache not written to %s: %s", path, exc.strerror or exc)
    return remember(engine)


def load_engine(directory: Path | None = None) -> Engine:
    """The answer engine for ``directory`` (default: ``$KNOWLEDGE_DIR`` or ``knowledge/``), ready
    to answer and registered so ``engine_for(engine.kb)`` returns it: from the cache when it is
    fresh, else loaded and verified in full (raising KnowledgeError with file:line for every
    problem) and cached. Every start-up that serves or answers (CLI ask and console, Slack,
    gunicorn, preview) loads knowledge through here."""
    directory, root = _locate(directory)
    where = cache_dir()
    if where is None:
        return build(directory, write=False)
    path = cache_file(directory, root, where)
    try:
        engine = read_cache(path, knowledge_key(directory), root)
    except StaleCache as why:
        level = logging.DEBUG if why.expected else logging.WARNING
        log.log(level, "knowledge cache %s not used (%s): loading in full", path, why)
        return build(directory)
    log.debug("knowledge loaded from cache %s", path)
    engine.kb.root = root  # where the files are now, should the tree have moved since
    for report in engine.kb.reports:
        report.path = directory / report.path.name
    return remember(engine)
