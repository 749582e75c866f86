"""The ``ficlens/1`` JSON document (see docs in the README for every key)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from ficlens.document import Story

SCHEMA = "ficlens/1"


def story_to_dict(story: Story) -> dict[str, Any]:
    """The ``ficlens/1`` document for ``story``.

    The contract keys (schema, text, metadata, notes, chapters, characters, quotes,
    mentions) keep their names and meanings; other keys may be added.
    """
    meta = asdict(story.metadata)
    extra = meta.pop("extra")
    meta.update({k: v for k, v in extra.items() if k not in meta})
    return {
        "schema": SCHEMA,
        "source": story.source,
        "format": story.format,
        "text": story.text,
        "metadata": meta,
        "notes": [{"start": n.start, "end": n.end, "kind": n.kind} for n in story.notes],
        "chapters": [{"start": c.start, "end": c.end, "title": c.title} for c in story.chapters],
        "characters": [
            {
                "id": c.id,
                "name": c.name,
                "aliases": list(c.aliases),
                "gender": c.gender,
                "mentions": c.mentions,
                "quotes": c.quotes,
                "first_appearance": c.first_appearance,
                "kind": c.kind,
                "profile": c.profile,
            }
            for c in story.characters
        ],
        "quotes": [
            {
                "id": q.id,
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker": q.speaker,
                "speaker_confidence": round(q.speaker_confidence, 4),
                "addressees": list(q.addressees),
                "type": q.type,
                "mark": q.mark,
                "evidence": q.evidence,
            }
            for q in story.quotes
        ],
        "mentions": [
            {"start": m.start, "end": m.end, "character": m.character, "kind": m.kind}
            for m in story.mentions
        ],
        "thoughts": [{"start": t.start, "end": t.end} for t in story.thoughts],
        "scene_breaks": [{"start": s.start, "end": s.end} for s in story.scene_breaks],
        "insights": story.insights,
        "timings": {k: round(v, 4) for k, v in story.timings.items()},
    }


def dumps(story: Story, indent: int | None = 2) -> str:
    return json.dumps(story_to_dict(story), ensure_ascii=False, indent=indent)
