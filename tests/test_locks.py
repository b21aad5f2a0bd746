"""The lock files say what pyproject.toml says, and pin every name with hashes.

pyproject.toml keeps ranges for people who install the package elsewhere; the workflows,
.ci/run and README install from requirements/*.txt with --require-hashes. These tests keep
the two from drifting apart (a range added to one and not the other, or a lock not
regenerated after an edit).
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ROOT / "requirements"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def requirements_in(name: str) -> dict[str, Requirement]:
    out = {}
    for line in (LOCKS / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            req = Requirement(line)
            out[canonicalize_name(req.name)] = req
    return out


def by_name(specs: list[str]) -> dict[str, Requirement]:
    reqs = (Requirement(s) for s in specs)
    # Markers that never hold on the platforms the lock is resolved for (Linux) stay out of it.
    return {canonicalize_name(r.name): r for r in reqs if r.marker is None or r.marker.evaluate({"sys_platform": "linux"})}


def pins(name: str) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) from a pip-compile --generate-hashes output."""
    text = (LOCKS / name).read_text(encoding="utf-8")
    out = {}
    for match in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text, re.M):
        out[canonicalize_name(match[1])] = (match[2], match[3].count("--hash="))
    return out


def test_runtime_in_is_pyprojects_dependencies_and_build_backend():
    expected = by_name(PYPROJECT["project"]["dependencies"] + PYPROJECT["build-system"]["requires"])
    assert {n: str(r) for n, r in requirements_in("runtime.in").items()} == {n: str(r) for n, r in expected.items()}


def test_test_in_is_the_test_extra():
    assert {n: str(r) for n, r in requirements_in("test.in").items()} == {
        n: str(r) for n, r in by_name(PYPROJECT["project"]["optional-dependencies"]["test"]).items()
    }
    assert "-r runtime.in" in (LOCKS / "test.in").read_text(encoding="utf-8")


def test_site_in_is_the_site_extra_at_the_runtime_locks_versions():
    assert {n: str(r) for n, r in requirements_in("site.in").items()} == {
        n: str(r) for n, r in by_name(PYPROJECT["project"]["optional-dependencies"]["site"]).items()
    }
    text = (LOCKS / "site.in").read_text(encoding="utf-8")
    assert "-r runtime.in" in text and "-c runtime.txt" in text
    runtime, site = pins("runtime.txt"), pins("site.txt")
    assert {n: v for n, (v, _) in runtime.items()} == {n: site[n][0] for n in runtime}


@pytest.mark.parametrize("lock, sources", [("runtime.txt", ["runtime.in"]), ("test.txt", ["runtime.in", "test.in"]),
                                           ("site.txt", ["runtime.in", "site.in"])])
def test_every_name_is_pinned_with_hashes_inside_its_range(lock, sources):
    pinned = pins(lock)
    text = (LOCKS / lock).read_text(encoding="utf-8")
    assert len(pinned) == len(re.findall(r"^[A-Za-z0-9_.\-]+==", text, re.M)), "a pin without hashes"
    for source in sources:
        for name, req in requirements_in(source).items():
            assert name in pinned, f"{name} is in {source} but not locked in {lock}: regenerate the lock"
            version, hashes = pinned[name]
            assert hashes >= 1
            assert req.specifier.contains(version, prereleases=True), f"{lock} pins {name}=={version}, outside {req}"


def test_runtime_lock_agrees_with_test_lock():
    runtime, test = pins("runtime.txt"), pins("test.txt")
    assert {n: v for n, (v, _) in runtime.items()} == {n: test[n][0] for n in runtime}


def lowest_python() -> str:
    """The oldest Python ``requires-python`` admits, as a full version: ">=3.11" is 3.11.0."""
    [spec] = SpecifierSet(PYPROJECT["project"]["requires-python"])
    assert spec.operator == ">=", "requires-python is a floor"
    return ".".join((spec.version.split(".") + ["0", "0"])[:3])


def test_every_pin_installs_on_the_lowest_python_requires_python_admits():
    """README's test command on Debian 12's stock Python (3.11.2) failed: a lock pinned a release
    that needs 3.11.5. Each pinned release installed here says which Pythons it supports; every one
    must take the floor (CI installs all three locks, so all of them are checked there)."""
    floor = lowest_python()
    checked, refused = 0, []
    for lock in ("runtime.txt", "test.txt", "site.txt"):
        for name, (version, _) in pins(lock).items():
            try:
                installed = metadata.distribution(name)
            except metadata.PackageNotFoundError:
                continue  # that lock is not installed here
            if installed.version != version:
                continue  # a different release than the lock's: nothing to learn about the lock
            checked += 1
            wants = installed.metadata.get("Requires-Python")
            if wants and not SpecifierSet(wants).contains(floor, prereleases=True):
                refused.append(f"{lock}: {name}=={version} requires Python {wants}")
    assert not refused, (f"requires-python admits {floor}, but " + "; ".join(refused)
                         + ": pin an older release (pip-compile -P NAME==VERSION) or raise requires-python")
    assert checked >= len(pins("runtime.txt")), "the locks are not installed here"
