"""Validate RDF data against the project's SHACL shapes, with reports for people and CI.

`validate(...)` is the function API (used by the `govsocial validate` command and reusable by
the server); `engine` picks the native engine (`compiler` turns the shapes into SPARQL run on a
pyoxigraph store loaded by `dataset`, `native` turns rows into results) or pySHACL; `report`
holds the structured result, `formats` renders it.
"""

from __future__ import annotations

from govsocial.graph.validation.report import ValidationReport, ValidationResult
from govsocial.graph.validation.validator import (
    ENGINE_CHOICES,
    INFERENCE_CHOICES,
    NotNative,
    ShapesError,
    validate,
)

__all__ = [
    "ENGINE_CHOICES",
    "INFERENCE_CHOICES",
    "NotNative",
    "ShapesError",
    "ValidationReport",
    "ValidationResult",
    "validate",
]
