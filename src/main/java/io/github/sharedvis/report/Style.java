package io.github.sharedvis.report;

/** Colours and fonts shared by all figures (Okabe–Ito palette, safe for colour-blind readers). */
final class Style {

    static final int BLACK = rgb(0x000000);
    static final int WHITE = rgb(0xffffff);
    static final int TEXT = rgb(0x222222);
    static final int AXIS = rgb(0x333333);
    static final int GRID = rgb(0xe3e3e3);
    static final int BAND = rgb(0xdedede);
    static final int MUTED = rgb(0x777777);
    static final int BLUE = rgb(0x0072b2);
    static final int ORANGE = rgb(0xe69f00);
    static final int VERMILLION = rgb(0xd55e00);
    static final int GREEN = rgb(0x009e73);
    static final int SKY = rgb(0x56b4e9);
    static final int PURPLE = rgb(0xcc79a7);
    static final int GREY = rgb(0x8c8c8c);

    static final Canvas.Font TITLE = Canvas.Font.bold(15);
    static final Canvas.Font LABEL = Canvas.Font.of(12);
    static final Canvas.Font TICK = Canvas.Font.of(10.5);
    static final Canvas.Font SMALL = Canvas.Font.of(9.5);

    private Style() {}

    /** @return an opaque colour from 0xRRGGBB */
    static int rgb(int rrggbb) {
        return 0xff000000 | (rrggbb & 0xffffff);
    }

    /** @return the colour with the given opacity in [0, 1] */
    static int withAlpha(int color, double alpha) {
        int a = (int) Math.round(Math.max(0, Math.min(1, alpha)) * 255);
        return (a << 24) | (color & 0xffffff);
    }
}
