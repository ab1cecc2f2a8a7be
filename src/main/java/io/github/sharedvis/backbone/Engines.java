package io.github.sharedvis.backbone;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * The one place that touches DJL's engine set-up: offline mode (no native download at run time;
 * the CPU native library comes from the {@code pytorch-native-cpu} jar on the class path) and
 * device names.
 */
public final class Engines {

    /** The DJL engine name sharedvis runs on. */
    public static final String PYTORCH = "PyTorch";

    private Engines() {}

    /**
     * Returns the PyTorch engine, forcing offline mode unless the user set
     * {@code ai.djl.offline} explicitly.
     *
     * @return the engine
     */
    public static Engine pytorch() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return Engine.getEngine(PYTORCH);
    }

    /**
     * The PyTorch version the engine runs, from the engine jar's own properties, so that writing it
     * (in run.json) does not load the native library; the engine's answer where the file is missing.
     *
     * @return e.g. {@code 2.7.1}
     */
    public static String pytorchVersion() {
        try (var in = Engine.class.getClassLoader().getResourceAsStream("pytorch-engine.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("pytorch_version");
                if (v != null && !v.isBlank()) {
                    return v.trim();
                }
            }
        } catch (java.io.IOException e) {
            // fall through to the engine
        }
        return pytorch().getVersion();
    }

    /**
     * Parses a device name.
     *
     * @param name {@code cpu}, {@code gpu}, {@code cuda}, {@code cuda:1} or {@code auto} (GPU when the
     *     engine sees one)
     * @return the device
     * @throws IllegalArgumentException for unknown names or a GPU the engine cannot see
     */
    public static Device device(String name) {
        Engine engine = pytorch();
        String n = name == null ? "auto" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("auto")) {
            return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        }
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.startsWith("gpu") || n.startsWith("cuda")) {
            int id = 0;
            int colon = n.indexOf(':');
            if (colon >= 0) {
                id = Integer.parseInt(n.substring(colon + 1));
            }
            if (engine.getGpuCount() <= id) {
                throw new IllegalArgumentException("device '" + name + "': the PyTorch engine sees "
                        + engine.getGpuCount() + " GPU(s); use device = \"cpu\", or build with the CUDA "
                        + "native library (mvn -Dcuda=cu124 package)");
            }
            return Device.gpu(id);
        }
        throw new IllegalArgumentException("device '" + name + "' is not known; use cpu, cuda, cuda:N or auto");
    }
}
