"""The Ray runner: the same per-document stage functions, run as Ray tasks.

Only *where* the work runs changes. Documents go out in chunks, `process_document`
runs on the cluster's workers, and the results come back to the driver, which writes
them to the store in the same batches and transactions as the local runner; the
cross-article stages then run once, on the driver, over the whole store. So a store
built with Ray holds exactly what a local run would have built (a test compares them).

Install with the `ray` extra: `pip install 'onrecord[ray]'`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence


class RayUnavailable(RuntimeError):
    pass


def _process_chunk(fn: Callable, items: Sequence, config) -> list:
    return [fn(item, config) for item in items]


class RayRunner:
    """Map a pure per-document function over documents on a Ray cluster.

    `address` is "local" (start a Ray instance on this machine with `jobs` CPUs) or the
    address of an existing cluster ("ray://head:10001" or "auto").
    """

    def __init__(self, address: str = "local", *, jobs: int = 0, chunk_size: int = 16):
        try:
            import ray
        except ImportError as exc:
            raise RayUnavailable("Ray is not installed: pip install 'onrecord[ray]'") from exc
        self._ray = ray
        self.chunk_size = max(1, chunk_size)
        # Telemetry would try the network; the project runs offline.
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        if not ray.is_initialized():
            if address == "local":
                ray.init(
                    num_cpus=jobs or os.cpu_count() or 1,
                    include_dashboard=False,
                    log_to_driver=False,
                    object_store_memory=256 * 1024 * 1024,
                )
            else:
                ray.init(address=address, include_dashboard=False, log_to_driver=False)
        self._remote = ray.remote(_process_chunk)

    def map(self, fn: Callable, items: Sequence, config) -> Iterator:
        if not items:
            return iter(())
        ray = self._ray
        fn_ref = ray.put(fn)
        config_ref = ray.put(config)
        chunks = [items[i : i + self.chunk_size] for i in range(0, len(items), self.chunk_size)]
        futures = [self._remote.remote(fn_ref, chunk, config_ref) for chunk in chunks]

        def results() -> Iterator:
            for future in futures:  # in submission order, so writes are deterministic
                yield from ray.get(future)

        return results()

    def close(self) -> None:
        if self._ray.is_initialized():
            self._ray.shutdown()
