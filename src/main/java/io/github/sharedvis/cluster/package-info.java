/**
 * Running one sharedvis job on many processes: scripts for a scheduler ({@link ShardPlan}: a SLURM
 * batch chain or background processes on a workstation) that run the sharded steps
 * ({@code --shard I/N}) in order and merge them. The sharding itself lives in the pipeline.
 *
 * <p>May depend on: {@code util} (it writes text; it does not open runs).
 */
package io.github.sharedvis.cluster;
