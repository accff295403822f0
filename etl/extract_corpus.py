"""`python -m etl extract-corpus`: the extractor mapped over every text of a corpus on Dask, written as
Parquet partitioned by a hash of the document id.

Each task extracts a run of documents of one bucket (`crc32(doc) % buckets`) and writes them as one file,
`<out>/doc_bucket=<b>/part.<task>.parquet`; DuckDB reads the whole folder with
`read_parquet('<out>/**/*.parquet', hive_partitioning = true)` (`doc_bucket` becomes a column).
`--workers N` runs the tasks on a local Dask cluster of N single-threaded worker processes; `--scheduler
tcp://HOST:8786` sends the same tasks to a running Dask cluster, whose workers need this repository
installed and the corpus and output folder at the same path. The output appears all at once: it is written
beside `--out` and swapped in when complete, so a failed run leaves the previous output untouched.

The tasks are a plain map (`Client.map`): each worker extracts and writes its own file with pyarrow, so no
table travels between processes and neither side imports pandas or dask.dataframe. Dask's statistical
profiler, which samples every thread of every process 100 times a second for its dashboard, is switched
off: there is no dashboard here, and its samples took the extracting thread's turn at the interpreter;
the periodic checks of Dask's processes run every second or few (`QUIET_CLUSTER`).

This is the only module of `etl/` that starts worker processes (Dask's); Dask is imported only here and
only when the command runs (`uv sync --group engine`). The extractor and pyarrow are imported where the
tasks run: the client process, which plans the tasks and waits, needs neither (importing them there took
CPU from the workers on a machine with as many cores as workers).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import logging
import shutil
import zlib
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

    from etl.extract import Gazetteer

BUCKET = "doc_bucket"
"""The partition column: crc32 of the document id modulo the number of buckets."""
BUCKETS = 16
DOCS_PER_TASK = 100
"""Documents extracted by one task: large enough that scheduling costs little, small enough to balance."""
ARROW_TYPES = {"int": "int64", "float": "double", "bool": "bool", "str": "string", "str | None": "string"}
"""Arrow type (`pyarrow.type_for_alias`) of each annotation of `Candidate`'s fields."""


QUIET_CLUSTER = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}
"""Dask settings of the local cluster: no statistical profiler, and its processes' periodic checks (event
loop health, system metrics for the dashboard, the nanny's memory watch) every second or few instead of
every 20-500 ms. Idle, a one-worker cluster then burns 0.28 s of CPU in 20 s instead of 1.72 s, which
on a long run counted as a third of the extraction's own time when the machine was busy."""


class CorpusError(Exception):
    """A text the extractor cannot read; the message names the file (raised in a worker, shown by the CLI)."""


@dataclasses.dataclass(frozen=True)
class Document:
    path: str
    doc: str
    published: dt.date | None


def candidate_schema() -> pa.Schema:
    """The Parquet columns: the candidate's fields (what `etl extract --format parquet` writes; the bucket is
    the folder's name)."""
    import pyarrow as pa

    from etl.candidate import Candidate

    fields = dataclasses.fields(Candidate)
    return pa.schema([pa.field(f.name, pa.type_for_alias(ARROW_TYPES[str(f.type)])) for f in fields])


def bucket_of(doc: str, buckets: int) -> int:
    """A document's bucket, the same in every process and on every machine (unlike `hash`)."""
    return zlib.crc32(doc.encode("utf-8")) % buckets


def plan(
    files: Sequence[Path], published: Mapping[str, dt.date], buckets: int = BUCKETS, per_task: int = DOCS_PER_TASK
) -> list[list[Document]]:
    """The tasks: documents grouped by bucket, at most `per_task` in each, in file order within a bucket; a
    bucket's tasks are of nearly equal size (125 documents make 63 + 62, not 100 + 25), so that workers
    finish together."""
    by_bucket: dict[int, list[Document]] = defaultdict(list)
    for path in files:
        by_bucket[bucket_of(path.stem, buckets)].append(Document(str(path), path.stem, published.get(path.name)))
    tasks = []
    for bucket in sorted(by_bucket):
        documents = by_bucket[bucket]
        parts = -(-len(documents) // per_task)
        cuts = [len(documents) * part // parts for part in range(parts + 1)]
        tasks += [documents[start:end] for start, end in itertools.pairwise(cuts)]
    return tasks


def extract_documents(documents: Sequence[Document], gazetteer: Gazetteer) -> pa.Table:
    """Every candidate of the documents, as `etl extract` finds them, in the columns it writes."""
    import pyarrow as pa

    from etl.extract import NotARegularFileError, NotUtf8Error, check_utf8, extract_file

    rows: list[dict[str, object]] = []
    for document in documents:
        path = Path(document.path)
        try:
            check_utf8(path)
        except NotUtf8Error as error:
            raise CorpusError(f"{error}; convert it to UTF-8 first") from None
        except NotARegularFileError as error:
            raise CorpusError(f"{error}; give a text file") from None
        except OSError as error:
            raise CorpusError(f"{path}: cannot read: {error.strerror}") from None
        rows += (candidate.as_dict() for candidate in extract_file(path, document.doc, document.published, gazetteer))
    return pa.Table.from_pylist(rows, schema=candidate_schema())


def write_task(documents: Sequence[Document], task: int, gazetteer: Gazetteer, folder: str, buckets: int) -> int:
    """One task: extract the documents (all of one bucket) and write their candidates as
    `<folder>/doc_bucket=<b>/part.<task>.parquet` (no file when there are none); the number written."""
    import pyarrow.parquet as pq

    table = extract_documents(documents, gazetteer)
    if table.num_rows:
        partition = Path(folder) / f"{BUCKET}={bucket_of(documents[0].doc, buckets)}"
        partition.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, partition / f"part.{task}.parquet")
    return table.num_rows


@contextlib.contextmanager
def dask_client(workers: int, scheduler: str | None) -> Iterator[object]:
    """A client of the cluster at `scheduler`, or of a local cluster of `workers` worker processes."""
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        dask.config.set(QUIET_CLUSTER),
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def extract_corpus(
    tasks: list[list[Document]], gazetteer: Gazetteer, out: Path, buckets: int = BUCKETS, workers: int = 1,
    scheduler: str | None = None,
) -> int:  # fmt: skip
    """Run the tasks on Dask, write the partitioned Parquet folder `out` (replaced whole) and count candidates."""
    partial = out.with_name(f".{out.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    with dask_client(workers, scheduler) as client:
        written = client.map(  # type: ignore[attr-defined]
            write_task, tasks, range(len(tasks)), gazetteer=gazetteer, folder=str(partial), buckets=buckets,
            pure=False,
        )  # fmt: skip
        count = sum(client.gather(written))  # type: ignore[attr-defined]
    _replace_folder(partial, out)
    return count


def _replace_folder(new: Path, out: Path) -> None:
    """Put the complete folder `new` at `out`; the previous `out` is removed only after the swap."""
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)
