package io.github.sharedvis.backbone.tfjs;

import java.util.List;

/** The implementation of one TensorFlow operation in DJL NDArray terms (see {@link OpRegistry}). */
@FunctionalInterface
interface Op {

    /**
     * @param c the node, its scope and the evaluation's float type
     * @param in the node's inputs in graph order, as views owned by the operation's scope
     * @return the node's outputs ({@code name:k} is element k), made in {@code c.manager()}
     */
    Value[] apply(OpContext c, List<Value> in);
}
