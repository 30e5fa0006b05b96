"""Validate RDF data against the project's SHACL shapes (pySHACL), with reports for people and CI.

`validate(...)` is the function API (used by the `govsocial validate` command and reusable by
the server); `report` holds the structured result, `formats` renders it.
"""

from __future__ import annotations

from govsocial.validation.engine import INFERENCE_CHOICES, ShapesError, validate
from govsocial.validation.report import ValidationReport, ValidationResult

__all__ = ["INFERENCE_CHOICES", "ShapesError", "ValidationReport", "ValidationResult", "validate"]
