"""Pages made by helper processes: every job done once, a helper's failure never hidden."""

import os

import pytest
from catalog.parallel import HeadStart, available_processes, map_forked


def write_number(folder):
    def do(job: int) -> None:
        (folder / f"{job}.txt").write_text(f"{job} {os.getpid()}", encoding="utf-8")

    return do


def test_every_job_is_done_once_by_the_helper_or_this_process(tmp_path):
    jobs = list(range(300))
    head_start = HeadStart(jobs, write_number(tmp_path))
    head_start.start()
    head_start.finish()
    written = sorted(int(path.stem) for path in tmp_path.glob("*.txt"))
    assert written == jobs


def test_a_failing_job_fails_the_build_with_its_error(tmp_path):
    def do(job: int) -> None:
        if job == 0:
            raise ValueError("gabarit cassé")
        write_number(tmp_path)(job)

    head_start = HeadStart(list(range(100)), do)
    head_start.start()
    # Whichever process took the first chunk, its error reaches this process.
    with pytest.raises((ValueError, RuntimeError), match="gabarit cassé"):
        head_start.finish()


def test_map_forked_gives_every_result_in_order_from_other_processes():
    results = map_forked(lambda job: (job * job, os.getpid()), list(range(6)))
    assert [square for square, _ in results] == [n * n for n in range(6)]
    if available_processes() > 1:
        assert os.getpid() not in {pid for _, pid in results}


def test_map_forked_raises_what_a_job_raised():
    def parse(job: str) -> str:
        if job == "cassé":
            raise ValueError("flux illisible")
        return job

    with pytest.raises(ValueError, match="flux illisible"):
        map_forked(parse, ["alpha", "cassé", "gamma"])
