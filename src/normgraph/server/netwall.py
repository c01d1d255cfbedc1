"""The second wall against outbound requests: queries run without a network.

The query engine (pyoxigraph 0.5) answers ``SERVICE <http://...>`` by sending an HTTP
request itself, and it has no switch to turn that off. :mod:`normgraph.server.policy`
refuses such queries before they run; this module makes sure that a query that got
past it could reach nothing anyway. The sandbox's zygote process, which forks one
child per query, moves itself into a new, empty Linux network namespace
(``unshare(CLONE_NEWNET)``) before it loads the data: there the only interface is a
loopback that is down, so every ``connect()`` fails at once, to the internet and to
the host's own loopback alike. The children inherit the namespace; they talk to the
server over a Unix socket pair made before the move, which namespaces do not affect.

Why a namespace rather than a seccomp filter: it needs no filter program written by
hand for each CPU architecture, it cannot be undone by the process once it is in it
(the zygote keeps no handle on the old namespace), and it covers every way out
(connect, sendto, UDP, raw sockets), not a list of system calls.

As root (or with ``CAP_SYS_ADMIN``) the move needs nothing else. Otherwise the zygote
first enters a new user namespace, which most Linux distributions allow unprivileged
processes. Where neither works (macOS, a container that forbids both),
:func:`isolate` raises, and ``normgraph serve`` refuses to start unless told to run
without this wall (``--no-network-wall``), with a warning: failing closed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import socket
import sys
from typing import Final

__all__ = ["NetworkWallError", "isolate"]

_CLONE_NEWNET: Final = 0x40000000
_CLONE_NEWUSER: Final = 0x10000000


class NetworkWallError(OSError):
    """The process could not be moved into a namespace without a network."""


def isolate() -> str:
    """Move this process into a new network namespace with no way out; say how.

    Must be called while the process has one thread (true of the zygote at start-up),
    since a new user namespace, the fallback, requires it.

    Raises:
        NetworkWallError: the system allows neither way; the message says why.
    """
    if not sys.platform.startswith("linux"):
        raise NetworkWallError(f"network namespaces are Linux's; this is {sys.platform}")
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    attempts = (
        (_CLONE_NEWNET, "a new network namespace"),
        (_CLONE_NEWUSER | _CLONE_NEWNET, "a new user and network namespace"),
    )
    errors = []
    for flags, how in attempts:
        if libc.unshare(ctypes.c_int(flags)) == 0:
            _check_no_interface_is_up()
            return how
        errno = ctypes.get_errno()
        errors.append(f"unshare({how}): {os.strerror(errno)}")
    raise NetworkWallError("; ".join(errors))


def _check_no_interface_is_up() -> None:
    """Fail unless the only interface is loopback, and a connection to it fails."""
    names = [name for _index, name in socket.if_nameindex()]
    if names != ["lo"]:
        raise NetworkWallError(f"the new network namespace has interfaces {names}")
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.settimeout(1)
        probe.connect(("127.0.0.1", 9))
    except OSError:
        return  # ENETUNREACH: what we want
    finally:
        probe.close()
    raise NetworkWallError("the new network namespace still reaches 127.0.0.1")
