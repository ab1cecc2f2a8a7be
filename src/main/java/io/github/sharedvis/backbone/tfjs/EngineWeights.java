package io.github.sharedvis.backbone.tfjs;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.Engines;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's constants as engine arrays, made once at load in their own manager (closed with the
 * model): raw constants in TF's shape, and convolution filters already in the engine's layout
 * ({@code [out, in, kh, kw]}, depthwise {@code [in * mult, 1, kh, kw]}) so that no evaluation
 * transposes them again. A constant read only as a convolution filter is kept in the engine's
 * layout alone.
 */
final class EngineWeights implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> constants = new HashMap<>();
    private final Map<String, NDArray> convWeights = new HashMap<>();
    private final EngineKernels kernels;

    /**
     * @param plan the graph's nodes and their consumers
     * @param nodes every node name (the graph's)
     * @param data the constants' values (the model's, or a randomised copy's)
     * @param device where the arrays live
     */
    EngineWeights(GraphPlan plan, Set<String> nodes, Map<String, ConstData> data, Device device) {
        this.manager = NDManager.newBaseManager(device, Engines.PYTORCH);
        EngineKernels k = null;
        try {
            prepare(plan, nodes, data);
            k = new EngineKernels(manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.kernels = k;
    }

    private void prepare(GraphPlan plan, Set<String> nodes, Map<String, ConstData> data) {
        Set<String> filterOnly = new HashSet<>();
        for (String name : nodes) {
            GraphNode g = plan.node(name);
            if (g.op().equals("Const")) {
                List<String> cs = plan.consumers(g.name());
                boolean onlyFilter = !cs.isEmpty();
                for (String c : cs) {
                    GraphNode user = plan.node(c);
                    if (!(OpRegistry.isConvolution(user.op()) && GraphNode.nodeOf(user.inputs().get(1)).equals(g.name())
                            && !GraphNode.nodeOf(user.inputs().get(0)).equals(g.name()))) {
                        onlyFilter = false;
                    }
                }
                if (onlyFilter) {
                    filterOnly.add(g.name());
                }
            }
        }
        for (Map.Entry<String, ConstData> e : data.entrySet()) {
            if (!nodes.contains(e.getKey()) || filterOnly.contains(e.getKey())) {
                continue;
            }
            constants.put(e.getKey(), toArray(e.getValue()));
        }
        for (String name : nodes) {
            GraphNode g = plan.node(name);
            if (!OpRegistry.isConvolution(g.op())) {
                continue;
            }
            String w = GraphNode.nodeOf(g.inputs().get(1));
            ConstData d = data.get(w);
            if (d == null || d.floats() == null || d.shape().length != 4) {
                continue; // a computed filter is converted at run time
            }
            boolean depthwise = g.op().contains("Depthwise");
            long[] fs = d.shape();
            long[] engineShape = depthwise ? new long[] {fs[2] * fs[3], 1, fs[0], fs[1]}
                    : new long[] {fs[3], fs[2], fs[0], fs[1]};
            convWeights.computeIfAbsent(w + (depthwise ? "#depthwise" : "#conv"),
                    k -> manager.create(SpatialOps.filterToEngine(d.floats(), fs, depthwise), new Shape(engineShape)));
        }
    }

    private NDArray toArray(ConstData d) {
        Shape s = new Shape(d.shape());
        if (d.floats() != null) {
            return manager.create(d.floats(), s);
        }
        NDArray a = manager.create(d.ints(), s);
        return d.dtype().equals("bool") ? a.toType(DataType.BOOLEAN, false) : a;
    }

    /** @return a constant's array, or null for one kept only as a converted filter */
    NDArray constant(String name) {
        return constants.get(name);
    }

    /** @return a constant filter in the engine's layout, or null when the filter is computed */
    NDArray convWeight(String name, boolean depthwise) {
        return convWeights.get(name + (depthwise ? "#depthwise" : "#conv"));
    }

    /** @return the engine kernels DJL's API lacks (their module lives as long as these weights) */
    EngineKernels kernels() {
        return kernels;
    }

    /** Bytes of the engine arrays held (constants and converted filters). */
    long nativeBytes() {
        long b = 0;
        for (NDArray a : constants.values()) {
            b += a.getShape().size() * a.getDataType().getNumOfBytes();
        }
        for (NDArray a : convWeights.values()) {
            b += a.getShape().size() * a.getDataType().getNumOfBytes();
        }
        return b;
    }

    @Override
    public void close() {
        kernels.close();
        manager.close();
    }
}
