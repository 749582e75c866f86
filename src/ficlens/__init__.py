"""ficlens: read fiction and tell what the story holds."""

from ficlens.document import (
    Chapter,
    Character,
    Mention,
    Metadata,
    Note,
    Paragraph,
    Quote,
    Span,
    Story,
    Token,
)
from ficlens.errors import FiclensError, InputError
from ficlens.pipeline import Options, analyze, analyze_text

__version__ = "0.1.0"

__all__ = [
    "Chapter",
    "Character",
    "FiclensError",
    "InputError",
    "Mention",
    "Metadata",
    "Note",
    "Options",
    "Paragraph",
    "Quote",
    "Span",
    "Story",
    "Token",
    "__version__",
    "analyze",
    "analyze_text",
]
