package io.github.sharedvis.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.util.Floats;

/**
 * The features a fitted readout applies to, as a differentiable function of the pixels:
 * {@code z = ((f(x) - pcaMean) / featureScale) . pcaComponents^T}, each part present only when the
 * readout used it ({@code docs/method.md}, section 2: with PCA the "dimensions" are principal components
 * and gradients still flow). Without standardisation or PCA this is the backbone itself.
 */
final class TransformedFeatures implements FeatureFunction {

    private final FeatureFunction backbone;
    private final float[] mean;
    private final float[] scale;
    private final float[] componentsT;
    private final int d;
    private final int k;

    TransformedFeatures(FeatureFunction backbone, FittedEncoding model) {
        this.backbone = backbone;
        this.mean = Floats.of(model.pcaMean());
        this.scale = Floats.of(model.featureScale());
        double[][] c = model.pcaComponents();
        if (c != null) {
            k = c.length;
            d = c[0].length;
            componentsT = new float[d * k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < d; j++) {
                    componentsT[j * k + i] = (float) c[i][j];
                }
            }
        } else {
            componentsT = null;
            d = -1;
            k = -1;
        }
    }

    boolean isIdentity() {
        return mean == null && scale == null && componentsT == null;
    }

    @Override
    public NDArray features(NDArray batch) {
        NDArray f = backbone.features(batch);
        if (isIdentity()) {
            return f;
        }
        NDManager m = f.getManager();
        if (mean != null) {
            f = f.sub(m.create(mean));
        }
        if (scale != null) {
            f = f.div(m.create(scale));
        }
        if (componentsT != null) {
            f = f.matMul(m.create(componentsT, new Shape(d, k)));
        }
        return f;
    }
}
