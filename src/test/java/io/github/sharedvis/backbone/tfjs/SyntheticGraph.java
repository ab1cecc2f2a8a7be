package io.github.sharedvis.backbone.tfjs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Writes a small TF.js graph model ({@code model.json} + {@code weights.bin}) that uses every
 * operation the importer supports, with float32, float16- and uint8-quantised and int32 weights, an
 * int32 image input followed by a {@code Cast}, and one output {@code out} of shape {@code [1, D]}
 * that concatenates a piece of every branch. Used by the finite-difference and tfjs tests.
 */
final class SyntheticGraph {

    static final String OUT = "out";
    static final int H = 8;
    static final int W = 8;

    private final ObjectMapper json = new ObjectMapper();
    private final ArrayNode nodes = json.createArrayNode();
    private final ArrayNode weights = json.createArrayNode();
    private final ByteArrayOutputStream bin = new ByteArrayOutputStream();
    private final Random rnd = new Random(42);
    private final List<String> pieces = new ArrayList<>();
    private int counter;

    /** Node names worth comparing against tfjs one by one (one per kind of operation). */
    final List<String> probes = new ArrayList<>();

    /**
     * Writes the model into a folder.
     *
     * @param dir the folder
     * @return the model.json
     */
    static Path write(Path dir) throws IOException {
        SyntheticGraph g = new SyntheticGraph();
        g.build();
        return g.save(dir);
    }

    static List<String> probes() {
        SyntheticGraph g = new SyntheticGraph();
        g.build();
        return g.probes;
    }

    private void build() {
        ObjectNode ph = node("x", "Placeholder");
        ph.putObject("attr").set("dtype", type("DT_INT32"));
        ObjectNode shape = ((ObjectNode) ph.get("attr")).putObject("shape").putObject("shape");
        ArrayNode dims = shape.putArray("dim");
        for (long d : new long[] {1, H, W, 3}) {
            dims.addObject().put("size", Long.toString(d));
        }
        String xf = op("Cast", "xf", List.of("x"));
        attr(xf).set("SrcT", type("DT_INT32"));
        attr(xf).set("DstT", type("DT_FLOAT"));
        String x0 = op("Sub", null, List.of(op("Mul", null, List.of(xf, fconst(1f / 64))), fconst(2f)));

        // convolutions: fused (bias + relu6, SAME stride 2, float16 weights), plain (VALID, dilation 2,
        // uint8-quantised), depthwise (SAME, multiplier 2), fused depthwise (bias + relu, stride 2)
        String c1 = conv("_FusedConv2D", x0, filter(3, 3, 3, 4, "float16"), "SAME", 2, 1, List.of("BiasAdd", "Relu6"),
                vector(4, "float32"));
        String c2 = conv("Conv2D", x0, filter(3, 3, 3, 4, "uint8"), "VALID", 1, 2, List.of(), null);
        String d1 = conv("DepthwiseConv2dNative", x0, filter(3, 3, 3, 2, "float32"), "SAME", 1, 1, List.of(), null);
        String d2 = conv("FusedDepthwiseConv2dNative", x0, filter(3, 3, 3, 1, "float16"), "SAME", 2, 1,
                List.of("BiasAdd", "Relu"), vector(3, "float32"));
        String c3 = conv("_FusedConv2D", c2, filter(1, 1, 4, 4, "float32"), "SAME", 1, 1, List.of("BiasAdd", "Elu"),
                vector(4, "float16"));
        String c4 = conv("_FusedConv2D", c3, filter(3, 3, 4, 4, "float32"), "SAME", 1, 1, List.of("BiasAdd", "Sigmoid"),
                vector(4, "float32"));
        String c5 = conv("_FusedConv2D", c1, filter(1, 1, 4, 4, "float32"), "VALID", 1, 1,
                List.of("BiasAdd", "LeakyRelu"), vector(4, "float32"));
        // (tfjs 4.22 maps leakyrelu_alpha for _FusedConv2D only; its fused depthwise gives NaN)
        attr(c5).putObject("leakyrelu_alpha").put("f", 0.1);
        String d3 = conv("DepthwiseConv2d", c4, filter(3, 3, 4, 1, "float32"), "VALID", 1, 1, List.of(), null);
        piece(c5);
        piece(d3);
        probes.addAll(List.of(x0, c1, c2, d1, d2, c3, c4, c5, d3));

        // element-wise binaries (with a [C] bias broadcast against NHWC)
        String e1 = op("AddV2", null, List.of(c1, c2));
        String e2 = op("BiasAdd", null, List.of(c2, vector(4, "float32")));
        String e3 = op("Mul", null, List.of(e1, e2));
        String pos = op("Add", null, List.of(op("Abs", null, List.of(c2)), fconst(1f)));
        String e4 = op("RealDiv", null, List.of(e3, pos));
        String e5 = op("Div", null, List.of(c4, pos));
        String e6 = op("Maximum", null, List.of(c1, c2));
        String e7 = op("Minimum", null, List.of(c1, c2));
        String e8 = op("SquaredDifference", null, List.of(c1, c2));
        String e9 = op("Pow", null, List.of(pos, fconst(1.5f)));
        for (String e : List.of(e4, e5, e6, e7, e8, e9)) {
            piece(e);
        }
        probes.addAll(List.of(e1, e2, e4, e5, e6, e7, e8, e9));

        // unary activations and math
        String big = op("Mul", null, List.of(c2, fconst(4f)));
        for (String u : List.of("Relu", "Relu6", "Sigmoid", "Tanh", "Elu", "Square", "Neg", "Abs")) {
            String n = op(u, null, List.of(big));
            piece(n);
            probes.add(n);
        }
        String lr = op("LeakyRelu", null, List.of(big));
        attr(lr).putObject("alpha").put("f", 0.3);
        String sq = op("Sqrt", null, List.of(pos));
        String rs = op("Rsqrt", null, List.of(pos));
        String ex = op("Exp", null, List.of(op("Mul", null, List.of(c2, fconst(0.5f)))));
        String lg = op("Log", null, List.of(pos));
        String sm = op("Softmax", null, List.of(c2));
        for (String n : List.of(lr, sq, rs, ex, lg, sm)) {
            piece(n);
            probes.add(n);
        }

        // comparisons (piecewise constant masks) gate a differentiable factor; one behind StopGradient
        String[] cmp = {"Greater", "GreaterEqual", "Less", "LessEqual", "NotEqual"};
        for (String cname : cmp) {
            String mask = op(cname, null, List.of(c1, c2));
            String mf = op("Cast", null, List.of(mask));
            attr(mf).set("SrcT", type("DT_BOOL"));
            attr(mf).set("DstT", type("DT_FLOAT"));
            piece(op("Mul", null, List.of(mf, e3)));
        }
        String pooled = pool("MaxPool", d1, 3, 1, "SAME");
        String peak = op("Equal", null, List.of(d1, pooled));
        String peakF = op("Cast", null, List.of(peak));
        attr(peakF).set("SrcT", type("DT_BOOL"));
        attr(peakF).set("DstT", type("DT_FLOAT"));
        String stop = op("StopGradient", null, List.of(peakF));
        piece(op("Mul", null, List.of(stop, d1)));
        probes.add(peakF);

        // reductions
        String mean = op("Mean", null, List.of(d1, iconst(new int[] {1, 2})));
        attr(mean).putObject("keep_dims").put("b", true);
        String sum = op("Sum", null, List.of(d1, iconst(new int[] {3})));
        attr(sum).putObject("keep_dims").put("b", false);
        String max = op("Max", null, List.of(c3, iconst(new int[] {1, 2})));
        attr(max).putObject("keep_dims").put("b", true);
        String min = op("Min", null, List.of(c3, iconst(new int[] {-1})));
        attr(min).putObject("keep_dims").put("b", true);
        piece(op("Mul", null, List.of(d1, mean)));
        for (String n : List.of(sum, max, min)) {
            piece(n);
        }
        probes.addAll(List.of(mean, sum, max, min));

        // pooling: SAME with asymmetric padding (average leaves padded cells out), VALID
        String mp = pool("MaxPool", d1, 3, 2, "SAME");
        String ap = pool("AvgPool", d1, 3, 2, "SAME");
        String ap2 = pool("AvgPool", d1, 2, 2, "VALID");
        for (String n : List.of(mp, ap, ap2)) {
            piece(n);
            probes.add(n);
        }

        // concat (channels and a spatial axis), padding
        String cat = op("ConcatV2", null, List.of(c1, c2, d2, iconst(3)));
        attr(cat).putObject("N").put("i", "3"); // tfjs reads N to split tensors from the axis
        String cat2 = op("ConcatV2", null, List.of(c1, c2, iconst(-3)));
        String pad = op("Pad", null, List.of(cat, iconst2(new int[][] {{0, 0}, {1, 0}, {0, 2}, {0, 0}})));
        String pad2 = op("PadV2", null, List.of(c4, iconst2(new int[][] {{0, 0}, {2, 1}, {1, 1}, {0, 1}}), fconst(0.5f)));
        for (String n : List.of(cat2, pad, pad2)) {
            piece(n);
            probes.add(n);
        }

        // resizing: half-pixel, legacy, align-corners bilinear; nearest
        String r1 = resize("ResizeBilinear", c1, 8, 8, false, true);
        String r2 = resize("ResizeBilinear", c2, 7, 5, false, false);
        String r3 = resize("ResizeBilinear", c1, 6, 9, true, false);
        String r4 = resize("ResizeNearestNeighbor", c1, 8, 8, false, true);
        String r5 = resize("ResizeNearestNeighbor", c2, 5, 7, false, false);
        for (String n : List.of(r1, r2, r3, r4, r5)) {
            piece(n);
            probes.add(n);
        }

        // shape operations
        String id = op("Identity", null, List.of(e1));
        String snap = op("Snapshot", null, List.of(id));
        String rs2 = op("Reshape", null, List.of(snap, iconst(new int[] {4, 4, 4})));
        String tr = op("Transpose", null, List.of(rs2, iconst(new int[] {2, 0, 1})));
        String ed = op("ExpandDims", null, List.of(tr, iconst(-1)));
        String sqz = op("Squeeze", null, List.of(ed));
        attr(sqz).putObject("squeeze_dims").putObject("list").putArray("i").add("3");
        ObjectNode unpack = node(name("Unpack"), "Unpack");
        unpack.putArray("input").add(sqz);
        unpack.putObject("attr").putObject("axis").put("i", "1");
        ((ObjectNode) unpack.get("attr")).putObject("num").put("i", "4");
        String up = unpack.get("name").asText();
        String pack = op("Pack", null, List.of(up + ":3", up + ":1", up));
        attr(pack).putObject("axis").put("i", "2");
        attr(pack).putObject("N").put("i", "3");
        String ss = op("StridedSlice", null, List.of(pack, iconst(new int[] {1, 0, 0}), iconst(new int[] {3, 0, -1}),
                iconst(new int[] {1, 1, 2})));
        attr(ss).putObject("begin_mask").put("i", "2");
        attr(ss).putObject("end_mask").put("i", "2");
        attr(ss).putObject("shrink_axis_mask").put("i", "0");
        String ss2 = op("StridedSlice", null, List.of(c4, iconst(new int[] {0, 1, 0, 2}), iconst(new int[] {1, 4, 3, 3}),
                iconst(new int[] {1, 1, 1, 1})));
        attr(ss2).putObject("shrink_axis_mask").put("i", "9");
        for (String n : List.of(tr, pack, ss, ss2)) {
            piece(n);
            probes.add(n);
        }

        // index operations: arg-max, floor div/mod, gathers, top-k
        String flat = op("Reshape", null, List.of(c4, iconst(new int[] {1, 16, 4})));
        String am = op("ArgMax", null, List.of(flat, iconst(1)));
        attr(am).set("output_type", type("DT_INT32"));
        String row = op("FloorDiv", null, List.of(am, iconst(4)));
        String col = op("FloorMod", null, List.of(am, iconst(4)));
        String chan = iconst(new int[] {0, 1, 2, 3});
        String idx = op("Pack", null, List.of(op("Reshape", null, List.of(row, iconst(new int[] {4}))),
                op("Reshape", null, List.of(col, iconst(new int[] {4}))), chan));
        attr(idx).putObject("axis").put("i", "1");
        String img = op("Squeeze", null, List.of(c4));
        attr(img).putObject("squeeze_dims").putObject("list").putArray("i").add("0");
        String gnd = op("GatherNd", null, List.of(img, idx));
        String topk = op("TopKV2", null, List.of(op("Reshape", null, List.of(e3, iconst(new int[] {1, 64}))), iconst(5)));
        attr(topk).putObject("sorted").put("b", true);
        String table = op("Reshape", null, List.of(e4, iconst(new int[] {64, 1})));
        String gv = op("GatherV2", null, List.of(table, topk + ":1", iconst(0)));
        String gv1 = op("GatherV2", null, List.of(op("Reshape", null, List.of(c2, iconst(new int[] {16, 4}))),
                iconst(new int[] {3, 0, 3}), iconst(1)));
        String idxF = op("Cast", null, List.of(idx));
        attr(idxF).set("SrcT", type("DT_INT32"));
        attr(idxF).set("DstT", type("DT_FLOAT"));
        for (String n : List.of(gnd, topk, gv, gv1, idxF)) {
            piece(n);
            probes.add(n);
        }

        // matrix products (plain, transposed, fused bias + relu / bias only), sums of many, floor, shape,
        // depth-to-space
        String row64 = op("Reshape", null, List.of(c1, iconst(new int[] {1, 64})));
        String mm1 = op("MatMul", null, List.of(row64, matrix(64, 5)));
        String mm2 = op("_FusedMatMul", null, List.of(mm1, matrix(5, 6), vector(6, "float32")));
        fused(mm2, "BiasAdd", "Relu");
        String mm3 = op("MatMul", null, List.of(mm2, matrix(4, 6)));
        attr(mm3).putObject("transpose_b").put("b", true);
        String col5 = op("Reshape", null, List.of(mm1, iconst(new int[] {5, 1})));
        String mm4 = op("_FusedMatMul", null, List.of(col5, matrix(5, 3), vector(3, "float16")));
        attr(mm4).putObject("transpose_a").put("b", true);
        fused(mm4, "BiasAdd");
        String c5flat = op("Reshape", null, List.of(c5, iconst(new int[] {1, 4, 4, 4})));
        String addn = op("AddN", null, List.of(c1, c5flat, c4));
        attr(addn).putObject("N").put("i", "3");
        String addn2 = op("AddN", null, List.of(c1, c4));
        attr(addn2).putObject("N").put("i", "2");
        String floor = op("Floor", null, List.of(big));
        String prelu = op("Prelu", null, List.of(big, vector(4, "float32")));
        String bmm = op("BatchMatMulV2", null, List.of(op("Reshape", null, List.of(c4, iconst(new int[] {4, 4, 4}))),
                op("Reshape", null, List.of(c1, iconst(new int[] {4, 4, 4})))));
        attr(bmm).putObject("adj_y").put("b", true);
        String bmm2 = op("BatchMatMul", null, List.of(op("Reshape", null, List.of(c2, iconst(new int[] {4, 4, 4}))),
                op("Reshape", null, List.of(c3, iconst(new int[] {4, 4, 4})))));
        attr(bmm2).putObject("adj_x").put("b", true);
        String prod = op("Prod", null, List.of(op("Mul", null, List.of(pos, fconst(0.7f))), iconst(new int[] {3})));
        attr(prod).putObject("keep_dims").put("b", false);
        node(name("NoOp"), "NoOp");
        String same = op("Reshape", null, List.of(c4, op("Shape", null, List.of(c1))));
        String d2s = op("DepthToSpace", null, List.of(c4));
        attr(d2s).putObject("block_size").put("i", "2");
        attr(d2s).putObject("data_format").put("s", b64("NHWC"));
        // transposed convolutions: SAME stride 2 (4x4 -> 8x8, 3x3 kernel), VALID stride 2 with a row the
        // forward convolution leaves unused (4x4 -> 10x9 from a 3x2 kernel)
        String t1 = convT(c4, filter(3, 3, 2, 4, "float32"), new int[] {1, 8, 8, 2}, "SAME");
        String t2 = convT(c1, filter(3, 2, 3, 4, "float16"), new int[] {1, 10, 9, 3}, "VALID");
        for (String n : List.of(mm1, mm2, mm3, mm4, addn, addn2, same, d2s, t1, t2, prelu, bmm, bmm2, prod)) {
            piece(n);
            probes.add(n);
        }
        probes.add(floor); // piecewise constant: compared with tfjs, kept out of the differentiated output

        List<String> flatPieces = new ArrayList<>();
        for (String p : pieces) {
            flatPieces.add(op("Reshape", null, List.of(p, iconst(new int[] {1, -1}))));
        }
        List<String> catIn = new ArrayList<>(flatPieces);
        catIn.add(iconst(1));
        ObjectNode out = node(OUT, "ConcatV2");
        ArrayNode ins = out.putArray("input");
        catIn.forEach(ins::add);
        out.putObject("attr").putObject("N").put("i", Integer.toString(flatPieces.size()));
        probes.add(OUT);
    }

    // ------------------------------------------------------------------ builders

    private void piece(String n) {
        pieces.add(n);
    }

    private String name(String op) {
        return op.toLowerCase() + "_" + (counter++);
    }

    private ObjectNode node(String name, String op) {
        ObjectNode n = nodes.addObject();
        n.put("name", name);
        n.put("op", op);
        return n;
    }

    private ObjectNode attr(String node) {
        for (var n : nodes) {
            if (n.get("name").asText().equals(node)) {
                ObjectNode o = (ObjectNode) n;
                return o.has("attr") ? (ObjectNode) o.get("attr") : o.putObject("attr");
            }
        }
        throw new IllegalArgumentException(node);
    }

    private ObjectNode type(String t) {
        return json.createObjectNode().put("type", t);
    }

    private String op(String op, String name, List<String> inputs) {
        String n = name != null ? name : name(op);
        ObjectNode node = node(n, op);
        ArrayNode in = node.putArray("input");
        inputs.forEach(in::add);
        node.putObject("attr").set("T", type("DT_FLOAT"));
        return n;
    }

    private String conv(String op, String x, String filter, String padding, int stride, int dilation,
            List<String> fused, String bias) {
        List<String> ins = new ArrayList<>(List.of(x, filter));
        if (bias != null) {
            ins.add(bias);
        }
        String n = op(op, null, ins);
        ObjectNode a = attr(n);
        a.putObject("padding").put("s", b64(padding));
        a.putObject("data_format").put("s", b64("NHWC"));
        ArrayNode s = a.putObject("strides").putObject("list").putArray("i");
        for (int v : new int[] {1, stride, stride, 1}) {
            s.add(Integer.toString(v));
        }
        ArrayNode d = a.putObject("dilations").putObject("list").putArray("i");
        for (int v : new int[] {1, dilation, dilation, 1}) {
            d.add(Integer.toString(v));
        }
        if (!fused.isEmpty()) {
            ArrayNode f = a.putObject("fused_ops").putObject("list").putArray("s");
            fused.forEach(v -> f.add(b64(v)));
            a.putObject("num_args").put("i", "1");
        }
        return n;
    }

    private String convT(String x, String filter, int[] outSize, String padding) {
        String n = op("Conv2DBackpropInput", null, List.of(iconst(outSize), filter, x));
        ObjectNode a = attr(n);
        a.putObject("padding").put("s", b64(padding));
        a.putObject("data_format").put("s", b64("NHWC"));
        ArrayNode s = a.putObject("strides").putObject("list").putArray("i");
        for (int v : new int[] {1, 2, 2, 1}) {
            s.add(Integer.toString(v));
        }
        return n;
    }

    private void fused(String node, String... ops) {
        ArrayNode f = attr(node).putObject("fused_ops").putObject("list").putArray("s");
        for (String o : ops) {
            f.add(b64(o));
        }
        attr(node).putObject("num_args").put("i", "1");
    }

    private String matrix(int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() / Math.sqrt(rows));
        }
        return weight(new long[] {rows, cols}, v, "float32");
    }

    private String pool(String op, String x, int k, int stride, String padding) {
        String n = op(op, null, List.of(x));
        ObjectNode a = attr(n);
        a.putObject("padding").put("s", b64(padding));
        ArrayNode ks = a.putObject("ksize").putObject("list").putArray("i");
        for (int v : new int[] {1, k, k, 1}) {
            ks.add(Integer.toString(v));
        }
        ArrayNode s = a.putObject("strides").putObject("list").putArray("i");
        for (int v : new int[] {1, stride, stride, 1}) {
            s.add(Integer.toString(v));
        }
        return n;
    }

    private String resize(String op, String x, int h, int w, boolean alignCorners, boolean halfPixel) {
        String n = op(op, null, List.of(x, iconst(new int[] {h, w})));
        attr(n).putObject("align_corners").put("b", alignCorners);
        attr(n).putObject("half_pixel_centers").put("b", halfPixel);
        return n;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private String filter(int kh, int kw, int in, int out, String storage) {
        float[] v = new float[kh * kw * in * out];
        double scale = 1.0 / Math.sqrt(kh * kw * in);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale);
        }
        return weight(new long[] {kh, kw, in, out}, v, storage);
    }

    private String vector(int n, String storage) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * 0.3);
        }
        return weight(new long[] {n}, v, storage);
    }

    private String fconst(float v) {
        return weight(new long[0], new float[] {v}, "float32");
    }

    /** Stores float weights as float32, float16 (quantised) or uint8 (quantised with scale and min). */
    private String weight(long[] shape, float[] v, String storage) {
        String n = name("const");
        constNode(n, "DT_FLOAT", shape);
        ObjectNode w = weights.addObject();
        w.put("name", n);
        ArrayNode s = w.putArray("shape");
        for (long d : shape) {
            s.add(d);
        }
        w.put("dtype", "float32");
        ByteBuffer buf;
        switch (storage) {
            case "float32" -> {
                buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) {
                    buf.putFloat(f);
                }
            }
            case "float16" -> {
                w.putObject("quantization").put("dtype", "float16").put("original_dtype", "float32");
                buf = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) {
                    buf.putShort(toHalf(f));
                }
            }
            case "uint8" -> {
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                for (float f : v) {
                    min = Math.min(min, f);
                    max = Math.max(max, f);
                }
                float scale = (max - min) / 255f;
                w.putObject("quantization").put("dtype", "uint8").put("scale", scale).put("min", min)
                        .put("original_dtype", "float32");
                buf = ByteBuffer.allocate(v.length);
                for (float f : v) {
                    buf.put((byte) Math.round((f - min) / scale));
                }
            }
            default -> throw new IllegalArgumentException(storage);
        }
        bin.writeBytes(buf.array());
        return n;
    }

    private String iconst(int v) {
        return iconst(new int[] {v}, new long[0]);
    }

    private String iconst(int[] v) {
        return iconst(v, new long[] {v.length});
    }

    private String iconst2(int[][] v) {
        int[] flat = new int[v.length * 2];
        for (int i = 0; i < v.length; i++) {
            flat[2 * i] = v[i][0];
            flat[2 * i + 1] = v[i][1];
        }
        return iconst(flat, new long[] {v.length, 2});
    }

    private String iconst(int[] v, long[] shape) {
        String n = name("iconst");
        constNode(n, "DT_INT32", shape);
        ObjectNode w = weights.addObject();
        w.put("name", n);
        ArrayNode s = w.putArray("shape");
        for (long d : shape) {
            s.add(d);
        }
        w.put("dtype", "int32");
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : v) {
            buf.putInt(i);
        }
        bin.writeBytes(buf.array());
        return n;
    }

    private void constNode(String n, String dtype, long[] shape) {
        ObjectNode c = node(n, "Const");
        ObjectNode attr = c.putObject("attr");
        attr.set("dtype", type(dtype));
        ObjectNode t = attr.putObject("value").putObject("tensor");
        t.put("dtype", dtype);
        ObjectNode ts = t.putObject("tensorShape");
        if (shape.length > 0) {
            ArrayNode dims = ts.putArray("dim");
            for (long d : shape) {
                dims.addObject().put("size", Long.toString(d));
            }
        }
    }

    /** Rounds to the nearest half (normal range only, which these weights stay in). */
    private static short toHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        if (f == 0f || exp <= 0) {
            return (short) sign;
        }
        int h = sign | (exp << 10) | (mant >>> 13);
        if ((mant & 0x1fff) > 0x1000 || ((mant & 0x1fff) == 0x1000 && (h & 1) == 1)) {
            h++;
        }
        return (short) h;
    }

    private Path save(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = json.createObjectNode();
        root.put("format", "graph-model");
        root.put("generatedBy", "sharedvis SyntheticGraph");
        root.put("convertedBy", "sharedvis tests");
        ObjectNode topo = root.putObject("modelTopology");
        topo.set("node", nodes);
        topo.putObject("library");
        topo.putObject("versions");
        ObjectNode sig = root.putObject("signature");
        sig.putObject("inputs").putObject("x:0").put("name", "x:0").put("dtype", "DT_INT32");
        sig.putObject("outputs").putObject(OUT + ":0").put("name", OUT + ":0").put("dtype", "DT_FLOAT");
        ArrayNode manifest = root.putArray("weightsManifest");
        ObjectNode group = manifest.addObject();
        group.putArray("paths").add("weights.bin");
        group.set("weights", weights);
        Files.write(dir.resolve("weights.bin"), bin.toByteArray());
        Path file = dir.resolve("model.json");
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        return file;
    }
}
