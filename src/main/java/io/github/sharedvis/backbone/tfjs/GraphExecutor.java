package io.github.sharedvis.backbone.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a {@link GraphPlan.Schedule}: walks its steps, keeps each value until the schedule
 * frees it and then closes it, so that memory stays flat. Each operation runs in its own sub-scope
 * (inputs enter it as views), so every temporary it makes is freed when it returns; only its outputs
 * move to the evaluation scope.
 */
final class GraphExecutor {

    private final Path file;
    private final GraphPlan plan;
    private final EngineWeights weights;

    /**
     * @param file the model's file, for messages
     * @param plan the graph's plan
     * @param weights the constants to evaluate with
     */
    GraphExecutor(Path file, GraphPlan plan, EngineWeights weights) {
        this.file = file;
        this.plan = plan;
        this.weights = weights;
    }

    /**
     * Evaluates the outputs for a batch, in one pass when {@code oneBatch}, else image by image
     * (results concatenated along axis 0), for graphs whose operations mix the images of a batch.
     *
     * @param input float pixels {@code [N, H, W, 3]} or {@code [N, 3, H, W]}
     * @param layout the layout of the input and of 4-D outputs
     * @param outputs node references
     * @param oneBatch whether the whole batch may run at once
     * @return the outputs, attached to the input's manager
     */
    NDList execute(NDArray input, TfjsGraphModel.Layout layout, List<String> outputs, boolean oneBatch) {
        long n = input.getShape().get(0);
        if (n == 1 || oneBatch) {
            return run(input.getManager(), plan.schedule(outputs), input, layout, outputs, null);
        }
        NDManager outer = input.getManager();
        List<NDList> parts = new ArrayList<>();
        GraphPlan.Schedule schedule = plan.schedule(outputs);
        try (NDManager scope = outer.newSubManager()) {
            for (long i = 0; i < n; i++) {
                NDArray xi = input.get(i + ":" + (i + 1));
                xi.attach(scope);
                NDList r = run(scope, schedule, xi, layout, outputs, null);
                r.attach(scope);
                parts.add(r);
            }
            NDList out = new NDList();
            for (int k = 0; k < outputs.size(); k++) {
                NDList col = new NDList();
                for (NDList p : parts) {
                    col.add(p.get(k));
                }
                NDArray cat = col.size() == 1 ? col.get(0).duplicate() : NDArrays.concat(col, 0);
                cat.attach(outer);
                out.add(cat);
            }
            return out;
        }
    }

    /**
     * Evaluates every node once and records its TF (NHWC) output shape.
     *
     * @param input float pixels {@code [1, H, W, 3]}
     * @param shapes where each computed node's shape goes ({@code name}, or {@code name:k} for k > 0)
     */
    void probe(NDArray input, Map<String, long[]> shapes) {
        run(input.getManager(), plan.probeSchedule(), input, TfjsGraphModel.Layout.NHWC, List.of(), shapes);
    }

    private NDList run(NDManager outer, GraphPlan.Schedule schedule, NDArray input, TfjsGraphModel.Layout layout,
            List<String> outputs, Map<String, long[]> shapeSink) {
        DataType dtype = input.getDataType();
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) {
            throw new IllegalArgumentException("input must be float32 or float64, got " + dtype);
        }
        Map<String, Value[]> values = new HashMap<>();
        try (NDManager scope = outer.newSubManager()) {
            List<String> steps = schedule.steps();
            for (int i = 0; i < steps.size(); i++) {
                String n = steps.get(i);
                GraphNode g = plan.node(n);
                Value[] out;
                if (n.equals(plan.feedNode())) {
                    boolean cf = layout == TfjsGraphModel.Layout.NCHW;
                    if (cf && input.getShape().get(1) != 3 && input.getShape().get(3) == 3) {
                        throw new IllegalArgumentException("input " + input.getShape() + " is not NCHW [N, 3, H, W]");
                    }
                    out = new Value[] {new Value(input, cf, false)};
                } else if (g.op().equals("Const")) {
                    out = new Value[] {new Value(weights.constant(n), false, false)};
                } else if (g.op().equals("Placeholder")) {
                    continue; // the integer input itself: never needed, the float pixels enter at the Cast
                } else {
                    List<Value> ins = new ArrayList<>();
                    for (String ref : aliasedInputs(g)) {
                        Value[] vs = values.get(GraphNode.nodeOf(ref));
                        int k = GraphNode.outputOf(ref);
                        if (vs == null || k >= vs.length) {
                            throw new IllegalStateException("node '" + n + "' input '" + ref + "' was not computed");
                        }
                        ins.add(vs[k]);
                    }
                    String op = plan.isAlias(n) ? "Identity" : g.op();
                    out = apply(g, op, ins, scope, dtype);
                }
                values.put(n, out);
                if (shapeSink != null && !g.op().equals("Const")) {
                    for (int k = 0; k < out.length; k++) {
                        shapeSink.put(k == 0 ? n : n + ":" + k, logicalShape(out[k]));
                    }
                }
                for (String dead : schedule.freeAfter().get(i)) {
                    release(values.remove(dead));
                }
            }
            NDList result = new NDList();
            for (String o : outputs) {
                Value v = values.get(GraphNode.nodeOf(o))[GraphNode.outputOf(o)];
                NDArray a = v.array();
                if (a.getShape().dimension() == 4) {
                    a = layout == TfjsGraphModel.Layout.NCHW ? OpSupport.channelsFirst(v) : OpSupport.logical(v);
                }
                if (a == v.array() && !v.owned()) {
                    a = a.duplicate(); // the caller may close its result; constants and the input must survive
                }
                result.add(a);
            }
            result.attach(outer);
            return result;
        }
    }

    private List<String> aliasedInputs(GraphNode g) {
        if (plan.isAlias(g.name())) {
            return List.of(plan.resolve(g.name()));
        }
        List<String> out = new ArrayList<>();
        for (String in : g.inputs()) {
            out.add(plan.resolve(in));
        }
        return out;
    }

    private static void release(Value[] vs) {
        if (vs != null) {
            for (Value v : vs) {
                if (v.owned()) {
                    v.array().close();
                }
            }
        }
    }

    private static long[] logicalShape(Value v) {
        long[] s = v.array().getShape().getShape();
        if (v.channelsFirst()) {
            return new long[] {s[0], s[2], s[3], s[1]};
        }
        return s;
    }

    private Value[] apply(GraphNode g, String op, List<Value> ins, NDManager scope, DataType dtype) {
        try (NDManager opScope = scope.newSubManager()) {
            List<Value> views = new ArrayList<>(ins.size());
            for (Value v : ins) {
                if (v.array() == null) {
                    views.add(v); // a filter kept only in the engine's layout (see EngineWeights)
                    continue;
                }
                NDArray view = OpSupport.view(v.array());
                view.attach(opScope);
                if (view.getDataType().isFloating() && view.getDataType() != dtype) {
                    view = view.toType(dtype, false);
                }
                views.add(new Value(view, v.channelsFirst(), true));
            }
            Value[] out;
            try {
                out = OpRegistry.apply(new OpContext(weights, g, op, opScope, dtype), views);
            } catch (RuntimeException e) {
                throw new IllegalStateException(file + ": evaluating node '" + g.name() + "' (" + g.op()
                        + ") failed on inputs " + ins.stream().map(v -> v.array().getShape().toString()).toList()
                        + ": " + e.getMessage(), e);
            }
            for (Value v : out) {
                v.array().attach(scope);
            }
            return out;
        }
    }
}
