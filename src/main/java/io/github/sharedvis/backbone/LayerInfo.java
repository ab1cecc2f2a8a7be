package io.github.sharedvis.backbone;

import java.util.Arrays;

/**
 * A node of a network at which it can be cut.
 *
 * @param name the network's own node name
 * @param shape the node's output shape for one image ({@code [C, H, W]} or {@code [D]}), or an empty
 *     array when it is not known without running the network
 */
public record LayerInfo(String name, long[] shape) {
    @Override
    public String toString() {
        return shape.length == 0 ? name : name + " " + Arrays.toString(shape);
    }
}
