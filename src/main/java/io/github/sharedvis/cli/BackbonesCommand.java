package io.github.sharedvis.cli;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneProvider;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.LayerInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sharedvis backbones}: what can be loaded, and the nodes of one model. */
@Command(name = "backbones", mixinStandardHelpOptions = true,
        description = "List the available backbones, or the nodes (layers) of one.",
        footer = {"", "Examples:", "  sharedvis backbones",
            "  sharedvis backbones --model path/to/resnet18.pt --layers",
            "  sharedvis backbones --model movenet-thunder --layers"})
public final class BackbonesCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "MODEL", description = "A model file or bundled name.")
    String model;

    @Option(names = "--layers", description = "List the model's nodes with their output shapes.")
    boolean layers;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Backbones registry = Registry.backbones();
        if (model == null) {
            out.println("Available backbones (--model):");
            for (BackboneProvider p : registry.providers()) {
                for (String line : p.available()) {
                    out.println("  " + line);
                }
            }
            out.println();
            out.println("List a model's nodes: sharedvis backbones --model MODEL --layers");
            out.flush();
            return 0;
        }
        try (Backbone bb = registry.open(new BackboneSpec(model, null, null, null, "cpu"))) {
            out.println(bb.name() + "  input " + bb.preprocessing().height() + "x" + bb.preprocessing().width());
            if (layers) {
                for (LayerInfo l : bb.layers()) {
                    out.println("  " + l);
                }
            }
        }
        out.flush();
        return 0;
    }
}
