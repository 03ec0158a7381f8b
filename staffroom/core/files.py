"""Private uploads (learning evidence, observation files): kept, served and let go the same way in every app."""

from django.db import transaction
from django.http import FileResponse, Http404

from .audit import record_event


def save_private_file(item, uploaded, *, content_type: str) -> None:
    """Store a checked upload as `item.file` and save the row, keeping the name the person gave it.

    `content_type` is what the upload check returned, so the file is always served as what it was checked to be.
    """
    item.original_name = uploaded.name[:200]
    item.content_type = content_type
    item.size = uploaded.size
    item.file.save(uploaded.name, uploaded, save=False)
    item.save()


def private_file_response(item, *, inline: bool = False) -> FileResponse:
    """Stream `item.file` under the name and type it was checked in with.

    A row whose file has gone from storage is a 404, not a 500. Nothing is cached: every download has just been
    checked against who may read it.
    """
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=not inline, filename=item.original_name, content_type=item.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


def remove_private_file(*, actor, item, verb: str) -> None:
    """Audit and delete the row holding an upload; call inside the caller's transaction.

    The stored file goes only once the transaction commits, so a rolled-back removal never loses the file.
    """
    stored = item.file
    record_event(actor=actor, school=item.school, verb=verb, target=item, data={"name": item.original_name})
    item.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
