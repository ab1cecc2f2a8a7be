package io.github.sharedvis.backbone.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * PyTorch kernels that DJL's NDArray API does not reach, run as a tiny TorchScript module that this
 * class writes itself (no file, nothing downloaded): {@code aten::hardtanh} for {@code Relu6}.
 *
 * <p>Why: DJL's only way to write {@code Relu6} is a clamp ({@code clip(0, 6)}), whose backward in
 * PyTorch is several passes with boolean masks (about 4x the time of {@code hardtanh}'s single-pass
 * backward on this machine), and MobileNet-style graphs apply it after nearly every convolution.
 * {@code hardtanh(x, 0, 6)} computes the same values, and its gradient is TensorFlow's
 * {@code Relu6Grad} (1 strictly inside {@code (0, 6)}, else 0).
 *
 * <p>Cost: one module of a few hundred bytes per model, compiled once at load (a few milliseconds);
 * each call goes through the TorchScript interpreter (tens of microseconds). Thread-safe: the
 * module holds no state.
 */
final class EngineKernels implements AutoCloseable {

    private static final String CODE = String.join("\n",
            "class Kernels(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  def forward(self: __torch__.Kernels,",
            "    x: Tensor) -> Tensor:",
            "    return torch.hardtanh(x, 0., 6.)",
            "");

    private final PtSymbolBlock relu6;

    /**
     * @param manager the model's engine manager (the module lives on its device)
     */
    EngineKernels(NDManager manager) {
        try {
            this.relu6 = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive()), false, false);
        } catch (IOException e) {
            throw new UncheckedIOException("compiling the Relu6 kernel", e);
        }
    }

    /**
     * {@code min(max(x, 0), 6)}, recorded for autograd when grad mode is on.
     *
     * @param x any shape, float32 or float64
     * @return same shape, attached to {@code x}'s manager
     */
    NDArray relu6(NDArray x) {
        // isTrain = true: no InferenceMode guard, so the result can join an autograd graph; whether
        // anything is recorded is still decided by the caller's grad mode
        return IValueUtils.forward(relu6, new NDList(x), true).singletonOrThrow();
    }

    /** A TorchScript archive (zip) of a module whose {@code forward} is {@link #CODE}. */
    private static byte[] archive() throws IOException {
        // data.pkl: pickle protocol 2 of an instance of __torch__.Kernels with state {"training": True}
        byte[] data = {(byte) 0x80, 2, 'c', '_', '_', 't', 'o', 'r', 'c', 'h', '_', '_', '\n', 'K', 'e', 'r', 'n',
                'e', 'l', 's', '\n', ')', (byte) 0x81, '}', '(', 'X', 8, 0, 0, 0, 't', 'r', 'a', 'i', 'n', 'i', 'n',
                'g', (byte) 0x88, 'u', 'b', '.'};
        byte[] constants = {(byte) 0x80, 2, ')', '.'}; // an empty tuple
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            put(z, "kernels/data.pkl", data);
            put(z, "kernels/code/__torch__.py", CODE.getBytes(StandardCharsets.UTF_8));
            put(z, "kernels/constants.pkl", constants);
            put(z, "kernels/version", "3\n".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream z, String name, byte[] content) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(content);
        z.closeEntry();
    }

    @Override
    public void close() {
        relu6.close();
    }
}
