package io.github.sharedvis.backbone.tfjs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What to evaluate, in which order, and when each value may be freed, for a {@link ParsedGraph}.
 * Immutable once built, so a randomised copy of a model shares its plan.
 *
 * <p>Made once per model: the input and where float pixels enter it ({@link #feedNode()}: past the
 * {@code Cast} of an integer input, so that gradients reach them), peephole aliases that turn
 * batch-size-1 idioms into identities, and a topological order. Per request: the nodes an output
 * needs ({@link #ancestors}), whether they keep images independent ({@link #batchSafe}), and a
 * {@link Schedule} saying after which step each intermediate is dead.
 */
final class GraphPlan {

    /**
     * The steps of one evaluation and, after each, the nodes whose values nothing later reads.
     *
     * @param steps the nodes to evaluate, in topological order
     * @param freeAfter for each step (same index), the nodes to release once it has run
     */
    record Schedule(List<String> steps, List<List<String>> freeAfter) {}

    private final Path file;
    private final Map<String, GraphNode> nodes;
    private final Map<String, ConstData> constants;
    private final String placeholder;
    private final long[] inputShape;
    private final String inputType;
    private final Map<String, List<String>> consumers;
    private final String feedNode;
    private final Map<String, String> aliases;
    private final List<String> order;

    /**
     * @param g the parsed graph
     * @throws IOException when the graph has not exactly one input, an integer input is not cast
     *     to float, or the graph has a cycle
     */
    GraphPlan(ParsedGraph g) throws IOException {
        this.file = g.file();
        this.nodes = g.nodes();
        this.constants = g.constants();
        List<String> ph = nodes.values().stream().filter(n -> n.op().equals("Placeholder"))
                .map(GraphNode::name).toList();
        if (ph.size() != 1) {
            throw new IOException(file + ": expected one input (Placeholder), found " + ph
                    + "; only single-input image models are supported");
        }
        this.placeholder = ph.get(0);
        GraphNode p = nodes.get(placeholder);
        this.inputShape = p.placeholderShape();
        this.inputType = p.typeAttr("dtype", "DT_FLOAT");
        Map<String, List<String>> cons = new HashMap<>();
        for (GraphNode n : nodes.values()) {
            for (String in : n.inputs()) {
                cons.computeIfAbsent(GraphNode.nodeOf(in), k -> new ArrayList<>()).add(n.name());
            }
        }
        this.consumers = cons;
        this.feedNode = chooseFeed();
        this.aliases = peephole();
        this.order = topologicalOrder();
    }

    String placeholder() {
        return placeholder;
    }

    /** @return the input's declared NHWC shape ({@code -1} = any), or null; shared, do not modify */
    long[] inputShape() {
        return inputShape;
    }

    String inputType() {
        return inputType;
    }

    String feedNode() {
        return feedNode;
    }

    /** @return every node, topological order */
    List<String> order() {
        return order;
    }

    GraphNode node(String name) {
        return nodes.get(name);
    }

    /** The nodes that read a node's outputs (as written in the graph, before aliasing). */
    List<String> consumers(String name) {
        return consumers.getOrDefault(name, List.of());
    }

    /**
     * An integer input whose only consumers cast it to float is fed past the cast: the float pixels
     * enter there, which is what lets gradients reach them.
     */
    private String chooseFeed() throws IOException {
        if (inputType.equals("DT_FLOAT") || inputType.equals("DT_HALF") || inputType.equals("DT_DOUBLE")) {
            return placeholder;
        }
        List<String> cs = consumers(placeholder);
        if (cs.size() == 1 && nodes.get(cs.get(0)).op().equals("Cast")
                && nodes.get(cs.get(0)).typeAttr("DstT", "").equals("DT_FLOAT")) {
            return cs.get(0);
        }
        throw new IOException(file + ": input '" + placeholder + "' is " + inputType
                + " and not followed by a single Cast to float; gradients cannot reach integer pixels");
    }

    /**
     * Rewrites batch-size-1 idioms into identities so that N > 1 runs in one pass: a
     * {@code Squeeze(d)} of an {@code ExpandDims(d)}, and an {@code ExpandDims(a)} of the single output
     * of an {@code Unpack(axis=a, num=1)}. Returns node -> the value reference it equals.
     */
    private Map<String, String> peephole() {
        Map<String, String> alias = new HashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (GraphNode g : nodes.values()) {
                if (alias.containsKey(g.name()) || g.inputs().isEmpty()) {
                    continue;
                }
                for (String in : List.of(g.inputs().get(0), resolve(alias, g.inputs().get(0)))) {
                    GraphNode src = nodes.get(GraphNode.nodeOf(in));
                    String target = null;
                    if (g.op().equals("Squeeze") && src.op().equals("ExpandDims") && GraphNode.outputOf(in) == 0) {
                        Long d = constScalar(src, 1);
                        long[] sq = g.intsAttr("squeeze_dims");
                        if (d != null && sq.length == 1 && sq[0] == d && d >= 0) {
                            target = resolve(alias, src.inputs().get(0));
                        }
                    } else if (g.op().equals("ExpandDims") && src.op().equals("Unpack")
                            && src.intAttr("num", -1) == 1) {
                        Long d = constScalar(g, 1);
                        if (d != null && d == src.intAttr("axis", 0) && d >= 0) {
                            target = resolve(alias, src.inputs().get(0));
                        }
                    }
                    if (target != null) {
                        alias.put(g.name(), target);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return alias;
    }

    private static String resolve(Map<String, String> alias, String ref) {
        String r = ref;
        while (alias.containsKey(GraphNode.nodeOf(r)) && GraphNode.outputOf(r) == 0) {
            r = alias.get(GraphNode.nodeOf(r));
        }
        return r;
    }

    /** The value of a scalar integer constant input of a node, or null when it is not a constant. */
    private Long constScalar(GraphNode g, int input) {
        if (g.inputs().size() <= input) {
            return null;
        }
        GraphNode c = nodes.get(GraphNode.nodeOf(g.inputs().get(input)));
        ConstData d = constants.get(c.name());
        if (!c.op().equals("Const") || d == null || d.ints() == null || d.ints().length != 1) {
            return null;
        }
        return (long) d.ints()[0];
    }

    /** Resolves an input reference through the peephole aliases. */
    String resolve(String ref) {
        return resolve(aliases, ref);
    }

    /** Whether the node was aliased away (it evaluates as an {@code Identity} of its alias). */
    boolean isAlias(String node) {
        return !resolve(node).equals(node);
    }

    private List<String> topologicalOrder() throws IOException {
        List<String> out = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>();
        for (String n : nodes.keySet()) {
            visit(n, state, out);
        }
        return List.copyOf(out);
    }

    private void visit(String start, Map<String, Integer> state, List<String> out) throws IOException {
        // iterative DFS: graphs are deep (hundreds of nodes in a chain)
        ArrayDeque<String[]> stack = new ArrayDeque<>();
        if (state.getOrDefault(start, 0) == 2) {
            return;
        }
        stack.push(new String[] {start, "0"});
        while (!stack.isEmpty()) {
            String[] top = stack.peek();
            String name = top[0];
            int idx = Integer.parseInt(top[1]);
            if (idx == 0) {
                state.put(name, 1);
            }
            List<String> ins = dependencies(name);
            if (idx < ins.size()) {
                top[1] = Integer.toString(idx + 1);
                String dep = ins.get(idx);
                int s = state.getOrDefault(dep, 0);
                if (s == 1) {
                    throw new IOException(file + ": the graph has a cycle through node '" + dep + "'");
                }
                if (s == 0) {
                    stack.push(new String[] {dep, "0"});
                }
            } else {
                state.put(name, 2);
                out.add(name);
                stack.pop();
            }
        }
    }

    /** The nodes whose values a node reads, after aliasing; the feed node reads nothing. */
    List<String> dependencies(String name) {
        if (name.equals(feedNode) || aliases.containsKey(name)) {
            return aliases.containsKey(name) ? List.of(GraphNode.nodeOf(resolve(name))) : List.of();
        }
        List<String> out = new ArrayList<>();
        for (String in : nodes.get(name).inputs()) {
            out.add(GraphNode.nodeOf(resolve(in)));
        }
        return out;
    }

    /** The nodes needed to compute the outputs (the outputs included), in topological order. */
    List<String> ancestors(List<String> outputs) {
        Set<String> need = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        for (String o : outputs) {
            todo.add(GraphNode.nodeOf(o));
        }
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (need.add(n)) {
                todo.addAll(dependencies(n));
            }
        }
        List<String> out = new ArrayList<>();
        for (String n : order) {
            if (need.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * Whether every node needed for the outputs keeps images independent along axis 0, by each
     * operation's {@link OpRegistry.Batching}.
     *
     * @param outputs node references
     * @param probedShape a node's TF output shape at batch size 1 (resolves negative axes), or null
     * @return true when the batch may run in one pass
     */
    boolean batchSafe(List<String> outputs, Function<String, long[]> probedShape) {
        for (String n : ancestors(outputs)) {
            GraphNode g = nodes.get(n);
            // the graph's own operation, also for an aliased node: the alias is exact only at N = 1
            switch (OpRegistry.get(g.op()).batching()) {
                case INDEPENDENT -> { }
                case MIXES -> {
                    return false;
                }
                case AXES_IN_INPUT_1, AXIS_IN_LAST_INPUT -> {
                    int axisInput = OpRegistry.get(g.op()).batching() == OpRegistry.Batching.AXIS_IN_LAST_INPUT
                            ? g.inputs().size() - 1 : 1;
                    ConstData d = constants.get(GraphNode.nodeOf(g.inputs().get(axisInput)));
                    if (d == null || d.ints() == null) {
                        return false;
                    }
                    for (int a : d.ints()) {
                        if (a < 0) {
                            // a negative axis counts from the input's rank, known after one probe pass
                            long[] in = probedShape.apply(GraphNode.nodeOf(resolve(g.inputs().get(0))));
                            a = in == null ? 0 : a + in.length;
                        }
                        if (a == 0) {
                            return false;
                        }
                    }
                }
                case PADS -> {
                    ConstData d = constants.get(GraphNode.nodeOf(g.inputs().get(1)));
                    if (d == null || d.ints() == null || d.ints().length < 2 || d.ints()[0] != 0 || d.ints()[1] != 0) {
                        return false;
                    }
                }
                default -> throw new IllegalStateException("batching " + OpRegistry.get(g.op()).batching());
            }
        }
        return true;
    }

    /**
     * The evaluation of the outputs' ancestors, each intermediate freed after its last reader; the
     * outputs themselves are never freed.
     */
    Schedule schedule(List<String> outputs) {
        Set<String> keep = new HashSet<>();
        for (String o : outputs) {
            keep.add(GraphNode.nodeOf(o));
        }
        return schedule(ancestors(outputs), keep, false);
    }

    /**
     * The evaluation of every node (except an integer input, bypassed at its {@code Cast}), each value
     * freed as soon as nothing later reads it, those nothing reads right after they ran: for
     * recording every node's shape with one value per live edge.
     */
    Schedule probeSchedule() {
        List<String> all = new ArrayList<>();
        for (String n : order) {
            if (!nodes.get(n).op().equals("Placeholder") || n.equals(feedNode)) {
                all.add(n);
            }
        }
        return schedule(all, Set.of(), true);
    }

    private Schedule schedule(List<String> steps, Set<String> keep, boolean freeUnread) {
        Map<String, Integer> lastRead = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            for (String d : dependencies(steps.get(i))) {
                lastRead.put(d, i);
            }
        }
        List<List<String>> free = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            free.add(new ArrayList<>());
        }
        for (int i = 0; i < steps.size(); i++) {
            String n = steps.get(i);
            if (keep.contains(n)) {
                continue;
            }
            Integer last = lastRead.get(n);
            if (last != null) {
                free.get(last).add(n);
            } else if (freeUnread) {
                free.get(i).add(n);
            }
        }
        List<List<String>> frozen = new ArrayList<>();
        free.forEach(f -> frozen.add(List.copyOf(f)));
        return new Schedule(List.copyOf(steps), List.copyOf(frozen));
    }
}
