"""The Java client's template overrides: openapi-generator's own templates for `java`
`--library native` with two changes, each for a reason:

1. Less the lines that use jackson-datatype-jsr310. The generated ApiClient and JSON register
   Jackson's JavaTimeModule (java.time support), from the jar jackson-datatype-jsr310, which
   Debian does not package; CI and the smoke test build the client from Debian's jars only.
   The spec has no date or date-time field (times are strings or epoch milliseconds), so the
   client needs no java.time support. The two supporting files that use jsr310
   (RFC3339JavaTimeModule, RFC3339InstantDeserializer) are left out by
   openapi-generator-ignore.
2. ApiClient's ObjectMapper without coercion of scalars, as the generator's own JSON class has
   it. The fields whose wire type varies are `oneOf` [integer, numeric string]; the generated
   deserializers count the alternatives that read a value and want exactly one, and with
   coercion on, "6" reads as an integer and 6 as a string: every such field (callStatus,
   total, Expires, ...) fails with "2 classes match result, expected 1"
   (checks/examples.py showed it). The deserializers respect the mapper's
   ALLOW_COERCION_OF_SCALARS for exactly this.

    python3 template_override.py check JAR      # the overrides are the JAR's templates, changed
    python3 template_override.py write JAR      # rewrite them from the JAR (after a generator update)

Standard library only.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
HEADER = (
    "{{! huawei-cec: openapi-generator's Java/libraries/native/%s, changed: see\n"
    "    interop/java/template_override.py (jsr310 is not in Debian; oneOf needs no coercion). }}\n"
)
# Each template, and the lines removed from it (each must occur exactly once).
REMOVED: dict[str, list[str]] = {
    "ApiClient.mustache": [
        "import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;",
        "    mapper.registerModule(new JavaTimeModule());",
        "    mapper.registerModule(new RFC3339JavaTimeModule());",
    ],
    "JSON.mustache": [
        "import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;",
        "        .addModule(new JavaTimeModule())",
    ],
}


# Each template, and the lines added after a line of it (which must occur exactly once).
ADDED: dict[str, list[tuple[str, str]]] = {
    "ApiClient.mustache": [
        ("import com.fasterxml.jackson.databind.SerializationFeature;",
         "import com.fasterxml.jackson.databind.MapperFeature;"),
        ("    mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);",
         "    mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);"),
    ],
}


def expected(jar: str, name: str) -> str:
    with zipfile.ZipFile(jar) as archive:
        upstream = archive.read(f"Java/libraries/native/{name}").decode("utf-8")
    lines = upstream.split("\n")
    for line in REMOVED[name]:
        if lines.count(line) != 1:
            raise SystemExit(f"{name}: {line.strip()!r} occurs {lines.count(line)} times in {jar}, not once:"
                             " update REMOVED in interop/java/template_override.py")
        lines.remove(line)
    for anchor, added in ADDED.get(name, []):
        if lines.count(anchor) != 1:
            raise SystemExit(f"{name}: {anchor.strip()!r} occurs {lines.count(anchor)} times in {jar}, not once:"
                             " update ADDED in interop/java/template_override.py")
        lines.insert(lines.index(anchor) + 1, added)
    return HEADER % name + "\n".join(lines)


def main(command: str, jar: str) -> int:
    stale = []
    for name in REMOVED:
        path = TEMPLATES / "libraries" / "native" / name
        text = expected(jar, name)
        if command == "write":
            path.write_text(text, encoding="utf-8")
        elif not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    if stale:
        print(f"the overrides {', '.join(stale)} are not the generator's templates with the changes here:"
              " run python3 interop/java/template_override.py write JAR", file=sys.stderr)
        return 1
    print(f"template overrides: {', '.join(REMOVED)} = the generator's, {sum(map(len, REMOVED.values()))} jsr310"
          f" lines removed, {sum(map(len, ADDED.values()))} lines added (no coercion of scalars)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("check", "write"):
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
