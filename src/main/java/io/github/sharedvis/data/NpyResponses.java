package io.github.sharedvis.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code .npy}: one array, no ids (rows in the stimulus set's order, neurons {@code n0..}). */
final class NpyResponses implements ResponseFormat {

    @Override
    public List<String> extensions() {
        return List.of("npy");
    }

    @Override
    public boolean recognises(Path file, byte[] head) {
        return head.length >= 6 && head[0] == (byte) 0x93 && head[1] == 'N';
    }

    @Override
    public Responses read(Path file, ResponseOptions opts) throws IOException {
        return ResponseArrays.fromNumeric(ResponseArrays.Numeric.of(Npy.read(file)), null, null, file + "");
    }
}
