# Sourced by bin/sharedvis (and benchmarks/extract.sh): the process environment libtorch runs best in.
# glibc malloc: keep freed native memory for reuse instead of handing it back to the kernel. libtorch
# allocates and frees every activation of every pass; above glibc's mmap threshold (at most 32 MB) each
# one was a fresh mmap faulted in page by page (about 5-7k minor faults per image in extraction, 30-45%
# of the CPU time in the kernel; benchmarks/results/extract.txt). Cost: the process keeps its peak
# native heap until it exits. Set any of these yourself to override.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" MALLOC_MMAP_MAX_="${MALLOC_MMAP_MAX_:-0}" \
  MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}" MALLOC_TOP_PAD_="${MALLOC_TOP_PAD_:-268435456}"
