"""The session-wide test settings in conftest.py: one compute thread, here and in workers."""

from __future__ import annotations

import subprocess
import sys

import torch


def test_torch_runs_one_thread_in_the_test_process() -> None:
    assert torch.get_num_threads() == 1


def test_processes_the_tests_start_run_torch_on_one_thread() -> None:
    # Synthesis workers (spawned), Ray workers and subprocesses inherit the environment.
    out = subprocess.run(
        [sys.executable, "-c", "import torch; print(torch.get_num_threads())"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "1"
