"""Nothing orphaned: the stored files a failed block wrote are deleted again.

A database rollback does not remove files. Every service that writes a file inside a transaction reports it with
`file_written`, and runs inside `discarding_files()`: if the block fails, every file written in it is deleted.
Blocks nest, so an outer service (counter intake, online filing) that fails deletes what the inner services that
succeeded (an attachment, a data-store upload, a pending upload) wrote.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.fields.files import FieldFile

# The `discarding_files` blocks now open, innermost last: each hears of every file written in it.
_open_scopes: ContextVar[tuple[list, ...]] = ContextVar("discarding_file_scopes", default=())


@contextmanager
def discarding_files():
    """Delete every file reported with `file_written` inside this block if the block fails. Also a decorator."""
    written: list[FieldFile] = []
    token = _open_scopes.set((*_open_scopes.get(), written))
    try:
        yield
    except BaseException:
        for file in written:
            file.storage.delete(file.name)
        raise
    finally:
        _open_scopes.reset(token)


def file_written(file: FieldFile) -> None:
    """Report a file just saved to storage to every open `discarding_files` block (none open: nothing to do)."""
    for written in _open_scopes.get():
        written.append(file)
