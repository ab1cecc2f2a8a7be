package io.github.sharedvis.backbone;

import ai.djl.ndarray.NDArray;

/**
 * Turns a node's output into {@code [N, D]}: {@code [N, C, H, W]} is averaged over space
 * ({@link Pooling#AVERAGE}, giving {@code [N, C]}) or flattened ({@link Pooling#NONE}); any other
 * shape is flattened per image.
 */
public final class Pool {
    private Pool() {}

    /**
     * @param node a node's output, batch first
     * @param pooling the pooling
     * @return {@code [N, D]}
     */
    public static NDArray apply(NDArray node, Pooling pooling) {
        long n = node.getShape().get(0);
        if (pooling == Pooling.AVERAGE && node.getShape().dimension() == 4) {
            return node.reshape(n, node.getShape().get(1), -1).mean(new int[] {2});
        }
        if (node.getShape().dimension() == 2) {
            return node;
        }
        return node.reshape(n, -1);
    }
}
