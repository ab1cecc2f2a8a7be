package io.github.sharedvis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackbonesCommandTest {

    @Test
    void listsProvidersAndNodes() {
        CliTestSupport.Result list = CliTestSupport.run("backbones");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains(".pt"), list.out());
        CliTestSupport.Result nodes = CliTestSupport.run("backbones", "--model",
                "src/test/resources/fixtures/tiny_conv/model.pt", "--layers");
        assertEquals(0, nodes.code(), nodes.err());
        for (String node : new String[] {"conv1 [4, 224, 224]", "conv2", "pool", "fc [5]"}) {
            assertTrue(nodes.out().contains(node), nodes.out());
        }
    }

    @Test
    void userMistakesGiveAMessageAndExitCode2WithoutStackTrace() {
        CliTestSupport.Result r = CliTestSupport.run("backbones", "--model", "missing/model.pt", "--layers");
        assertEquals(Main.USER_ERROR, r.code());
        assertTrue(r.err().contains("missing/model.pt"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --debug: " + r.err());
        CliTestSupport.Result debug = CliTestSupport.run("backbones", "--model", "missing/model.pt", "--debug");
        assertEquals(Main.USER_ERROR, debug.code());
        assertTrue(debug.err().contains("\tat "), "--debug shows the stack trace");
    }

    @Test
    void zooIsOnlineOnlyWithOneClearError() {
        CliTestSupport.Result r = CliTestSupport.run("backbones", "--model", "zoo:resnet50", "--layers");
        assertEquals(Main.USER_ERROR, r.code());
        assertTrue(r.err().contains("offline") && r.err().contains("TorchScript"), r.err());
    }
}
