"""A real one-node SLURM cluster for the tests and benchmarks (Debian's slurm-wlm and munge).

``LocalSlurm`` installs the packages if they are missing (root and apt-get needed), writes a
``slurm.conf`` for this host (127.0.0.1, its CPU count, select/cons_tres, proctrack/linuxproc,
task/none, CR_CPU, MpiDefault=pmi2, no accounting daemon), with state, spool, logs and the munge socket under
a temporary directory, and starts munged, slurmctld and slurmd. ``stop`` ends exactly the processes
it started, by their pid files. Commands find the cluster through ``SLURM_CONF``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

__all__ = ["LocalSlurm", "SlurmUnavailable"]

PACKAGES = ["slurm-wlm", "munge"]


class SlurmUnavailable(RuntimeError):
    """SLURM cannot be installed or started on this machine (the reason says why)."""


def _have() -> bool:
    return all(shutil.which(x) for x in ("slurmctld", "slurmd", "sbatch", "munged", "mungekey"))


def ensure_installed() -> None:
    """Install slurm-wlm and munge from Debian's archive if they are missing."""
    if _have():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SlurmUnavailable("slurm-wlm and munge are not installed, and installing them needs root and apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", *PACKAGES]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if r.returncode != 0:  # stale package lists on a fresh machine
        subprocess.run(["apt-get", "update"], capture_output=True, env=env, check=False)
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if r.returncode != 0 or not _have():
        raise SlurmUnavailable(f"apt-get install {' '.join(PACKAGES)} failed: {r.stderr.strip()[-500:]}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalSlurm:
    """Start with :meth:`start`, stop with :meth:`stop` (or use as a context manager)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root or tempfile.mkdtemp(prefix="tb-slurm-"))
        self.conf = self.root / "slurm.conf"
        self.node = socket.gethostname().split(".")[0]
        self.cpus = os.cpu_count() or 1
        self._pids: dict[str, Path] = {}

    @property
    def env(self) -> dict[str, str]:
        return {"SLURM_CONF": str(self.conf)}

    def _write_conf(self) -> None:
        r = self.root
        ctld, slurmd = _free_port(), _free_port()
        self.conf.write_text(
            "\n".join(
                [
                    "ClusterName=thermobond-test",
                    f"SlurmctldHost={self.node}(127.0.0.1)",
                    "SlurmUser=root",
                    "SlurmdUser=root",
                    f"SlurmctldPort={ctld}",
                    f"SlurmdPort={slurmd}",
                    "AuthType=auth/munge",
                    "CredType=cred/munge",
                    f"AuthInfo=socket={r / 'munge.sock'}",
                    f"StateSaveLocation={r / 'state'}",
                    f"SlurmdSpoolDir={r / 'spool'}",
                    f"SlurmctldPidFile={r / 'slurmctld.pid'}",
                    f"SlurmdPidFile={r / 'slurmd.pid'}",
                    f"SlurmctldLogFile={r / 'slurmctld.log'}",
                    f"SlurmdLogFile={r / 'slurmd.log'}",
                    "ProctrackType=proctrack/linuxproc",
                    "TaskPlugin=task/none",
                    "SelectType=select/cons_tres",
                    "SelectTypeParameters=CR_CPU",  # one CPU per task (CR_Core would give a task a whole core)
                    "MpiDefault=pmi2",
                    "SchedulerType=sched/backfill",
                    "ReturnToService=2",
                    "KillWait=5",
                    "MinJobAge=600",
                    "JobAcctGatherType=jobacct_gather/none",
                    "AccountingStorageType=accounting_storage/none",
                    "JobCompType=jobcomp/none",
                    f"NodeName={self.node} NodeAddr=127.0.0.1 CPUs={self.cpus} State=UNKNOWN",
                    "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
                    "",
                ]
            )
        )

    def _run(self, *cmd: str) -> None:
        r = subprocess.run(list(cmd), capture_output=True, text=True, check=False, env={**os.environ, **self.env})
        if r.returncode != 0:
            raise SlurmUnavailable(f"{cmd[0]} failed ({r.returncode}): {r.stderr.strip() or r.stdout.strip()}")

    def start(self, timeout: float = 60.0) -> LocalSlurm:
        ensure_installed()
        r = self.root
        for d in ("state", "spool"):
            (r / d).mkdir(parents=True, exist_ok=True)
        self._write_conf()
        self._run("mungekey", "--create", f"--keyfile={r / 'munge.key'}", "--force")
        self._run(
            "munged",
            "--force",
            f"--socket={r / 'munge.sock'}",
            f"--key-file={r / 'munge.key'}",
            f"--log-file={r / 'munged.log'}",
            f"--pid-file={r / 'munged.pid'}",
            f"--seed-file={r / 'munged.seed'}",
        )
        self._pids["munged"] = r / "munged.pid"
        self._run("slurmctld", "-f", str(self.conf))
        self._pids["slurmctld"] = r / "slurmctld.pid"
        self._run("slurmd", "-f", str(self.conf), "-N", self.node)
        self._pids["slurmd"] = r / "slurmd.pid"
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            out = subprocess.run(
                ["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, env={**os.environ, **self.env}, check=False
            ).stdout
            if "idle" in out or "mixed" in out:
                return self
            time.sleep(0.3)
        self.stop()
        raise SlurmUnavailable(f"the node did not come up within {timeout:g} s (see {r}/slurmctld.log)")

    def stop(self) -> None:
        """Terminate the daemons this object started (pid files), then wait for them to exit."""
        for name in ("slurmd", "slurmctld", "munged"):
            pidfile = self._pids.pop(name, None)
            if pidfile is None or not pidfile.is_file():
                continue
            try:
                pid = int(pidfile.read_text().strip())
                os.kill(pid, signal.SIGTERM)
            except (ValueError, ProcessLookupError):
                continue
            for _ in range(100):
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
            else:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def __enter__(self) -> LocalSlurm:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
