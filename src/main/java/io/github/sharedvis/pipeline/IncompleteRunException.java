package io.github.sharedvis.pipeline;

import java.io.IOException;

/**
 * A part of a sharded run was asked for before the parts it needs are done (the merge before every
 * shard, an explain shard before the fit). Not a failure of the input: the same command succeeds
 * once the listed parts are done. The command line exits with {@code 75} (EX_TEMPFAIL of sysexits.h),
 * which schedulers can treat as "requeue later".
 */
public final class IncompleteRunException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is missing and the commands that make it */
    public IncompleteRunException(String message) {
        super(message);
    }
}
