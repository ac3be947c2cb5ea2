"""Checks that a Markdown document shows files byte for byte, and only pinned versions.

Each file must appear exactly once in the document, as the fenced code block right after a
line `<!-- snippet: PATH -->` (PATH relative to the repository root), with the file's exact
content. Every `name==version` and `name@version` in the document's `sh` blocks must be
the version pinned for that name in interop/ (requirements and constraints files,
package.json files), and every file name of a built package it mentions
(`huawei_cec_cli-VERSION-...whl`, `huawei-cec-cli[-PLATFORM]-VERSION.tgz`,
`huawei_cec_auth-VERSION-...whl`, `huawei-cec-auth-VERSION.tgz`, `huawei-cec-auth-VERSION.jar`)
must carry the version packaging/build.sh gives it (Cargo.toml's for cec, the helpers' own).
interop/checks/newcomer.py runs the install and start commands themselves.

Usage: python3 doc_snippets.py DOC.md FILE...
Standard library only.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INTEROP = ROOT / "interop"
MARKER = re.compile(r"^<!-- snippet: (\S+) -->$")
FENCE = re.compile(r"^(```+)(\S*)\s*$")
# pip's name==1.2.3, npm's name@1.2.3 and @scope/name@1.2.3.
PIN = re.compile(r"(?<![\w@/.-])(@?[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?)(?:==|@)(\d+(?:\.\d+)+)\b")


def pins() -> dict[str, str]:
    """Every version pinned in interop/, by lower-case package name."""
    found: dict[str, str] = {}
    requirement_files = [INTEROP / "requirements.txt", INTEROP / "constraints.txt",
                         INTEROP / "signers" / "requirements.txt", INTEROP / "smoke" / "requirements.txt"]
    for path in requirement_files:
        for line in path.read_text(encoding="utf-8").splitlines():
            name, sep, version = line.split("#", 1)[0].strip().partition("==")
            if sep:
                found[name.strip().lower()] = version.strip()
    for path in [INTEROP / "package.json", INTEROP / "signers" / "ts" / "package.json"]:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        for section in ("dependencies", "devDependencies"):
            for name, version in manifest.get(section, {}).items():
                found[name.lower()] = version
    return found


# The file names of the built packages and the version each must carry.
PACKAGE_FILE = re.compile(
    r"\b(huawei_cec_cli|huawei-cec-cli(?:-[a-z0-9]+-[a-z0-9]+(?:-[a-z]+)?)?|huawei_cec_auth|huawei-cec-auth)"
    r"-(\d+\.\d+\.\d+)(?=[-.])(\.jar\b)?"
)


def package_versions() -> dict[str, str]:
    """The version of each built package, by the stem of its file name."""
    cargo = re.search(r'^version = "([^"]+)"$', (ROOT / "Cargo.toml").read_text(encoding="utf-8"), re.M)
    python = re.search(r'^version = "([^"]+)"$',
                       (INTEROP / "signers" / "python" / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    ts = json.loads((INTEROP / "signers" / "ts" / "package.json").read_text(encoding="utf-8"))["version"]
    java = re.search(r"^VERSION=(\S+)$", (INTEROP / "signers" / "java" / "build.sh").read_text(encoding="utf-8"), re.M)
    assert cargo and python and java
    return {"huawei_cec_cli": cargo.group(1), "huawei-cec-cli": cargo.group(1),
            "huawei_cec_auth": python.group(1), "huawei-cec-auth": ts, "huawei-cec-auth.jar": java.group(1)}


def blocks(lines: list[str]) -> list[tuple[int, str, str, str | None]]:
    """The fenced blocks: (line number of the fence, info string, content, marked path)."""
    found = []
    i = 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        start, ticks = i, fence.group(1)
        marker = MARKER.match(lines[start - 1]) if start > 0 else None
        i += 1
        while i < len(lines) and lines[i].rstrip() != ticks:
            i += 1
        if i == len(lines):
            raise SystemExit(f"line {start + 1}: a code block is not closed")
        content = "".join(line + "\n" for line in lines[start + 1:i])
        found.append((start + 1, fence.group(2), content, marker.group(1) if marker else None))
        i += 1
    return found


def main(doc_path: str, files: list[str]) -> int:
    doc = Path(doc_path)
    lines = doc.read_text(encoding="utf-8").splitlines()
    problems: list[str] = []
    checked = 0
    found = blocks(lines)
    markers = sum(1 for line in lines if MARKER.match(line))
    if markers != sum(1 for *_, path in found if path):
        problems.append("a `<!-- snippet: PATH -->` line is not right above a code block")
    wanted = {Path(f).resolve(): f for f in files}
    shown: dict[Path, int] = {}
    for line_no, _, content, path in found:
        if path is None:
            continue
        target = (ROOT / path).resolve()
        shown[target] = shown.get(target, 0) + 1
        if target not in wanted:
            problems.append(f"line {line_no}: {path} is not among the files this check was given")
        elif not target.is_file():
            problems.append(f"line {line_no}: {path} does not exist")
        elif target.read_text(encoding="utf-8") != content:
            problems.append(f"line {line_no}: the block differs from {path}: copy the file into it")
        else:
            checked += 1
            print(f"ok   {doc.name} line {line_no} shows {path} ({content.count(chr(10))} lines)")
    for target, name in wanted.items():
        if shown.get(target, 0) != 1:
            problems.append(f"{name} must be shown exactly once (marked `<!-- snippet: ... -->`), "
                            f"not {shown.get(target, 0)} times")

    pinned = pins()
    versions = 0
    for line_no, info, content, _ in found:
        if info not in ("sh", "bash", "shell"):
            continue
        for offset, text in enumerate(content.splitlines()):
            for name, version in PIN.findall(text.split(" #", 1)[0]):
                want = pinned.get(name.lower())
                if want is None:
                    problems.append(f"line {line_no + 1 + offset}: {name}=={version} is not pinned in interop/")
                elif want != version:
                    problems.append(f"line {line_no + 1 + offset}: {name} {version}, but interop/ pins {want}")
                else:
                    versions += 1
    print(f"     {versions} versions in the commands of {doc.name} are the pinned ones")
    built = package_versions()
    files = 0
    for line_no, line in enumerate(lines, start=1):
        for stem, version, jar in PACKAGE_FILE.findall(line):
            want = built["huawei-cec-cli" if stem.startswith("huawei-cec-cli") else stem + jar]
            if version != want:
                problems.append(f"line {line_no}: {stem}-{version}, but packaging/build.sh makes {stem}-{want}")
            else:
                files += 1
    print(f"     {files} package file names in {doc.name} carry the versions packaging/build.sh gives them")
    for problem in problems:
        print(f"FAIL {doc.name}: {problem}")
    print(f"{checked} snippets and {versions} versions checked, {len(problems)} problems")
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
