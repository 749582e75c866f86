"""The cast from outside: a YAML or JSON file naming the known characters.

```yaml
characters:
  - name: Hatake Kakashi
    aliases: [Kakashi, Hatake, Kakashi-sensei]
    gender: he        # optional
```
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ficlens.errors import CastError, Errors


@dataclass(slots=True)
class CastMember:
    name: str
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None


def parse_cast(data: Any) -> list[CastMember]:
    """Cast members from already-parsed YAML/JSON data."""
    if isinstance(data, dict):
        data = data.get("characters")
    if not isinstance(data, list):
        raise CastError(Errors.E009.format(reason="expected a 'characters' list"))
    members = []
    for n, entry in enumerate(data, 1):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise CastError(Errors.E009.format(reason=f"character {n} has no 'name'"))
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise CastError(Errors.E009.format(reason=f"character {n}: aliases must be a list"))
        gender = entry.get("gender")
        members.append(
            CastMember(
                name=entry["name"].strip(),
                aliases=[a.strip() for a in aliases if a.strip()],
                gender=str(gender) if gender else None,
            )
        )
    return members


def load_cast(path: str | Path) -> list[CastMember]:
    """Read a cast file (YAML or JSON)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CastError(Errors.E009.format(reason=f"{path}: no such file")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CastError(Errors.E009.format(reason=f"{path}: {exc}")) from None
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else yaml.safe_load(raw)
    except (ValueError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CastError(Errors.E009.format(reason=f"{path}: {first}")) from None
    return parse_cast(data)
