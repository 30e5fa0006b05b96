"""govsocial-kg: a knowledge graph of public authorities' use of social-media platforms."""

from __future__ import annotations

__version__ = "0.1.0"
