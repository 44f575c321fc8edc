"""Reading processes from /proc (Linux) for the benchmarks: a process's children and
its resident memory. Plain Python, so the `make bench` orchestrator can use it without
Django."""

from pathlib import Path


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, read from /proc (Linux)."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended while we looked
        # Field 2, the command name, is in parentheses and may contain spaces.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            children.append(int(entry.name))
    return sorted(children)


def rss_mb(pid: int) -> float | None:
    """Resident memory of ``pid`` in MiB (VmRSS from /proc), or None if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None
