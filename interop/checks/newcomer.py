"""Follows a guide as a newcomer would: its commands, as written, in an empty folder.

The blocks to follow are marked in the Markdown document:

    <!-- newcomer LANG[,LANG...]: run -->         the next fenced block is run (bash)
    <!-- newcomer LANG[,LANG...]: save PATH -->   the next fenced block is saved as PATH

(a `<!-- snippet: ... -->` line may stand between a marker and its block). For each
language asked for, the marked blocks are put together in the document's order into one
bash script (`set -euo pipefail`), which runs in a new empty folder with:

* `HUAWEI_CEC` a read-only view of this repository (a bind mount in a private mount
  namespace: nothing may write into the clone), `HUAWEI_CEC_PACKAGES` the built packages
  (packaging/build.sh), the two variables the guide asks the reader to set;
* no Rust toolchain on `PATH` (the folders holding cargo, rustc or rustup are left out);
* a time limit; whatever it leaves running (a simulator) is stopped with its process group.

Usage: python3 newcomer.py DOC PACKAGES LANG...  (needs root for the read-only mount, or
NEWCOMER_WRITABLE_CLONE=1 to use the clone as it is, which then proves less)
Standard library only.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^<!-- newcomer ([a-z0-9,]+): (run|save (\S+)) -->$")
SNIPPET = re.compile(r"^<!-- snippet: \S+ -->$")
FENCE = re.compile(r"^(```+)(\S*)\s*$")
TIME_LIMIT = int(os.environ.get("NEWCOMER_TIME_LIMIT", "1500"))


def steps(doc: Path, language: str) -> list[tuple[int, str, str | None, str]]:
    """(line, "run" or "save", path, content) of the blocks marked for ``language``."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    found = []
    for i, line in enumerate(lines):
        marker = MARKER.match(line)
        if not marker:
            continue
        j = i + 1
        if j < len(lines) and SNIPPET.match(lines[j]):
            j += 1
        fence = FENCE.match(lines[j]) if j < len(lines) else None
        if fence is None:
            raise SystemExit(f"{doc.name} line {i + 1}: a newcomer marker is not right above a code block")
        end = j + 1
        while end < len(lines) and lines[end].rstrip() != fence.group(1):
            end += 1
        if end == len(lines):
            raise SystemExit(f"{doc.name} line {j + 1}: a code block is not closed")
        if language in marker.group(1).split(","):
            content = "".join(text + "\n" for text in lines[j + 1:end])
            action = marker.group(2).split(" ", 1)[0]
            found.append((j + 1, action, marker.group(3), content))
    return found


def script(doc: Path, language: str) -> str:
    parts = ["set -euo pipefail\n"]
    for line, action, path, content in steps(doc, language):
        parts.append(f"printf '\\n### {doc.name} line {line}: {action}{' ' + path if path else ''}\\n'\n")
        if action == "save":
            assert path is not None
            if "NEWCOMER_EOF" in content:
                raise SystemExit(f"{doc.name} line {line}: the block holds NEWCOMER_EOF")
            parts.append(f"mkdir -p {shlex.quote(str(Path(path).parent))}\n")
            parts.append(f"cat > {shlex.quote(path)} <<'NEWCOMER_EOF'\n{content}NEWCOMER_EOF\n")
        else:
            parts.append("set -x\n" + content + "{ set +x; } 2>/dev/null\n")
    if len(parts) == 1:
        raise SystemExit(f"{doc.name}: no block is marked for {language}")
    return "".join(parts)


def path_without_rust() -> str:
    kept = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and not any((Path(d) / tool).exists() for tool in ("cargo", "rustc", "rustup"))]
    path = os.pathsep.join(kept)
    for tool in ("cargo", "rustc"):
        if shutil.which(tool, path=path):
            raise SystemExit(f"{tool} is still on PATH without the Rust folders")
    return path


def run(doc: Path, packages: Path, language: str, work: Path) -> bool:
    folder = work / f"{language}-project"
    folder.mkdir()
    clone = work / "huawei-cec"
    clone.mkdir(exist_ok=True)
    (work / f"{language}.sh").write_text(script(doc, language), encoding="utf-8")
    env = dict(os.environ, PATH=path_without_rust(), HUAWEI_CEC=str(clone), HUAWEI_CEC_PACKAGES=str(packages),
               NO_UPDATE_NOTIFIER="1", DO_NOT_TRACK="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    for name in [n for n in env if n.startswith("CEC_") or n == "VIRTUAL_ENV"]:
        del env[name]  # a newcomer's shell has none of them
    inner = f"cd {shlex.quote(str(folder))} && exec bash {shlex.quote(str(work / (language + '.sh')))}"
    if os.environ.get("NEWCOMER_WRITABLE_CLONE") == "1":
        print(f"NOTE: the clone is used as it is, writable ({ROOT})")
        command = ["bash", "-c", f"rmdir {shlex.quote(str(clone))} && ln -s {shlex.quote(str(ROOT))} "
                   f"{shlex.quote(str(clone))} && {inner}"]
    else:
        mount = (f"mount --bind {shlex.quote(str(ROOT))} {shlex.quote(str(clone))} && "
                 f"mount -o remount,ro,bind {shlex.quote(str(clone))} && "
                 f"! touch {shlex.quote(str(clone))}/.newcomer-write-test 2>/dev/null")
        command = ["unshare", "--mount", "--propagation", "private", "--", "bash", "-c", f"{mount} && {inner}"]
    print(f"=== newcomer {language}: {doc.name}'s commands in the empty folder {folder}")
    print(f"    HUAWEI_CEC={clone} (read-only view of {ROOT}), HUAWEI_CEC_PACKAGES={packages}, no Rust on PATH")
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, start_new_session=True)
    try:
        code = process.wait(timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        print(f"FAIL newcomer {language}: still running after {TIME_LIMIT} s")
        code = -1
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)  # whatever the guide left running
        except ProcessLookupError:
            pass
        process.wait()
    took = time.monotonic() - started
    print(f"=== newcomer {language}: {'ok' if code == 0 else f'FAILED (exit {code})'} ({took:.0f}s)")
    return code == 0


def main(doc_path: str, packages: str, languages: list[str]) -> int:
    doc = Path(doc_path).resolve()
    packages_dir = Path(packages).resolve()
    if not packages_dir.is_dir():
        raise SystemExit(f"{packages_dir}: no such folder (packaging/build.sh makes it)")
    results = {}
    with tempfile.TemporaryDirectory(prefix="huawei-cec-newcomer.") as tmp:
        for language in languages:
            results[language] = run(doc, packages_dir, language, Path(tmp))
    failed = [language for language, ok in results.items() if not ok]
    print(f"newcomer: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
