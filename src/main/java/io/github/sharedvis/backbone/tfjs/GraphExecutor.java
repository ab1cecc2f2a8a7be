package io.github.sharedvis.backbone.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of a {@link TfjsGraphModel}: walks the needed nodes in topological order, keeps
 * each value until its last consumer has run and then closes it, so that memory stays flat. Each
 * operation runs in its own sub-scope (inputs enter it as views), so every temporary it makes is
 * freed when it returns; only its outputs move to the evaluation scope.
 */
final class GraphExecutor {

    /**
     * A value flowing through the graph.
     *
     * @param array the data
     * @param channelsFirst true when {@code array} is a 4-D NHWC value stored as NCHW
     * @param owned false for constants and the caller's input, which an evaluation never closes
     */
    record Value(NDArray array, boolean channelsFirst, boolean owned) {}

    private final TfjsGraphModel model;
    private final NDManager outer;

    GraphExecutor(TfjsGraphModel model, NDManager outer) {
        this.model = model;
        this.outer = outer;
    }

    /**
     * @param input the float pixels fed at the model's feed node
     * @param layout the layout of the input and of 4-D outputs
     * @param outputs requested node references ({@code name} or {@code name:k})
     * @param shapeSink when not null, every computed node is evaluated and its TF (NHWC) output
     *     shape recorded here (the outputs list may then be empty)
     * @return the outputs, attached to the outer manager
     */
    NDList run(NDArray input, TfjsGraphModel.Layout layout, List<String> outputs, Map<String, long[]> shapeSink) {
        DataType dtype = input.getDataType();
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) {
            throw new IllegalArgumentException("input must be float32 or float64, got " + dtype);
        }
        List<String> needed;
        if (shapeSink != null) {
            needed = new ArrayList<>();
            for (String n : model.nodeNames()) {
                if (!model.node(n).op().equals("Placeholder") || n.equals(model.feedNode())) {
                    needed.add(n);
                }
            }
        } else {
            needed = model.ancestors(outputs);
        }
        Map<String, Integer> uses = new HashMap<>();
        for (String n : needed) {
            for (String d : model.dependencies(n)) {
                uses.merge(d, 1, Integer::sum);
            }
        }
        for (String o : outputs) {
            uses.merge(GraphNode.nodeOf(o), 1, Integer::sum);
        }
        Map<String, Value[]> values = new HashMap<>();
        try (NDManager scope = outer.newSubManager()) {
            for (String n : needed) {
                GraphNode g = model.node(n);
                Value[] out;
                if (n.equals(model.feedNode())) {
                    boolean cf = layout == TfjsGraphModel.Layout.NCHW;
                    if (cf && input.getShape().get(1) != 3 && input.getShape().get(3) == 3) {
                        throw new IllegalArgumentException("input " + input.getShape() + " is not NCHW [N, 3, H, W]");
                    }
                    out = new Value[] {new Value(input, cf, false)};
                } else if (g.op().equals("Const")) {
                    out = new Value[] {new Value(model.constant(n), false, false)};
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
                    String op = isAlias(n) ? "Identity" : g.op();
                    out = apply(g, op, ins, scope, dtype);
                }
                values.put(n, out);
                if (shapeSink != null && !g.op().equals("Const")) {
                    for (int k = 0; k < out.length; k++) {
                        shapeSink.put(k == 0 ? n : n + ":" + k, logicalShape(out[k]));
                    }
                }
                for (String d : model.dependencies(n)) {
                    release(d, uses, values);
                }
                if (shapeSink != null && !uses.containsKey(n)) {
                    uses.put(n, 1);
                    release(n, uses, values);
                }
            }
            NDList result = new NDList();
            for (String o : outputs) {
                Value v = values.get(GraphNode.nodeOf(o))[GraphNode.outputOf(o)];
                NDArray a = v.array();
                if (a.getShape().dimension() == 4) {
                    a = layout == TfjsGraphModel.Layout.NCHW ? Ops.channelsFirst(v) : Ops.logical(v);
                }
                if (a == v.array() && !v.owned()) {
                    a = a.duplicate();
                }
                result.add(a);
            }
            result.attach(outer);
            return result;
        }
    }

    private boolean isAlias(String n) {
        return !model.resolve(n).equals(n);
    }

    private List<String> aliasedInputs(GraphNode g) {
        if (isAlias(g.name())) {
            return List.of(model.resolve(g.name()));
        }
        List<String> out = new ArrayList<>();
        for (String in : g.inputs()) {
            out.add(model.resolve(in));
        }
        return out;
    }

    private static void release(String d, Map<String, Integer> uses, Map<String, Value[]> values) {
        int left = uses.merge(d, -1, Integer::sum);
        if (left == 0) {
            Value[] vs = values.remove(d);
            if (vs != null) {
                for (Value v : vs) {
                    if (v.owned()) {
                        v.array().close();
                    }
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
                    views.add(v); // a filter kept only in the engine's layout (see TfjsGraphModel)
                    continue;
                }
                NDArray view = Ops.view(v.array());
                view.attach(opScope);
                if (view.getDataType().isFloating() && view.getDataType() != dtype) {
                    view = view.toType(dtype, false);
                }
                views.add(new Value(view, v.channelsFirst(), true));
            }
            Value[] out;
            try {
                out = Ops.apply(new Ops.Ctx(model, g, opScope, dtype), op, views);
            } catch (RuntimeException e) {
                throw new IllegalStateException(model.file() + ": evaluating node '" + g.name() + "' (" + g.op()
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
