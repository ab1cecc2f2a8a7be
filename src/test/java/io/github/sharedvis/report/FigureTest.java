package io.github.sharedvis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** One figure description gives the same geometry in PNG and SVG; tick values and labels. */
class FigureTest {

    @TempDir
    Path dir;

    @Test
    void pngAndSvgShowTheSameShapesAtTheSamePlaces() throws Exception {
        Path png = dir.resolve("f.png");
        Path svg = dir.resolve("f.svg");
        Figure.write(100, 80, c -> {
            c.rect(10, 20, 30, 40, Style.rgb(0xff0000), null);
            c.circle(70, 40, 5, Style.rgb(0x0000ff), null);
            c.text(5, 75, "a<b & \"c\" \u0001", Style.TICK, Style.TEXT);
        }, png, svg);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(200, img.getWidth(), "PNG has " + Figure.PNG_SCALE + " pixels per unit");
        assertEquals(160, img.getHeight());
        assertEquals(0xff0000, img.getRGB(2 * 25, 2 * 40) & 0xffffff, "inside the rectangle");
        assertEquals(0xffffff, img.getRGB(2 * 5, 2 * 5) & 0xffffff, "background");
        assertEquals(0x0000ff, img.getRGB(2 * 70, 2 * 40) & 0xffffff, "circle centre");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        Element root = doc.getDocumentElement();
        assertEquals("100", root.getAttribute("width"));
        Element rect = (Element) doc.getElementsByTagName("rect").item(1); // item 0 is the white background
        assertEquals("10", rect.getAttribute("x"));
        assertEquals("20", rect.getAttribute("y"));
        assertEquals("30", rect.getAttribute("width"));
        assertEquals("40", rect.getAttribute("height"));
        assertEquals("#ff0000", rect.getAttribute("fill"));
        Element circle = (Element) doc.getElementsByTagName("circle").item(0);
        assertEquals("70", circle.getAttribute("cx"));
        assertEquals("a<b & \"c\" \ufffd", doc.getElementsByTagName("text").item(0).getTextContent(),
                "markup characters survive, a control character becomes U+FFFD");
    }

    @Test
    void ticksAreNiceAndLabelsCompact() {
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), Axes.Ticks.nice(0, 1, 5));
        List<Double> t = Axes.Ticks.nice(0, 8.7e-4, 4);
        assertEquals(4, t.size());
        assertEquals(7.5e-4, t.get(3), 1e-12);
        assertEquals("5e-4", Axes.Ticks.format(5e-4, 2.5e-4));
        assertEquals("0.25", Axes.Ticks.format(0.25, 0.25));
        assertEquals("-0.5", Axes.Ticks.format(-0.5, 0.5));
        assertEquals("40", Axes.Ticks.format(40, 10));
        assertEquals("1.5", Text.compact(1.5, 4));
        assertEquals("⁻⁴", Text.superscript(-4));
        assertTrue(Axes.Ticks.nice(-0.3, 1, 6).contains(0.0));
    }
}
