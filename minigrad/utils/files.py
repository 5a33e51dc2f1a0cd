"""Writing a file so that a crash never leaves a half-written one: :func:`write_atomically`."""
import contextlib
import hashlib
import os
import re
import secrets
import socket
import stat

_HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _write_bytes(file, data):
    """Write ``data`` to the open binary ``file`` and force it to disk."""
    file.write(data)
    file.flush()
    os.fsync(file.fileno())


def write_atomically(path, data):
    """Replace the file at ``path`` by the bytes ``data``, atomically.

    The bytes go to a temporary file in the same folder, which is flushed, fsync'ed and
    renamed over the target with ``os.replace`` (atomic on POSIX and Windows); the folder is
    fsync'ed after. A symlink is followed (its target is replaced, the link kept); an
    existing file keeps its permissions, a new one gets the umask's, as with ``open``. A
    temporary left by a killed writer is removed by the next write to the same path."""
    path = os.path.realpath(path)
    folder, base = os.path.split(path)
    _remove_stale_temporaries(folder, base)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    tmp = os.path.join(folder, f".{base}.{_HOST}-{os.getpid()}-{secrets.token_hex(4)}.mgsave")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as file:
            if mode is not None:
                os.chmod(tmp, mode)
            _write_bytes(file, data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise
    try:                                   # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(dir_fd)
    os.close(dir_fd)


def _remove_stale_temporaries(folder, base):
    """Remove our temporaries for ``base`` left by a save killed half-way: those named
    with this host and the id of a process that no longer runs."""
    pattern = re.compile(re.escape(f".{base}.{_HOST}-") + r"(\d+)-[0-9a-f]{8}\.mgsave")
    with contextlib.suppress(OSError):
        for entry in os.listdir(folder):
            match = pattern.fullmatch(entry)
            if match and not _running(int(match.group(1))):
                with contextlib.suppress(OSError):
                    os.remove(os.path.join(folder, entry))


def _running(pid):
    if os.name != "posix" or pid == os.getpid():
        return True                        # (never guess: os.kill(pid, 0) ends it on Windows)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:                        # it runs, as another user
        return True
    return True
