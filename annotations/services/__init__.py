"""Every write to the domain goes through these functions (see each module)."""

from annotations.services.audit import RequestContext
from annotations.services.documents import (
    DocumentInput,
    ImportResult,
    decode_document,
    import_documents,
    read_document_file,
)
from annotations.services.errors import ConflictError, ValidationError
from annotations.services.evidence import evidence_add_external, evidence_link_span
from annotations.services.preannotation import preannotate_document, start_preannotation
from annotations.services.spans import (
    span_accept,
    span_create,
    span_delete,
    span_reject,
    span_update,
)
from annotations.services.verdicts import verdict_set

__all__ = [
    "ConflictError",
    "DocumentInput",
    "ImportResult",
    "RequestContext",
    "ValidationError",
    "decode_document",
    "evidence_add_external",
    "evidence_link_span",
    "import_documents",
    "preannotate_document",
    "read_document_file",
    "span_accept",
    "span_create",
    "span_delete",
    "span_reject",
    "span_update",
    "start_preannotation",
    "verdict_set",
]
