"""A measurement in a child process: its answer, its own CPU, and a failure said in one line."""

from __future__ import annotations

import sys

import pytest

from simul.bench.child import ChildRun, module_argv, run_child
from simul.bench.errors import BenchError


def test_the_child_answers_on_its_last_line_and_its_cpu_is_its_own() -> None:
    program = "import json, time\nend = time.process_time() + 0.05\nwhile time.process_time() < end: pass\n"
    program += "print('warming up')\nprint(json.dumps({'plies': 12}))"
    run = run_child([sys.executable, "-c", program], "a busy child")
    assert run.answer() == {"plies": 12}
    assert run.cpu_seconds >= 0.05  # from wait4: this child's, its start-up included


def test_a_child_that_fails_is_one_line_naming_it_and_its_last_words() -> None:
    program = "import sys\nprint('partial')\nsys.exit('RuntimeError: can\\'t start new thread')"
    with pytest.raises(BenchError, match=r"^the threads way failed: RuntimeError: can't start new thread$"):
        run_child([sys.executable, "-c", program], "the threads way")


def test_a_child_killed_without_a_word_is_said_by_its_exit_code() -> None:
    with pytest.raises(BenchError, match=r"^a child failed: exit code -9$"):
        run_child([sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"], "a child")


@pytest.mark.parametrize("stdout", ["", "figures follow\n", "[1, 2]\n", "{'not': json}\n"])
def test_a_child_that_printed_no_figures_is_a_bench_error(stdout: str) -> None:
    with pytest.raises(BenchError, match="printed no figures"):
        ChildRun(stdout, 1.0, 1.0).answer()


def test_a_module_runs_with_this_interpreter() -> None:
    assert module_argv("simul.bench.scale_child", 50, 10, 1) == [
        sys.executable,
        "-m",
        "simul.bench.scale_child",
        "50",
        "10",
        "1",
    ]
